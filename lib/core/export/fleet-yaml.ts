/**
 * The fleet file `exo-gateway export` writes (the format FleetFile reads: fleet-file-schema.ts,
 * docs/fleet-file.md): one gateway entry per distinct gateway found, one tenant entry per tenant
 * whose layout was recognised, each with `adoptExisting: true`. Plain data, no I/O.
 */
import { stringify } from 'yaml';
import { CustomProfileFields } from '../custom-profile-model';
import { ExportLayout } from './layouts';
import { ExportedGateway, ExportedTenant } from './recognise';
import { ListedAccess } from './tenant-list';

/** One exported tenant, ready to be written. */
export interface ExportedEntry {
  readonly name: string;
  readonly gateway: ExportedGateway;
  readonly entry: ExportedTenant;
  /** The tenant's own access, when the tenant list gave it one. */
  readonly access?: ListedAccess;
  readonly transport?: string;
}

const GATEWAY_NAMES: { readonly [P in ExportLayout]: string } = {
  'seppmail-appliance': 'SeppmailAppliance',
  'seppmail-cloud': 'SeppmailCloud',
  'nospamproxy': 'NoSpamProxy',
  'ftapi': 'Ftapi',
  'postfix': 'Postfix',
  'custom': 'Custom',
};

/** The gateway entry without its profile-specific options when they are empty. */
function gatewayEntry(g: ExportedGateway): Record<string, unknown> {
  const out: Record<string, unknown> = { profile: g.profile };
  if (g.fqdn !== undefined) out.fqdn = g.fqdn;
  if (g.tlsCertificateName !== undefined) out.tlsCertificateName = g.tlsCertificateName;
  if (g.seppmailCloud) out.seppmailCloud = { ...g.seppmailCloud };
  if (g.noSpamProxy && Object.keys(g.noSpamProxy).length) out.noSpamProxy = JSON.parse(JSON.stringify(g.noSpamProxy));
  if (g.ftapi && Object.keys(g.ftapi).length) out.ftapi = { ...g.ftapi };
  return out;
}

/**
 * The gateways of the entries, each distinct one once, named after its product (a second one of
 * the same product gets a number): entry name -> gateway name, and the gateways: in order.
 */
export function exportedGateways(entries: readonly ExportedEntry[]): { gateways: [string, Record<string, unknown>][]; gatewayOf: Map<string, string> } {
  const byKey = new Map<string, string>();
  const gateways: [string, Record<string, unknown>][] = [];
  const gatewayOf = new Map<string, string>();
  const used = new Map<string, number>();
  for (const e of entries) {
    const g = gatewayEntry(e.gateway);
    // A custom gateway is also told apart by its profile (built in code, not in the entry).
    const key = JSON.stringify([g, e.gateway.customProfile ?? null]);
    let name = byKey.get(key);
    if (!name) {
      const base = GATEWAY_NAMES[e.gateway.profile];
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      name = n === 1 ? base : `${base}${n}`;
      byKey.set(key, name);
      gateways.push([name, g]);
    }
    gatewayOf.set(e.name, name);
  }
  return { gateways, gatewayOf };
}

/** The options of GatewayProfile.custom of each custom gateway, by gateway name, in order. */
export function exportedCustomProfiles(entries: readonly ExportedEntry[]): [string, CustomProfileFields][] {
  const { gatewayOf } = exportedGateways(entries);
  const out = new Map<string, CustomProfileFields>();
  for (const e of entries) if (e.gateway.customProfile) out.set(gatewayOf.get(e.name)!, e.gateway.customProfile);
  return [...out];
}

/** The fleet file as data: version, gateways, defaults, tenants. */
export function exportedFleet(entries: readonly ExportedEntry[], defaults: { access?: ListedAccess }): Record<string, unknown> {
  const { gateways, gatewayOf } = exportedGateways(entries);
  const tenants: Record<string, unknown> = {};
  for (const e of entries) {
    const t = e.entry;
    tenants[e.name] = {
      tenantId: t.tenantId,
      initialDomain: t.initialDomain,
      gateway: gatewayOf.get(e.name),
      ...(t.cbcCertificateName !== undefined ? { cbcCertificateName: t.cbcCertificateName } : {}),
      domains: [...t.domains],
      ...(e.access ? { access: { ...e.access } } : {}),
      ...(e.transport ? { transport: e.transport } : {}),
      adoptExisting: true,
      ...(t.connector ? { connector: { ...t.connector } } : {}),
    };
  }
  return {
    version: 1,
    gateways: Object.fromEntries(gateways),
    ...(defaults.access ? { defaults: { access: { ...defaults.access } } } : {}),
    tenants,
  };
}

/** The fleet file's text, with a header saying where it comes from and what to review. */
export function exportedFleetYaml(entries: readonly ExportedEntry[], defaults: { access?: ListedAccess }, schemaPath?: string): string {
  const header = [
    ...(schemaPath ? [`# yaml-language-server: $schema=${schemaPath}`] : []),
    '# Written by exo-gateway export from what the tenants hold. Review it with the plan the',
    '# export printed before applying: adoptExisting claims the objects found by name.',
  ];
  // No aliases: the fleet file refuses them (every value is written out).
  const body = stringify(exportedFleet(entries, defaults), { aliasDuplicateObjects: false, lineWidth: 0, version: '1.2' });
  return `${header.join('\n')}\n${body}`;
}
