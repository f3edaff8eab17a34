/**
 * Postfix configuration for per-tenant client certificates (shared reference gateway-apis.md §4):
 * one smtp(8) transport per tenant in master.cf, each with its own smtp_tls_chain_files, chosen
 * by recipient domain in transport_maps and sent to the tenant's Exchange Online MX host with
 * TLS level `secure`; the default transport presents no client certificate at all.
 *
 * Pure: the document (and a chain loader for the key material) in, files and settings out.
 * Postfix has no trailing comments, so every comment is a line of its own starting with '#'.
 */
import * as path from 'node:path';
import { ChainLoader, RenderedFile, RenderedGateway } from '../adapter';
import { postfixServiceName, sanitiseTenantName } from '../document';
import { GatewayDocument, GatewayTenant, PostfixTableType } from '../types';

/** The library's folder inside a host instance's configuration folder. */
export const HOST_SUBDIR = 'cdktf-exo-gateway';

/** Names of the files in the library's folder. */
export const POSTFIX_FILES = {
  mainCf: 'main.cf.fragment',
  masterCf: 'master.cf.fragment',
  transport: 'transport',
  tlsPolicy: 'tls_policy',
  relayDomains: 'relay_domains',
} as const;

/** `match=` of the TLS policy: any name under mail.protection.outlook.com (EXO's MX certificate). */
export const EXO_MX_MATCH = '.mail.protection.outlook.com';

/** Microsoft's newer MX namespace (`<domain>.<zone>.mx.microsoft`, DNSSEC-signed). */
export const EXO_MX_MICROSOFT = '.mx.microsoft';

/**
 * `match=` of the TLS policy for an MX host: a host under mx.microsoft may present a name under
 * either namespace; every other host (the default, or an address of a relay in front of Exchange
 * Online) must present a name under mail.protection.outlook.com.
 */
export function exoMxMatch(mxHost: string): string {
  return mxHost.toLowerCase().endsWith(EXO_MX_MICROSOFT) ? `${EXO_MX_MICROSOFT}:${EXO_MX_MATCH}` : EXO_MX_MATCH;
}

/** One master.cf service of a tenant. */
export interface PostfixService {
  /** Service name, `t-<tenant>`. */
  readonly name: string;
  readonly tenant: string;
  /** The master.cf entry on one line, as `postconf -M name/unix=<entry>` takes it. */
  readonly entry: string;
}

/** The Postfix rendering: files, plus the same settings in the structured form host mode applies. */
export interface PostfixRendering extends RenderedGateway {
  /** Folder on the gateway the configuration names (tables, chain files). */
  readonly gatewayDir: string;
  /** main.cf parameters, in order. */
  readonly mainCf: [string, string][];
  readonly services: PostfixService[];
  /** Relative paths of the lookup tables (to postmap). */
  readonly tables: string[];
  readonly tableType: PostfixTableType;
}

/** The folder on the gateway that holds the library's files. */
export function gatewayDirOf(doc: GatewayDocument): string {
  const d = doc.deployment;
  return d.kind === 'postfix-files' ? d.gatewayDir : path.posix.join(d.configDir, HOST_SUBDIR);
}

/** Relative path of a tenant's chain file. */
export function chainFileOf(tenant: GatewayTenant): string {
  return `tenants/${sanitiseTenantName(tenant.name)}/chain.pem`;
}

/** One line of comment text: no line breaks or control characters. */
function commentText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ');
}

function aligned(rows: [string, string][]): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}\n`).join('');
}

/** Renders the Postfix configuration of a gateway document. */
export function renderPostfix(doc: GatewayDocument, chains: ChainLoader): PostfixRendering {
  const dir = gatewayDirOf(doc);
  const type = doc.deployment.tableType;
  const fqdn = commentText(doc.gateway.fqdn);
  const tenants = doc.tenants.filter((t) => t.managedDomains.length > 0);
  const table = (name: string) => `${type}:${path.posix.join(dir, name)}`;

  const mainCf: [string, string][] = [
    ['smtp_tls_security_level', 'may'],
    ['smtp_tls_chain_files', ''],
    ['smtp_tls_cert_file', ''],
    ['smtp_tls_eccert_file', ''],
    ['transport_maps', table(POSTFIX_FILES.transport)],
    ['smtp_tls_policy_maps', table(POSTFIX_FILES.tlsPolicy)],
    ['relay_domains', table(POSTFIX_FILES.relayDomains)],
  ];
  const setting = (name: string) => {
    const value = mainCf.find(([n]) => n === name)![1];
    return value === '' ? `${name} =\n` : `${name} = ${value}\n`;
  };
  const mainText = [
    `# cdktf-exo-gateway: main.cf settings of the gateway ${fqdn}.\n`,
    '# Set these parameters in main.cf; they replace earlier settings of the same names.\n',
    '# Default smtp transport: opportunistic TLS and no client certificate, so that mail\n',
    '# to anyone but a served tenant never carries a tenant certificate.\n',
    setting('smtp_tls_security_level'),
    setting('smtp_tls_chain_files'),
    setting('smtp_tls_cert_file'),
    setting('smtp_tls_eccert_file'),
    "# Recipient domain -> the tenant's transport and its Exchange Online MX host.\n",
    setting('transport_maps'),
    "# The tenants' Exchange Online MX hosts: TLS required, certificate verified.\n",
    setting('smtp_tls_policy_maps'),
    '# The managed domains this gateway accepts mail for and relays to Exchange Online.\n',
    setting('relay_domains'),
  ].join('');

  const tenantServices = tenants.map((t) => ({
    tenant: t,
    name: postfixServiceName(t.name),
    args: [
      `smtp_tls_chain_files=${path.posix.join(dir, chainFileOf(t))}`,
      'smtp_tls_security_level=secure',
      ...(doc.deployment.exoCaFile ? [`smtp_tls_CAfile=${doc.deployment.exoCaFile}`] : []),
    ],
  }));
  const services: PostfixService[] = tenantServices.map((s) => ({ name: s.name, tenant: s.tenant.name, entry: `${s.name} unix - - n - - smtp ${s.args.map((a) => `-o ${a}`).join(' ')}` }));
  const masterText = [
    `# cdktf-exo-gateway: one smtp transport per tenant of the gateway ${fqdn}.\n`,
    "# Each presents only its tenant's certificate, and only to that tenant's Exchange Online.\n",
    '# Append these services to master.cf.\n',
    ...tenantServices.map((s) =>
      [`# Tenant ${commentText(s.tenant.name)} (tenant id ${s.tenant.tenantId}, ${s.tenant.initialDomain})\n`, `${s.name}  unix  -  -  n  -  -  smtp\n`, ...s.args.map((a) => `  -o ${a}\n`)].join(''),
    ),
  ].join('');

  const transport = aligned(tenants.flatMap((t) => t.managedDomains.map((d): [string, string] => [d, `${postfixServiceName(t.name)}:[${t.exoMxHost}]`])));
  const policy = aligned([...new Set(tenants.map((t) => t.exoMxHost))].map((mx): [string, string] => [`[${mx}]`, `secure match=${exoMxMatch(mx)}`]));
  const relay = aligned(tenants.flatMap((t) => t.managedDomains.map((d): [string, string] => [d, 'OK'])));

  const files: RenderedFile[] = [
    { path: POSTFIX_FILES.mainCf, content: mainText, mode: 0o644 },
    { path: POSTFIX_FILES.masterCf, content: masterText, mode: 0o644 },
    { path: POSTFIX_FILES.transport, content: `# cdktf-exo-gateway: recipient domain -> tenant transport and Exchange Online MX host\n${transport}`, mode: 0o644 },
    { path: POSTFIX_FILES.tlsPolicy, content: `# cdktf-exo-gateway: TLS policy for the tenants' Exchange Online MX hosts\n${policy}`, mode: 0o644 },
    { path: POSTFIX_FILES.relayDomains, content: `# cdktf-exo-gateway: managed domains relayed to Exchange Online\n${relay}`, mode: 0o644 },
    ...tenants.map((t): RenderedFile => ({ path: chainFileOf(t), content: chains(t), mode: 0o600, tenant: t.name })),
  ];
  return {
    files,
    gatewayDir: dir,
    mainCf,
    services,
    tables: [POSTFIX_FILES.transport, POSTFIX_FILES.tlsPolicy, POSTFIX_FILES.relayDomains],
    tableType: type,
  };
}

/** The file a lookup table of `type` is compiled to by postmap. */
export function compiledTable(rel: string, type: PostfixTableType): string {
  return type === 'lmdb' ? `${rel}.lmdb` : type === 'cdb' ? `${rel}.cdb` : `${rel}.db`;
}
