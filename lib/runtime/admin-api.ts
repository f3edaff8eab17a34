/**
 * The `adminApi` transport: an ExchangeSession that posts each allow-listed cmdlet to Exchange
 * Online's REST admin endpoint, `POST {base}/adminapi/beta/{organization}/InvokeCommand`, with an
 * app-only token for the app and certificate the tenant's ExchangeAccess declares. No `pwsh`.
 *
 * Microsoft does not document this endpoint for direct use; the ExchangeOnlineManagement module's
 * REST cmdlets use it, and so do public multi-tenant clients. What is done here follows what they
 * do (shared reference exchange-admin-api.md):
 * - body `{"CmdletInput": {"CmdletName", "Parameters"}}`, headers `Prefer: odata.maxpagesize=1000`,
 *   `X-AnchorMailbox` of a system mailbox, `X-CmdletName`, `client-request-id`, `connection-id`
 *   (KelvinTegelaar/CIPP-API Modules/CIPPCore/Public/GraphHelper/New-ExoRequest.ps1;
 *   GreyCorbel/ExoHelper Commands/Public/Invoke-ExoCommand.ps1);
 * - pages followed through `@odata.nextLink` until absent, warnings in `@adminapi.warnings`,
 *   `@odata.*` annotations dropped from objects (same sources);
 * - errors as `{"error": {"details": [{"message": "<code>|<Exception type>|<text>"}]}}`, the form
 *   the module surfaces too (GreyCorbel/ExoHelper Commands/Internal/Get-ExoException.ps1), parsed
 *   by reads.ts exchangeError() like the PowerShell session's errors;
 * - HTTP 429/503/504/408 and the per-tenant concurrency text retried with backoff, honouring
 *   `Retry-After` (ExoHelper's Invoke-ExoCommand retries the same way).
 * Every request has a deadline; a request that passes it is not retried (a change may have been
 * made) and fails the tenant.
 *
 * The token comes from `@azure/msal-node` (ConfidentialClientApplication, clientCertificate with
 * the certificate's SHA-256 thumbprint; acquireTokenByClientCredential for
 * `https://outlook.office365.com/.default`), one client and token cache per tenant and app. The
 * connected tenant is the `tid` claim of that token, compared with the declared id by converge.ts
 * before any change, as for the PowerShell session. Neither the key, the token nor the assertion
 * is ever logged or put into an error.
 */
import { randomUUID, createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import * as forge from 'node-forge';
import { readCmdlets, sessionAllowList } from '../core/exo-catalogue';
import { ExchangeAccessReference, ExoParameters, ObservedObject, SessionError, SessionHello, SessionReply, TenantDesiredState } from '../core/exo-model';
import { TENANT_NOT_FOUND_HINT } from './connect';
import { exchangeError } from './reads';
import { ExchangeSession } from './session-client';
import { ERRORS, libraryError } from '../core/errors';

/** The resource (and token audience) of Exchange Online's admin endpoint. */
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';
/** Where tokens come from, unless EXO_GATEWAY_LOGIN_URL says otherwise. */
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

/**
 * App-only anchor mailbox: a system mailbox every tenant has (GreyCorbel/ExoHelper
 * Commands/Public/New-ExoConnection.ps1 uses `APP:SystemMailbox{bb558c35-…}@<tenant>` for app-only
 * connections).
 */
const ANCHOR_MAILBOX = 'APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

/** Exchange Online's per-tenant concurrency refusal (shared reference exchange-admin-api.md). */
const CONCURRENCY_TEXT = /maximum number of concurrent requests per tenant/i;

export interface AdminApiSettings {
  /** Base URL of the admin endpoint. @default https://outlook.office365.com */
  readonly adminApiUrl: string;
  /** Base URL of the token endpoint. @default https://login.microsoftonline.com */
  readonly loginUrl: string;
  /** Extra CA certificates (PEM) to trust, e.g. the simulator's. */
  readonly caPem?: string;
  /** Deadline of each HTTP request, in seconds. */
  readonly deadlineSeconds: number;
  /** Tries per request when throttled (429/503/504/408, concurrency text) or the connection fails. */
  readonly attempts: number;
  /** First backoff when no Retry-After is given, in ms; doubles each time. */
  readonly backoffMs: number;
  /** Longest wait before a retry, in seconds (a larger Retry-After is capped). */
  readonly maxWaitSeconds: number;
  /** When set (simulated target), a stand-in app certificate to use when the declared one is not on this machine. */
  readonly standInCertificateFile?: string;
}

function positive(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * Settings from the environment: EXO_GATEWAY_ADMIN_API_URL, EXO_GATEWAY_LOGIN_URL,
 * EXO_GATEWAY_CA_FILE (PEM), EXO_GATEWAY_ADMIN_API_TIMEOUT_SECONDS (100),
 * EXO_GATEWAY_ADMIN_API_ATTEMPTS (6), EXO_GATEWAY_ADMIN_API_BACKOFF_MS (2000).
 */
export function adminApiSettings(env: NodeJS.ProcessEnv, standInCertificateFile?: string): AdminApiSettings {
  const caFile = env.EXO_GATEWAY_CA_FILE;
  let caPem: string | undefined;
  if (caFile) {
    try {
      caPem = fs.readFileSync(caFile, 'utf8');
    } catch (e) {
      throw libraryError(ERRORS.ADMIN_API_CA_FILE, `EXO_GATEWAY_CA_FILE names '${caFile}', which cannot be read (${(e as NodeJS.ErrnoException).code}); point it at the CA file 'exo-gateway simulate' printed`);
    }
  }
  return {
    adminApiUrl: (env.EXO_GATEWAY_ADMIN_API_URL || EXCHANGE_RESOURCE).replace(/\/+$/, ''),
    loginUrl: (env.EXO_GATEWAY_LOGIN_URL || DEFAULT_LOGIN_URL).replace(/\/+$/, ''),
    caPem,
    deadlineSeconds: positive(env.EXO_GATEWAY_ADMIN_API_TIMEOUT_SECONDS, 100),
    attempts: Math.floor(positive(env.EXO_GATEWAY_ADMIN_API_ATTEMPTS, 6)),
    backoffMs: positive(env.EXO_GATEWAY_ADMIN_API_BACKOFF_MS, 2000),
    maxWaitSeconds: 120,
    standInCertificateFile,
  };
}

// ---------------------------------------------------------------------------------------------
// The app certificate
// ---------------------------------------------------------------------------------------------

/** The app's key and certificate, PEM. */
export interface AppCredential {
  readonly keyPem: string;
  readonly certPem: string;
  /** Where it came from (a file path or an environment variable NAME; never its content). */
  readonly origin: string;
}

/** Reads a PFX (binary) or PEM (key and certificate) without ever putting its content into an error. */
export function parseAppCertificate(data: Buffer, password: string, origin: string): AppCredential {
  const text = data.toString('utf8');
  let keyPem: string | undefined;
  let certs: string[] = [];
  if (text.includes('-----BEGIN')) {
    keyPem = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/.exec(text)?.[0];
    certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } else {
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(data.toString('binary')), password);
    } catch {
      throw libraryError(ERRORS.APP_CERTIFICATE_UNUSABLE, `the app certificate in ${origin} cannot be opened: not a PFX/PEM, or the password is wrong`);
    }
    const keyBags = [...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []), ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? [])];
    const key = keyBags.find((b) => b.key)?.key;
    if (key) keyPem = forge.pki.privateKeyToPem(key);
    certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).filter((b) => b.cert).map((b) => forge.pki.certificateToPem(b.cert!));
  }
  if (!keyPem || certs.length === 0) throw libraryError(ERRORS.APP_CERTIFICATE_UNUSABLE, `the app certificate in ${origin} needs both the certificate and its private key`);
  const key = createPrivateKey(keyPem);
  const certPem = certs.find((c) => new X509Certificate(c).checkPrivateKey(key));
  if (!certPem) throw libraryError(ERRORS.APP_CERTIFICATE_UNUSABLE, `the app certificate in ${origin} holds no certificate that matches its private key`);
  return { keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem, origin };
}

/**
 * The certificate the access declares (file, or base64 in an environment variable; password in
 * another variable), or, when the declared one is not on this machine and the target is the
 * simulator, the simulator's stand-in for the app.
 */
export function loadAppCertificate(access: ExchangeAccessReference, env: NodeJS.ProcessEnv, standInFile?: string): AppCredential {
  const password = access.certificatePasswordEnv ? env[access.certificatePasswordEnv] ?? '' : '';
  if (access.certificateFile !== undefined && fs.existsSync(access.certificateFile)) {
    return parseAppCertificate(fs.readFileSync(access.certificateFile), password, `file ${access.certificateFile}`);
  }
  if (access.certificateEnv !== undefined && env[access.certificateEnv]) {
    const value = env[access.certificateEnv]!;
    const data = value.includes('-----BEGIN') ? Buffer.from(value) : Buffer.from(value, 'base64');
    return parseAppCertificate(data, password, `environment variable ${access.certificateEnv}`);
  }
  if (standInFile && fs.existsSync(standInFile)) {
    return parseAppCertificate(fs.readFileSync(standInFile), '', `the simulator's stand-in certificate of app ${access.appId}`);
  }
  const declared = access.certificateFile !== undefined ? `the file '${access.certificateFile}' does not exist` : access.certificateEnv !== undefined ? `the environment variable ${access.certificateEnv} is not set` : 'the access declares no certificate';
  throw libraryError(ERRORS.APP_CERTIFICATE_MISSING, `the app certificate of app ${access.appId} is not available on this runner: ${declared}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP with a deadline
// ---------------------------------------------------------------------------------------------

export interface HttpAnswer {
  readonly status: number;
  readonly headers: { [name: string]: string };
  readonly text: string;
}

/** Raised when a request passes its deadline. */
export class DeadlineError extends Error {
  constructor(seconds: number, where: string) {
    super(`no answer from ${where} within ${seconds} s`);
    this.name = 'DeadlineError';
  }
}

const agents = new Map<string, https.Agent>();
function agentFor(caPem: string | undefined): https.Agent {
  const key = caPem ?? '';
  let agent = agents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, ...(caPem ? { ca: [...tls.rootCertificates, caPem] } : {}) });
    agents.set(key, agent);
  }
  return agent;
}

/** One HTTPS request, given up after `deadlineSeconds` (the socket is destroyed). */
export function httpsRequest(url: string, init: { method: string; headers: { [name: string]: string }; body?: string }, settings: Pick<AdminApiSettings, 'caPem' | 'deadlineSeconds'>): Promise<HttpAnswer> {
  const target = new URL(url);
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (target.protocol !== 'https:') return reject(new Error(`refusing to send credentials over ${target.protocol} (${target.origin}); use https`));
    const req = https.request(target, { method: init.method, headers: { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) }, agent: agentFor(settings.caPem) }, (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const headers: { [name: string]: string } = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const timer = setTimeout(() => req.destroy(new DeadlineError(settings.deadlineSeconds, `${target.origin}${target.pathname}`)), settings.deadlineSeconds * 1000);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Removes anything shaped like a JWT (a token or an assertion) from a text meant for logs or errors. */
export function redact(text: string): string {
  return text.replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '<redacted>');
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/** MSAL's network calls, through the same deadline and trusted CAs as the admin calls. */
function msalNetwork(settings: AdminApiSettings) {
  const call = async (method: string, url: string, options?: { headers?: Record<string, string>; body?: string }) => {
    const answer = await httpsRequest(url, { method, headers: options?.headers ?? {}, body: options?.body }, settings);
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = {};
    }
    return { status: answer.status, headers: answer.headers, body: body as any };
  };
  return {
    sendGetRequestAsync: (url: string, options?: { headers?: Record<string, string>; body?: string }) => call('GET', url, options),
    sendPostRequestAsync: (url: string, options?: { headers?: Record<string, string>; body?: string }) => call('POST', url, options),
  };
}

const clients = new Map<string, ConfidentialClientApplication>();

/** The MSAL client of one tenant and app (its token cache is per tenant). */
function msalClient(access: ExchangeAccessReference, credential: AppCredential, settings: AdminApiSettings): ConfidentialClientApplication {
  const authority = `${settings.loginUrl}/${access.organization}`;
  const thumbprintSha256 = new X509Certificate(credential.certPem).fingerprint256.replace(/:/g, '');
  const key = `${authority}|${access.appId.toLowerCase()}|${thumbprintSha256}`;
  let client = clients.get(key);
  if (!client) {
    const host = new URL(settings.loginUrl).host;
    client = new ConfidentialClientApplication({
      auth: {
        clientId: access.appId,
        authority,
        clientCertificate: { thumbprintSha256, privateKey: credential.keyPem, x5c: credential.certPem },
        ...(host !== new URL(DEFAULT_LOGIN_URL).host ? { knownAuthorities: [host] } : {}),
      },
      system: { networkClient: msalNetwork(settings), loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined } },
    });
    clients.set(key, client);
  }
  return client;
}

/** A token failure, classified: only `ConnectFailed` is retried by openWithRetry. */
function tokenFailure(e: unknown, access: ExchangeAccessReference, credential: AppCredential): SessionError {
  const err = e as { errorCode?: string; errorMessage?: string; message?: string };
  const text = redact(String(err.errorMessage || err.message || e)).replace(/\s+/g, ' ').trim();
  const code = /AADSTS(\d+)/.exec(text)?.[1];
  const cause = `token request for app ${access.appId} in '${access.organization}' failed: ${text}`;
  if (code === '90002') return { type: 'TenantNotFound', message: `${cause} ${TENANT_NOT_FOUND_HINT}` };
  if (code === '700027' || code === '700024') {
    return {
      type: 'CertificateRejected',
      message: `${cause} The certificate from ${credential.origin} (SHA-256 thumbprint ${new X509Certificate(credential.certPem).fingerprint256.replace(/:/g, '')}) is not one registered on app ${access.appId}, or the runner's clock is off: upload its public certificate to the app registration, or point the tenant's ExchangeAccess at the registered certificate. Not retried.`,
    };
  }
  return { type: 'ConnectFailed', message: cause };
}

function tenantOfToken(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    return typeof claims.tid === 'string' ? claims.tid : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), if any. */
export function retryAfterSeconds(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

function stripAnnotations(o: ObservedObject): ObservedObject {
  const out: ObservedObject = {};
  for (const [k, v] of Object.entries(o)) if (!k.includes('@odata.') && !k.startsWith('@')) out[k] = v;
  return out;
}

/** The error of a non-2xx answer, in the form the PowerShell session reports (type + message). */
function answerError(answer: HttpAnswer, where: string): SessionError {
  let body: any;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return { type: 'UnexpectedResponse', message: `HTTP ${answer.status} with a body that is not JSON from ${where}: wrong endpoint URL, token audience or permission` };
  }
  const detail = body?.error?.details?.[0]?.message;
  if (typeof detail === 'string' && detail.includes('|')) return exchangeError({ type: 'Exception', message: detail });
  return { type: String(body?.error?.code ?? `HTTP${answer.status}`), message: redact(String(body?.error?.message ?? answer.text.slice(0, 500))) };
}

/** Opens an adminApi session for `doc`'s tenant (acquiring the token is the "connect"). Never throws. */
export async function openAdminApiSession(doc: TenantDesiredState, env: NodeJS.ProcessEnv, log: (line: string) => void, settings: AdminApiSettings = adminApiSettings(env)): Promise<ExchangeSession> {
  const access = doc.access;
  const organization = access.organization;
  const fatal = (error: SessionError): ExchangeSession => ({
    hello: { type: 'fatal', organization, error },
    read: async () => ({ id: 0, ok: false, error: { type: 'SessionEnded', message: 'the session is not connected' } }),
    invoke: async () => ({ id: 0, ok: false, error: { type: 'SessionEnded', message: 'the session is not connected' } }),
    close: async () => undefined,
  });
  let credential: AppCredential;
  try {
    credential = loadAppCertificate(access, env, settings.standInCertificateFile);
  } catch (e) {
    return fatal({ type: 'ConfigurationError', message: (e as Error).message });
  }
  const client = msalClient(access, credential, settings);
  const token = async (refresh: boolean): Promise<string> => {
    const result = await client.acquireTokenByClientCredential({ scopes: [`${EXCHANGE_RESOURCE}/.default`], skipCache: refresh });
    if (!result?.accessToken) throw libraryError(ERRORS.NO_ACCESS_TOKEN, 'the token endpoint returned no access token');
    return result.accessToken;
  };
  let bearer: string;
  try {
    bearer = await token(false);
  } catch (e) {
    return fatal(tokenFailure(e, access, credential));
  }
  const tenantId = tenantOfToken(bearer);
  const hello: SessionHello = { type: 'ready', organization, ...(tenantId ? { tenantId } : {}) };
  const connectionId = randomUUID();
  const origin = new URL(settings.adminApiUrl).origin;
  const label = `[${doc.tenant.name}]`;
  let nextId = 1;

  /** One POST with retries for throttling and a fresh token after a 401; the answer or the error. */
  const post = async (url: string, cmdlet: string, body: string): Promise<{ answer?: HttpAnswer; error?: SessionError }> => {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let answer: HttpAnswer | undefined;
      let failure: Error | undefined;
      try {
        answer = await httpsRequest(
          url,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${bearer}`,
              'content-type': 'application/json',
              accept: 'application/json',
              prefer: 'odata.maxpagesize=1000',
              'x-anchormailbox': `${ANCHOR_MAILBOX}@${organization}`,
              'x-cmdletname': cmdlet,
              'client-request-id': randomUUID(),
              'connection-id': connectionId,
            },
            body,
          },
          settings,
        );
      } catch (e) {
        failure = e as Error;
      }
      if (failure instanceof DeadlineError) {
        return { error: { type: 'RequestTimeout', message: `${cmdlet}: ${failure.message}; not retried (a change may have been made), the next apply reads the tenant again` } };
      }
      if (answer && answer.status === 401 && !refreshed) {
        refreshed = true;
        try {
          bearer = await token(true);
        } catch (e) {
          return { error: tokenFailure(e, access, credential) };
        }
        attempt--; // a refreshed token is not a throttling retry
        continue;
      }
      if (answer && answer.status >= 200 && answer.status < 300) return { answer };
      const throttled = answer !== undefined && ([408, 429, 503, 504].includes(answer.status) || CONCURRENCY_TEXT.test(answer.text));
      if (!failure && !throttled) return { error: answer!.status === 401 ? { type: 'Unauthorized', message: `${cmdlet}: the admin endpoint refused the token (HTTP 401) after a fresh token; the app needs Exchange.ManageAsApp and an Exchange role in '${organization}'` } : answerError(answer!, `${origin} (${cmdlet})`) };
      const why = failure ? `connection failed (${redact(failure.message)})` : `HTTP ${answer!.status}${CONCURRENCY_TEXT.test(answer!.text) ? ', too many concurrent requests in the tenant' : ''}`;
      if (attempt >= settings.attempts) return { error: { type: failure ? 'ConnectionFailed' : 'Throttled', message: `${cmdlet}: ${why}, still after ${attempt} attempts` } };
      const advised = answer ? retryAfterSeconds(answer.headers['retry-after']) : undefined;
      const waitMs = Math.min(settings.maxWaitSeconds * 1000, advised !== undefined ? advised * 1000 : settings.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      log(`${label} ${cmdlet}: ${why}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${settings.attempts})`);
      await sleep(waitMs);
    }
  };

  const call = async (cmdlet: string, parameters: ExoParameters, read: boolean): Promise<SessionReply> => {
    const id = nextId++;
    const allowed = read ? readCmdlets() : sessionAllowList();
    const name = allowed.find((c) => c.toLowerCase() === cmdlet.toLowerCase());
    if (!name) return { id, ok: false, error: { type: 'CmdletNotAllowed', message: `'${cmdlet}' is not on this program's ${read ? 'read' : 'change'} allow-list` } };
    const body = JSON.stringify({ CmdletInput: { CmdletName: name, Parameters: parameters ?? {} } });
    const values: ObservedObject[] = [];
    const warnings: string[] = [];
    let url: string | undefined = `${settings.adminApiUrl}/adminapi/beta/${encodeURIComponent(organization)}/InvokeCommand`;
    while (url) {
      const { answer, error } = await post(url, name, body);
      if (error) return { id, ok: false, error };
      let page: any;
      try {
        page = JSON.parse(answer!.text);
      } catch {
        return { id, ok: false, error: { type: 'UnexpectedResponse', message: `${name}: HTTP ${answer!.status} with a body that is not JSON` } };
      }
      for (const o of Array.isArray(page?.value) ? page.value : []) values.push(o && typeof o === 'object' ? stripAnnotations(o) : o);
      for (const w of Array.isArray(page?.['@adminapi.warnings']) ? page['@adminapi.warnings'] : []) warnings.push(String(w));
      const next: unknown = page?.['@odata.nextLink'];
      if (typeof next === 'string' && next !== '') {
        if (new URL(next, url).origin !== origin) return { id, ok: false, error: { type: 'UnexpectedResponse', message: `${name}: the next page is on another host (${new URL(next, url).origin}); the token is not sent there` } };
        url = new URL(next, url).toString();
      } else url = undefined;
    }
    const result = read ? values : values.length === 0 ? null : values.length === 1 ? values[0] : values;
    return { id, ok: true, result, ...(warnings.length ? { warnings } : {}) };
  };

  return {
    hello,
    read: (cmdlet, parameters) => call(cmdlet, parameters, true),
    invoke: (cmdlet, parameters) => call(cmdlet, parameters, false),
    close: async () => undefined,
  };
}
