/**
 * The simulated Microsoft Entra token endpoint, for the simulated Exchange Online served over
 * HTTPS (https-server.ts): OAuth 2.0 client credentials with a certificate-signed client
 * assertion, as `Connect-ExchangeOnline -AppId -Certificate` and `@azure/msal-node` use it.
 *
 * Apps and their certificates are registered in `<stateDir>/identity/apps.json` (the app
 * registration, with its key credentials); which apps may act in a tenant is the tenant's
 * `appIds` (consent + role, store.ts). A token is issued only when the assertion is a JWT signed
 * (RS256, or PS256) by the private key of a certificate registered for `client_id`, named by its
 * `x5t` (SHA-1) or `x5t#S256` (SHA-256) thumbprint, with `aud` = this token endpoint, `iss` =
 * `sub` = `client_id`, and `nbf`/`exp` around now. Anything else gets Entra's error JSON with the
 * AADSTS code Entra documents for it (learn.microsoft.com/entra/identity-platform/reference-error-codes):
 * 90002 unknown tenant, 700016 app not in the tenant, 700027 certificate or signature refused,
 * 700024 assertion outside its time range, 500011 unknown resource, 900144 missing parameter.
 *
 * The access token is a JWT (as Entra's are) carrying `tid`, `appid`, `roles`, `aud`
 * `https://outlook.office365.com`, signed with a key only this process knows.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-file';
import { newAppCertificate, PemPair } from './pki';
import { standInCertificateFile } from './stand-in';
import { SimulatorStore, TenantState } from './store';

/** The resource the Exchange Online admin endpoint accepts tokens for. */
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';

/** Allowed clock skew for nbf/exp, in seconds. */
const SKEW_SECONDS = 300;

export interface AppRegistration {
  /** PEM certificates whose keys may sign this app's client assertions. */
  readonly certificates: string[];
}

/** Where the identity files of a state folder live. */
export function identityDir(stateDir: string): string {
  return path.join(stateDir, 'identity');
}

export { standInCertificateFile };

function appsFile(stateDir: string): string {
  return path.join(identityDir(stateDir), 'apps.json');
}

export function readApps(stateDir: string): { [appId: string]: AppRegistration } {
  try {
    return JSON.parse(fs.readFileSync(appsFile(stateDir), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

/** Registers `certPem` as a key credential of `appId` (idempotent). */
export function registerAppCertificate(stateDir: string, appId: string, certPem: string): void {
  const apps = readApps(stateDir);
  const key = appId.toLowerCase();
  const pem = new crypto.X509Certificate(certPem).toString();
  const existing = apps[key]?.certificates ?? [];
  if (!existing.includes(pem)) apps[key] = { certificates: [...existing, pem] };
  fs.mkdirSync(identityDir(stateDir), { recursive: true });
  writeFileAtomic(appsFile(stateDir), `${JSON.stringify(apps, undefined, 2)}\n`);
}

/** The stand-in certificate of `appId`, made and registered on first use. */
export function ensureStandInCertificate(stateDir: string, appId: string): PemPair {
  const file = standInCertificateFile(stateDir, appId);
  if (!fs.existsSync(file)) {
    const pair = newAppCertificate(appId);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${pair.keyPem}${pair.certPem}`, { mode: 0o600 });
  }
  const text = fs.readFileSync(file, 'utf8');
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(text)![0];
  const keyPem = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----\n?/.exec(text)![0];
  registerAppCertificate(stateDir, appId, certPem);
  return { keyPem, certPem };
}

/** The tenant a path segment names: its id, its initial domain or another accepted domain. */
export function findTenant(store: SimulatorStore, segment: string): TenantState | undefined {
  const wanted = decodeURIComponent(segment).trim().toLowerCase();
  let direct: TenantState | undefined;
  try {
    direct = store.readTenant(wanted);
  } catch {
    return undefined; // not a name a tenant can have
  }
  if (direct) return direct;
  for (const org of store.listTenants()) {
    const t = store.readTenant(org);
    if (!t) continue;
    if (t.tenantId.toLowerCase() === wanted) return t;
    if ((t.AcceptedDomain ?? []).some((d) => String(d.DomainName ?? d.Name ?? '').toLowerCase() === wanted)) return t;
  }
  return undefined;
}

/** An Entra error answer. */
export interface EntraError {
  readonly status: number;
  readonly body: { error: string; error_description: string; error_codes: number[]; timestamp: string; trace_id: string; correlation_id: string };
}

function entraError(status: number, error: string, code: number, text: string): EntraError {
  const trace = crypto.randomUUID();
  const correlation = crypto.randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: trace,
      correlation_id: correlation,
    },
  };
}

const b64url = (b: Buffer) => b.toString('base64url');

function decodeJwt(jwt: string): { header: any; payload: any; signed: string; signature: Buffer } | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      payload: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
      signed: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** The claims of an access token this identity endpoint issued. */
export interface AccessTokenClaims {
  readonly tid: string;
  readonly appid: string;
  readonly aud: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly roles: string[];
  readonly jti: string;
}

/** The token endpoint's state: its signing key, token lifetime, and a not-before for revocation (tests). */
export class SimulatedIdentity {
  private readonly signingKey = crypto.randomBytes(32);
  /** Ids (jti) of tokens issued so far, and of those made expired by expireIssuedTokens(). */
  private readonly live = new Set<string>();
  private readonly expired = new Set<string>();
  /** How many tokens were issued, per tenant id. */
  public readonly issued = new Map<string, number>();

  constructor(
    private readonly store: SimulatorStore,
    private readonly tokenLifetimeSeconds = 3599,
  ) {}

  /** Makes every token issued so far expired (what a token past its lifetime looks like to the resource). */
  public expireIssuedTokens(): void {
    for (const jti of this.live) this.expired.add(jti);
    this.live.clear();
  }

  /**
   * Answers a token request for `tenantSegment` (the `{tenant}` of the URL), given the form
   * fields and the exact token endpoint URL the request was sent to.
   */
  public token(tenantSegment: string, form: URLSearchParams, tokenEndpoint: string): { status: number; body: object } {
    const tenant = findTenant(this.store, tenantSegment);
    if (!tenant) {
      return entraError(400, 'invalid_request', 90002, `Tenant '${decodeURIComponent(tenantSegment)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    for (const name of ['grant_type', 'client_id', 'scope', 'client_assertion_type', 'client_assertion']) {
      if (!form.get(name)) return entraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
    }
    if (form.get('grant_type') !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 900144, "The request body must contain the following parameter: 'grant_type' with the value 'client_credentials'.");
    const clientId = form.get('client_id')!.toLowerCase();
    const scope = form.get('scope')!.split(' ').filter((s) => s !== '');
    if (scope.length !== 1 || scope[0].toLowerCase() !== `${EXCHANGE_RESOURCE}/.default`) {
      return entraError(400, 'invalid_resource', 500011, `The resource principal named ${scope.join(' ')} was not found in the tenant named ${tenant.organization}.`);
    }
    const app = readApps(this.store.stateDir)[clientId];
    if (!app || (tenant.appIds && !tenant.appIds.some((id) => id.toLowerCase() === clientId))) {
      return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.organization}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
    }
    const refused = this.checkAssertion(form.get('client_assertion')!, clientId, app, tokenEndpoint, tenant);
    if (refused) return refused;
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = { aud: EXCHANGE_RESOURCE, tid: tenant.tenantId, appid: clientId, iat: now, nbf: now, exp: now + this.tokenLifetimeSeconds, roles: ['Exchange.ManageAsApp'], jti: crypto.randomUUID() };
    this.live.add(claims.jti);
    const head = b64url(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })));
    const body = b64url(Buffer.from(JSON.stringify({ ...claims, iss: `https://sts.windows.net/${tenant.tenantId}/` })));
    const signature = b64url(crypto.createHmac('sha256', this.signingKey).update(`${head}.${body}`).digest());
    this.issued.set(tenant.tenantId, (this.issued.get(tenant.tenantId) ?? 0) + 1);
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, ext_expires_in: this.tokenLifetimeSeconds, access_token: `${head}.${body}.${signature}` } };
  }

  private checkAssertion(assertion: string, clientId: string, app: AppRegistration, tokenEndpoint: string, tenant: TenantState): EntraError | undefined {
    const jwt = decodeJwt(assertion);
    if (!jwt) return entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation: the assertion is not a signed JWT.');
    const alg = String(jwt.header.alg ?? '');
    if (alg !== 'RS256' && alg !== 'PS256') return entraError(401, 'invalid_client', 700027, `Client assertion failed signature validation: algorithm '${alg}' is not accepted.`);
    const certs = app.certificates.map((pem) => new crypto.X509Certificate(pem));
    const cert = certs.find(
      (c) => (jwt.header.x5t !== undefined && jwt.header.x5t === b64url(crypto.createHash('sha1').update(c.raw).digest())) || (jwt.header['x5t#S256'] !== undefined && jwt.header['x5t#S256'] === b64url(crypto.createHash('sha256').update(c.raw).digest())),
    );
    if (!cert) return entraError(401, 'invalid_client', 700027, `The certificate with identifier used to sign the client assertion is not registered on application ${clientId}.`);
    const ok = crypto.verify('sha256', Buffer.from(jwt.signed), alg === 'PS256' ? { key: cert.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : cert.publicKey, jwt.signature);
    if (!ok) return entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    const p = jwt.payload;
    if (String(p.iss ?? '').toLowerCase() !== clientId || String(p.sub ?? '').toLowerCase() !== clientId) {
      return entraError(401, 'invalid_client', 700027, "Client assertion contains an invalid issuer or subject: both must be the app's client id.");
    }
    if (!this.isOwnTokenEndpoint(String(p.aud ?? ''), tokenEndpoint, tenant)) {
      return entraError(401, 'invalid_client', 700027, `Client assertion audience claim does not match the token endpoint ${tokenEndpoint}.`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof p.exp !== 'number' || p.exp < now - SKEW_SECONDS || (typeof p.nbf === 'number' && p.nbf > now + SKEW_SECONDS)) {
      return entraError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    }
    return undefined;
  }

  private isOwnTokenEndpoint(aud: string, tokenEndpoint: string, tenant: TenantState): boolean {
    if (aud === tokenEndpoint) return true;
    const origin = new URL(tokenEndpoint).origin;
    const m = /^(https:\/\/[^/]+)\/([^/]+)\/oauth2\/(?:v2\.0\/)?token$/.exec(aud);
    return m !== null && m[1] === origin && findTenant(this.store, m[2])?.tenantId === tenant.tenantId;
  }

  /** The claims of a bearer token this endpoint issued, or why it is refused. */
  public verifyAccessToken(token: string): { claims?: AccessTokenClaims; refused?: string } {
    const jwt = decodeJwt(token);
    if (!jwt || jwt.header.alg !== 'HS256') return { refused: 'The access token is not valid.' };
    const expected = crypto.createHmac('sha256', this.signingKey).update(jwt.signed).digest();
    if (expected.length !== jwt.signature.length || !crypto.timingSafeEqual(expected, jwt.signature)) return { refused: 'The access token signature is invalid.' };
    const claims = jwt.payload as AccessTokenClaims;
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp <= now || this.expired.has(claims.jti)) return { refused: 'The access token has expired.' };
    if (claims.aud !== EXCHANGE_RESOURCE) return { refused: `The access token is for '${claims.aud}', not ${EXCHANGE_RESOURCE}.` };
    return { claims };
  }
}
