/**
 * Builds the gateway document from the fleet model (synth), and reads it back (apply time).
 * No cdktf import, and no runtime import of the certificate inspection (the apply-time program
 * is bundled with Node built-ins only).
 */
import type { GatewayModel, TenantModel } from '../core/fleet';
import { GATEWAY_DOCUMENT_SCHEMA, GatewayDeploymentSpec, GatewayDocument, GatewayTenant, POSTFIX_TABLE_TYPES } from './types';
import { isIP } from 'node:net';
import { canonicalName, exoMxHost, hostNameProblem } from '../core/names';
import { ERRORS, libraryError } from '../core/errors';

/** Error of the gateway deployment (a bad document, an unreadable certificate, a failed command). */
export class GatewayDeploymentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayDeploymentError';
  }
}

/** The tenant's Exchange Online MX host: that of its first managed domain. */
export { exoMxHost };

/**
 * Checks a declared Exchange Online MX host (a DNS host name of two or more labels, or an IPv4
 * address) and returns it in lower case without a trailing dot; throws naming `where` otherwise.
 */
export function checkExoMxHost(value: string, where: string): string {
  const host = canonicalName(value);
  if (isIP(host) !== 4 && hostNameProblem(host) !== undefined) {
    throw libraryError(ERRORS.EXO_MX_HOST,
      `${where}: exoMxHost '${value}' is not a DNS host name or an IPv4 address. Give the MX target the admin center shows for the tenant's first managed domain, e.g. contoso-com.mail.protection.outlook.com or contoso-com.<zone>.mx.microsoft`,
    );
  }
  return host;
}

/**
 * A tenant name as Postfix service and folder names use it: lower case, letters, digits and
 * '-', runs of anything else as one '-', no '-' at either end. Empty when nothing is left.
 */
export function sanitiseTenantName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The tenant's Postfix transport (master.cf service) name. */
export function postfixServiceName(tenantName: string): string {
  return `t-${sanitiseTenantName(tenantName)}`;
}

function tenantEntry(t: TenantModel, mxHostOverride: string | undefined): GatewayTenant {
  const domains = t.domains.map((d) => d.domain.toLowerCase());
  const ref = t.cbcCertificate?.reference;
  const fingerprint = t.cbcCertificate?.load.certificate?.leaf.fingerprint;
  return {
    name: t.name,
    tenantId: t.tenantId.toLowerCase(),
    initialDomain: t.initialDomain.toLowerCase(),
    managedDomains: domains,
    exoMxHost: mxHostOverride ?? (domains.length ? exoMxHost(domains[0]) : ''),
    certificate: {
      kind: ref?.kind ?? 'name',
      ...(ref?.file ? { file: ref.file } : {}),
      ...(ref?.keyFile ? { keyFile: ref.keyFile } : {}),
      ...(ref?.passwordEnv ? { passwordEnv: ref.passwordEnv } : {}),
      ...(fingerprint ? { fingerprint } : {}),
    },
  };
}

/**
 * The document of one gateway and the tenants it serves (all of them, sorted by name).
 * `exoMxHosts` holds the declared MX host overrides by tenant construct path.
 */
export function buildGatewayDocument(
  gatewayName: string,
  gateway: GatewayModel,
  deployment: GatewayDeploymentSpec,
  tenants: readonly TenantModel[],
  exoMxHosts: { readonly [tenantPath: string]: string } = {},
): GatewayDocument {
  const envelope = gatewayEnvelope(gatewayName, gateway, tenants, exoMxHosts);
  return { schema: envelope.schema, gateway: envelope.gateway, deployment, tenants: envelope.tenants };
}

/** A gateway document without its deployment: what every deployment kind's document shares. */
export function gatewayEnvelope(
  gatewayName: string,
  gateway: GatewayModel,
  tenants: readonly TenantModel[],
  exoMxHosts: { readonly [tenantPath: string]: string } = {},
): Omit<GatewayDocument, 'deployment'> {
  return {
    schema: GATEWAY_DOCUMENT_SCHEMA,
    gateway: { name: gatewayName, fqdn: gateway.fqdn.toLowerCase(), product: gateway.product, tlsCertificateName: gateway.tlsCertificateName },
    tenants: tenants.map((t) => tenantEntry(t, exoMxHosts[t.path])).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** The document the teardown step keeps: the gateway and where its files are; no tenants. */
export function teardownDocument(doc: GatewayDocument): GatewayDocument {
  return { ...doc, tenants: [] };
}

/** Where the deployment writes, as one stable string (the teardown step's trigger). */
export function deploymentTarget(spec: GatewayDeploymentSpec): string {
  return spec.kind === 'postfix-files' ? `postfix-files:${spec.outputDir}` : `postfix-host:${spec.configDir}`;
}

/** JSON with every non-ASCII character escaped, so that its length is the same for Terraform and JavaScript. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Largest part of the document passed in one environment variable (Linux limits one to 128 KiB). */
export const DOCUMENT_PART_LENGTH = 32_768;

/** Reads the document from EXO_GATEWAY_DOCUMENT, or from EXO_GATEWAY_DOCUMENT_PARTS and _1.._n. */
export function documentText(env: NodeJS.ProcessEnv): string | undefined {
  if (env.EXO_GATEWAY_DOCUMENT !== undefined) return env.EXO_GATEWAY_DOCUMENT;
  const parts = Number(env.EXO_GATEWAY_DOCUMENT_PARTS ?? '0');
  if (!parts) return undefined;
  let text = '';
  for (let i = 1; i <= parts; i++) {
    const part = env[`EXO_GATEWAY_DOCUMENT_${i}`];
    if (part === undefined) throw new GatewayDeploymentError(`EXO_GATEWAY_DOCUMENT_${i} of ${parts} is missing`);
    text += part;
  }
  return text;
}

function isAbsolute(p: unknown): p is string {
  return typeof p === 'string' && p.startsWith('/');
}

/** Parses and checks a gateway document; throws GatewayDeploymentError naming what is wrong. */
export function parseGatewayDocument(text: string | undefined, where: string): GatewayDocument {
  if (text === undefined || text.trim() === '') throw new GatewayDeploymentError(`${where} is empty; the gateway step needs its gateway document`);
  let doc: GatewayDocument;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new GatewayDeploymentError(`${where} is not JSON: ${(e as Error).message}`);
  }
  if (!doc || doc.schema !== GATEWAY_DOCUMENT_SCHEMA) {
    throw new GatewayDeploymentError(`${where} is not a gateway document of schema ${GATEWAY_DOCUMENT_SCHEMA} (found ${String((doc as any)?.schema)}); synthesize the stack with this version of the package`);
  }
  const d = doc.deployment;
  if (!d || (d.kind !== 'postfix-files' && d.kind !== 'postfix-host')) throw new GatewayDeploymentError(`${where}: unknown deployment kind '${String((d as any)?.kind)}'`);
  if (!(POSTFIX_TABLE_TYPES as readonly string[]).includes(d.tableType)) throw new GatewayDeploymentError(`${where}: unknown table type '${d.tableType}'`);
  if (d.kind === 'postfix-files' && (!isAbsolute(d.outputDir) || !isAbsolute(d.gatewayDir))) throw new GatewayDeploymentError(`${where}: outputDir and gatewayDir must be absolute paths`);
  if (d.kind === 'postfix-host' && !isAbsolute(d.configDir)) throw new GatewayDeploymentError(`${where}: configDir must be an absolute path`);
  if (d.exoCaFile !== undefined && (!isAbsolute(d.exoCaFile) || /\s/.test(d.exoCaFile))) throw new GatewayDeploymentError(`${where}: exoCaFile must be an absolute path without white space`);
  if (!Array.isArray(doc.tenants)) throw new GatewayDeploymentError(`${where}: tenants is not a list`);
  return doc;
}

/** Settings a deployment spec is built from (the public options, resolved). */
export function checkTableType(tableType: string | undefined, where: string): (typeof POSTFIX_TABLE_TYPES)[number] {
  const t = (tableType ?? 'hash').toLowerCase();
  if (!(POSTFIX_TABLE_TYPES as readonly string[]).includes(t)) {
    throw libraryError(ERRORS.POSTFIX_TABLE_TYPE, `${where}: tableType '${tableType}' is not one of ${POSTFIX_TABLE_TYPES.join(', ')}`);
  }
  return t as (typeof POSTFIX_TABLE_TYPES)[number];
}
