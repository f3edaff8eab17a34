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
import { randomUUID } from 'node:crypto';
import { readCmdlets, sessionAllowList } from '../core/exo-catalogue';
import { ExoParameters, ObservedObject, SessionError, SessionHello, SessionReply, TenantDesiredState } from '../core/exo-model';
import { AdminApiSettings, adminApiSettings, DeadlineError, EXCHANGE_RESOURCE, HttpAnswer, httpsRequest, redact } from './admin-api-http';
import { AppCredential, loadAppCertificate, msalClient, tenantOfToken, tokenFailure } from './admin-api-credentials';
import { exchangeError } from './reads';
import { ExchangeSession } from './session-client';
import { ERRORS, libraryError } from '../core/errors';

export type { AdminApiSettings, HttpAnswer } from './admin-api-http';
export { adminApiSettings, DeadlineError, DEFAULT_LOGIN_URL, EXCHANGE_RESOURCE, httpsRequest, redact } from './admin-api-http';
export type { AppCredential } from './admin-api-credentials';
export { loadAppCertificate, parseAppCertificate } from './admin-api-credentials';

/**
 * App-only anchor mailbox: a system mailbox every tenant has (GreyCorbel/ExoHelper
 * Commands/Public/New-ExoConnection.ps1 uses `APP:SystemMailbox{bb558c35-…}@<tenant>` for app-only
 * connections).
 */
const ANCHOR_MAILBOX = 'APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

/** Exchange Online's per-tenant concurrency refusal (shared reference exchange-admin-api.md). */
const CONCURRENCY_TEXT = /maximum number of concurrent requests per tenant/i;

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
