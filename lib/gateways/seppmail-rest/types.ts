/**
 * The SEPPmail appliance deployment through its REST API (API 1.0.3, shared reference
 * gateway-apis.md §1): the deployment spec, the gateway document it travels in, and the names
 * and bodies the API takes. Plain data, no cdktf import, Node built-ins only (the apply-time
 * program bundles it).
 */
import type { GatewayDocument, GatewayTenant } from '../types';
import type { SeppmailRestOptions } from './options';
import { isEnvName } from '../../core/env-name';
import { ERRORS, libraryError } from '../../core/errors';

/** The deployment kind in the gateway document. */
export const SEPPMAIL_REST_KIND = 'seppmail-rest';

/** The appliance product this deployment configures (`GatewayProduct.SEPPMAIL_APPLIANCE`). */
export const SEPPMAIL_PRODUCT = 'seppmail-appliance';

/** The REST API's default port (gateway-apis.md §1.2: "choose port (default 8445)"). */
export const SEPPMAIL_DEFAULT_PORT = 8445;

/** SEPPmail's appliance in parallel mode, configured through its REST API. */
export interface SeppmailRestSpec {
  readonly kind: 'seppmail-rest';
  /** Base URL of the API, `https://{server}:{port}/v1`, without a trailing '/'. */
  readonly apiUrl: string;
  /** Environment variable on the runner that holds the API token (`X-SM-API-TOKEN`). */
  readonly tokenEnv: string;
  /** Environment variable on the runner that holds the API secret (`X-SM-API-SECRET`). */
  readonly secretEnv: string;
  /** PEM file on the runner of the CA certificates that verify the API's HTTPS certificate. */
  readonly caFile?: string;
  /** Do not verify the API's HTTPS certificate. */
  readonly insecureSkipVerify: boolean;
  /** Put before every customer name. */
  readonly customerPrefix: string;
  /**
   * The `owner=` token in the comment of every customer this declaration creates; only customers
   * carrying it are ever changed or removed. Undefined in the construct's spec: the gateway's
   * construct path (the document always holds the resolved value).
   */
  readonly owner?: string;
  /** Time limit of one API call, in milliseconds. */
  readonly timeoutMs: number;
}

/** A tenant as the SEPPmail deployment sees it: the common entry plus its customer and certificate name. */
export interface SeppmailRestTenant extends GatewayTenant {
  /** Customer name on the appliance (pattern `^[a-zA-Z0-9\-_]+$`). */
  readonly customer: string;
  /** The name on the tenant's CBC certificate (the inbound connector's TlsSenderCertificateName). */
  readonly cbcCertificateName: string;
}

/** The gateway document of a SEPPmail REST deployment: the common envelope, its own deployment and tenants. */
export interface SeppmailRestDocument {
  readonly schema: string;
  readonly gateway: GatewayDocument['gateway'];
  readonly deployment: SeppmailRestSpec & { readonly owner: string };
  readonly tenants: SeppmailRestTenant[];
}

/** A customer's name: letters, digits, '-' and '_' (OpenAPI 1.0.3 "Customer name scheme"). */
export const CUSTOMER_NAME_PATTERN = /^[a-zA-Z0-9\-_]+$/;

/**
 * A managed domain's name as the API accepts it (OpenAPI 1.0.3, `domainName`): labels of letters,
 * digits and '-', a top-level label of 2 to 6 letters.
 */
export const DOMAIN_NAME_PATTERN = /^((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,6}$/;

/** The managed domain's `tls.level` the library sets (the SEPPmail docs' recommendation for Microsoft 365). */
export const TLS_LEVEL = 'secure';

/** The port the appliance forwards to Exchange Online on. */
export const FORWARDING_PORT = 25;

/** What the library sets on a managed domain: forwarding to the tenant's Exchange Online, the tenant id, TLS. */
export interface ManagedDomainSettings {
  readonly forwarding: { readonly host: string; readonly port: number; readonly noMXLookup: boolean };
  readonly requestedTenantID: string;
  readonly tls: { readonly level: string };
}

/** The settings of every managed domain of a tenant. */
export function managedDomainSettings(tenant: Pick<GatewayTenant, 'exoMxHost' | 'tenantId'>): ManagedDomainSettings {
  return {
    // The tenant's mail.protection.outlook.com host is an A record, not a mail domain: no MX lookup.
    forwarding: { host: tenant.exoMxHost, port: FORWARDING_PORT, noMXLookup: true },
    requestedTenantID: tenant.tenantId,
    tls: { level: TLS_LEVEL },
  };
}

/**
 * A customer name from a tenant's construct id: letters, digits, '-' and '_' kept, runs of
 * anything else as one '-', no '-' at either end; empty when nothing is left.
 */
export function customerNameOf(prefix: string, tenantName: string): string {
  const core = tenantName.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return core ? `${prefix}${core}` : '';
}


/** The spec of `SeppmailApplianceDeployment.restApi(options)`; throws naming the option on a bad value. */
export function seppmailRestSpec(options: SeppmailRestOptions, resolvePath: (p: string) => string): SeppmailRestSpec {
  const where = 'SeppmailApplianceDeployment.restApi';
  let url: URL;
  try {
    url = new URL(options.apiUrl);
  } catch {
    throw libraryError(ERRORS.SEPPMAIL_API_URL, `${where}: apiUrl '${options.apiUrl}' is not a URL. Give the API's base URL, e.g. https://securemail.example.net:${SEPPMAIL_DEFAULT_PORT}/v1`);
  }
  if (url.protocol !== 'https:') throw libraryError(ERRORS.SEPPMAIL_API_URL, `${where}: apiUrl '${options.apiUrl}' must use https (the API token and secret travel in its headers)`);
  if (url.username || url.password) throw libraryError(ERRORS.SEPPMAIL_API_URL, `${where}: apiUrl must not contain a user name or password; the API token and secret come from tokenEnv and secretEnv`);
  if (url.search || url.hash) throw libraryError(ERRORS.SEPPMAIL_API_URL, `${where}: apiUrl '${options.apiUrl}' must not have a query or fragment`);
  const pathName = url.pathname.replace(/\/+$/, '');
  if (!pathName) throw libraryError(ERRORS.SEPPMAIL_API_URL, `${where}: apiUrl '${options.apiUrl}' has no version path; the API's base URL ends in /v1, e.g. https://${url.host}/v1`);
  for (const [name, value] of [['tokenEnv', options.tokenEnv], ['secretEnv', options.secretEnv]] as const) {
    if (!isEnvName(value)) throw libraryError(ERRORS.SEPPMAIL_API_ENV, `${where}: ${name} is not an environment variable name (letters, digits, '_'); what was given is not shown in case it is the secret itself. Give the name of the variable, never its value`);
  }
  if (options.tokenEnv === options.secretEnv) throw libraryError(ERRORS.SEPPMAIL_API_ENV, `${where}: tokenEnv and secretEnv are both '${options.tokenEnv}'; the token and the secret are two values`);
  const prefix = options.customerPrefix ?? '';
  if (prefix && !CUSTOMER_NAME_PATTERN.test(prefix)) throw libraryError(ERRORS.SEPPMAIL_CUSTOMER_PREFIX, `${where}: customerPrefix '${prefix}' may hold only letters, digits, '-' and '_' (the API's customer name pattern)`);
  if (options.owner !== undefined && !/^[A-Za-z0-9._:/@-]+$/.test(options.owner)) throw libraryError(ERRORS.SEPPMAIL_OWNER, `${where}: owner '${options.owner}' may hold only letters, digits and . _ : / @ -`);
  const timeout = options.timeoutSeconds ?? 60;
  if (!(timeout > 0 && timeout <= 3600)) throw libraryError(ERRORS.SEPPMAIL_TIMEOUT, `${where}: timeoutSeconds ${timeout} must be between 1 and 3600`);
  return {
    kind: 'seppmail-rest',
    apiUrl: `${url.origin}${pathName}`,
    tokenEnv: options.tokenEnv,
    secretEnv: options.secretEnv,
    ...(options.caFile !== undefined ? { caFile: resolvePath(options.caFile) } : {}),
    insecureSkipVerify: options.insecureSkipVerify ?? false,
    customerPrefix: prefix,
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
    timeoutMs: Math.round(timeout * 1000),
  };
}
