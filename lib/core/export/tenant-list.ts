/**
 * The input of `exo-gateway export`: the tenants to read and how to reach them, in YAML or JSON,
 * with the fleet file's access fields (lib/core/fleet-file-schema.ts) and read the same way (every
 * problem with file:line:column, no anchors, aliases or tags):
 *
 *   version: 1
 *   defaults:
 *     access: { appId: <guid>, certificateEnv: EXO_APP_CERT_PFX_B64 }
 *   tenants:
 *     Contoso:
 *       tenantId: <guid>
 *       initialDomain: contoso.onmicrosoft.com
 *       # access: {...}, transport: adminApi, profile: nospamproxy
 */
import { ExchangeTransport, enumValues } from '../enums';
import { ACCESS, Field, FieldType, GUID, HOST, NAME, NAME_HINT } from '../fleet-file-schema';
import { checkAccess, parseCheckedYaml } from '../fleet-file-parse';
import { ExportProfile } from './layouts';

/** The profiles a tenant of the list may name. */
export const EXPORT_PROFILES: readonly ExportProfile[] = ['seppmail-appliance', 'seppmail-cloud', 'nospamproxy', 'ftapi', 'postfix'];

const obj = (fields: Record<string, Field>): FieldType => ({ kind: 'object', fields });
const transport: FieldType = { kind: 'string', values: enumValues(ExchangeTransport) };

/** The tenant list's description. */
export const TENANT_LIST: FieldType = obj({
  $schema: { type: { kind: 'string', maxLength: 512 }, doc: 'Ignored; for editors.' },
  version: { type: { kind: 'integer', minimum: 1, maximum: 1 }, required: true, doc: 'Format version: 1.' },
  defaults: { type: obj({ access: { type: ACCESS, doc: 'Access of every tenant that gives none.' }, transport: { type: transport, doc: 'Transport of every tenant that gives none.' } }), doc: 'Values every tenant gets unless it sets its own.' },
  tenants: {
    type: {
      kind: 'map',
      keyPattern: NAME,
      keyHint: NAME_HINT,
      maxEntries: 20000,
      values: obj({
        tenantId: { type: { kind: 'string', pattern: GUID, patternHint: 'a GUID such as 00000000-0000-4000-8000-000000000001' }, required: true, doc: 'Entra tenant id.' },
        initialDomain: { type: { kind: 'string', pattern: HOST, patternHint: 'a DNS name such as contoso.onmicrosoft.com' }, required: true, doc: 'The tenant\'s <name>.onmicrosoft.com domain.' },
        access: { type: ACCESS, doc: 'How to reach this tenant; defaults.access when left out.' },
        transport: { type: transport, doc: 'powershell (default) or adminApi.' },
        profile: { type: { kind: 'string', values: EXPORT_PROFILES }, doc: 'The product of the tenant\'s gateway, for objects made by hand that carry no product\'s names.' },
      }),
    },
    required: true,
    doc: 'The tenants to read, by the name their fleet-file entry gets.',
  },
});

/** The access fields of the list (the fleet file's). */
export interface ListedAccess {
  readonly appId: string;
  readonly certificateFile?: string;
  readonly certificateEnv?: string;
  readonly passwordEnv?: string;
}

/** One tenant of the list, with its access resolved. */
export interface ListedTenant {
  readonly name: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly access: ListedAccess;
  /** True when the tenant gives its own access (the written entry then repeats it). */
  readonly ownAccess: boolean;
  readonly transport?: string;
  readonly profile?: ExportProfile;
}

/** A read tenant list. */
export interface TenantList {
  readonly defaults: { readonly access?: ListedAccess; readonly transport?: string };
  readonly tenants: ListedTenant[];
}

/** Reads the tenant list `text` (the content of `file`); throws EXG013 with every problem. */
export function parseTenantList(file: string, text: string): TenantList {
  const { top } = parseCheckedYaml(file, text, TENANT_LIST, (t, problem) => {
    const r = { problem };
    checkAccess(r, t.defaults?.access, 'defaults.access', undefined, 0);
    const ids = new Map<string, string>();
    for (const [name, { value, offset }] of Object.entries<{ value: any; offset: number }>(t.tenants ?? {})) {
      if (!value) continue;
      if (value.access === undefined && t.defaults?.access === undefined) problem(offset, name, 'has no access and the list has no defaults.access; give one of them (appId and certificateFile or certificateEnv).');
      checkAccess(r, value.access, 'access', name, offset);
      if (typeof value.tenantId === 'string') {
        const other = ids.get(value.tenantId.toLowerCase());
        if (other) problem(offset, name, `tenantId ${value.tenantId} is also the tenantId of tenant ${other}; list a tenant once.`);
        else ids.set(value.tenantId.toLowerCase(), name);
      }
    }
  });
  const defaults = top.defaults ?? {};
  const tenants = Object.entries<{ value: any }>(top.tenants).map(([name, { value: t }]): ListedTenant => ({
    name,
    tenantId: t.tenantId.toLowerCase(),
    initialDomain: t.initialDomain.toLowerCase(),
    access: t.access ?? defaults.access,
    ownAccess: t.access !== undefined,
    ...(t.transport ?? defaults.transport ? { transport: t.transport ?? defaults.transport } : {}),
    ...(t.profile ? { profile: t.profile } : {}),
  }));
  return { defaults, tenants };
}
