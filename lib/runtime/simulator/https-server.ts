/**
 * The simulated Exchange Online as an HTTPS server on loopback (moto's server mode): the same
 * state folder and cmdlet semantics as the session line protocol (session.ts, backend.ts), reached
 * the way the REST admin endpoint is reached, with its own throw-away CA (pki.ts).
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   identity metadata (for MSAL)
 *   POST /{tenant}/oauth2/v2.0/token                        client credentials (identity.ts)
 *   POST /adminapi/beta/{tenant}/InvokeCommand              one cmdlet, body {"CmdletInput": {"CmdletName", "Parameters"}}
 *
 * InvokeCommand answers like the admin endpoint as public clients observe it (shared reference
 * exchange-admin-api.md; KelvinTegelaar/CIPP-API Modules/CIPPCore/Public/GraphHelper/New-ExoRequest.ps1,
 * GreyCorbel/ExoHelper Commands/Public/Invoke-ExoCommand.ps1): `{"value": [...]}` with
 * `@odata.nextLink` while more pages follow (page size: `Prefer: odata.maxpagesize=n`, at most the
 * server's), `@adminapi.warnings`, and errors as a non-2xx `{"error": {"code", "message",
 * "details": [{"message": "<code>|<Exception type>|<text>"}]}}`. A bearer token this server's
 * identity endpoint issued for the tenant is required (401 otherwise).
 *
 * Each `connection-id` header is one simulated session (connect latency and sessions.log once, the
 * allow-list, fault injection of faults.json and calls.log per call, exactly as for the line
 * protocol). `<stateDir>/http-faults.json` injects wire faults, counted per tenant and cmdlet:
 * `[{"organization"?, "cmdlet"?, "nth", "status"? (429), "retryAfterSeconds"?, "message"?, "hang"?}]`
 * (`hang: true` never answers that request).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ExoParameters, SessionReply } from '../../core/exo-model';
import { findTenant, SimulatedIdentity } from './identity';
import { loopbackPki } from './pki';
import { openSimulatedSession, SimulatedSession } from './session';
import { SimulatorStore } from './store';

/** One wire fault of http-faults.json. */
export interface HttpFault {
  readonly organization?: string;
  readonly cmdlet?: string;
  /** Which matching request fails (from 1). */
  readonly nth: number;
  /** HTTP status. @default 429 */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** Error message in the body, e.g. CONCURRENCY_MESSAGE. @default - a generic throttling or unavailability text */
  readonly message?: string;
  /** Never answer the request. */
  readonly hang?: boolean;
}

export interface HttpsSimulatorOptions {
  /** The simulator's state folder (shared with the line protocol). */
  readonly stateDir: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Largest page the server returns. @default 1000 */
  readonly pageSize?: number;
  /** @default 3599 */
  readonly tokenLifetimeSeconds?: number;
  /** Environment for the latency variables (session.ts). @default process.env */
  readonly env?: { readonly [name: string]: string | undefined };
}

export interface HttpsSimulator {
  /** `https://127.0.0.1:<port>`: both the identity and the admin endpoint base URL. */
  readonly url: string;
  /** PEM file of the throw-away CA that signed the server certificate. */
  readonly caFile: string;
  readonly identity: SimulatedIdentity;
  close(): Promise<void>;
}

/** Exchange Online's per-tenant concurrency refusal (shared reference exchange-admin-api.md, "Throttling"). */
export const CONCURRENCY_MESSAGE = 'You have reached the maximum number of concurrent requests per tenant. Please wait and try again.';

function readHttpFaults(stateDir: string): HttpFault[] {
  try {
    const faults = JSON.parse(fs.readFileSync(path.join(stateDir, 'http-faults.json'), 'utf8'));
    return Array.isArray(faults) ? faults : [];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Writes http-faults.json (and the server resets its counters when the file changes). */
export function writeHttpFaults(stateDir: string, faults: HttpFault[]): void {
  fs.writeFileSync(path.join(stateDir, 'http-faults.json'), `${JSON.stringify(faults)}\n`);
}

function send(res: http.ServerResponse, status: number, body: object | string | undefined, headers: http.OutgoingHttpHeaders = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; odata.metadata=minimal; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 5_000_000) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function errorBody(status: number, type: string, message: string): object {
  const code = status === 429 ? 'TooManyRequests' : status >= 500 ? 'InternalServerError' : 'BadRequest';
  return {
    error: {
      code,
      message,
      details: [{ code: 'Exception', target: '', message: `Ex${randomUUID().slice(0, 6).toUpperCase()}|Microsoft.Exchange.Management.Tasks.${type}|${message}` }],
      innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
    },
  };
}

const NOT_FOUND_HTML = '<html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>';

/** Starts the server; `close()` stops it (requests that hang are dropped). */
export async function startHttpsSimulator(options: HttpsSimulatorOptions): Promise<HttpsSimulator> {
  const stateDir = path.resolve(options.stateDir);
  const store = new SimulatorStore(stateDir);
  fs.mkdirSync(stateDir, { recursive: true });
  const pki = loopbackPki(path.join(stateDir, 'https'));
  const identity = new SimulatedIdentity(store, options.tokenLifetimeSeconds);
  const maxPage = options.pageSize ?? 1000;
  const sessions = new Map<string, Promise<SimulatedSession>>();
  const counters = new Map<string, number>();
  let faultsStamp = '';
  let origin = '';

  const nextHttpFault = (organization: string, cmdlet: string): HttpFault | undefined => {
    const file = path.join(stateDir, 'http-faults.json');
    const stamp = fs.existsSync(file) ? `${fs.statSync(file).mtimeMs}:${fs.statSync(file).size}` : '';
    if (stamp !== faultsStamp) {
      counters.clear();
      faultsStamp = stamp;
    }
    const faults = readHttpFaults(stateDir);
    if (faults.length === 0) return undefined;
    const org = organization.toLowerCase();
    const bump = (k: string) => {
      counters.set(k, (counters.get(k) ?? 0) + 1);
      return counters.get(k)!;
    };
    const perCmdlet = bump(`${org}|${cmdlet.toLowerCase()}`);
    const all = bump(`${org}|*`);
    return faults.find((f) => {
      if (f.organization !== undefined && f.organization !== '*' && f.organization.toLowerCase() !== org) return false;
      if (f.cmdlet === undefined || f.cmdlet === '*') return all === f.nth;
      return f.cmdlet.toLowerCase() === cmdlet.toLowerCase() && perCmdlet === f.nth;
    });
  };

  const invokeCommand = async (req: http.IncomingMessage, res: http.ServerResponse, tenantSegment: string, url: URL) => {
    const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const verified = auth ? identity.verifyAccessToken(auth[1]) : { refused: 'No bearer token.' };
    const tenant = findTenant(store, tenantSegment);
    if (!verified.claims) {
      return send(res, 401, undefined, { 'www-authenticate': `Bearer error="invalid_token", error_description="${verified.refused}"` });
    }
    if (!tenant || tenant.tenantId.toLowerCase() !== verified.claims.tid.toLowerCase()) {
      return send(res, 401, undefined, { 'www-authenticate': 'Bearer error="invalid_token", error_description="The token was issued for another tenant."' });
    }
    let cmdlet: string;
    let parameters: ExoParameters;
    try {
      const body = JSON.parse(await readBody(req));
      cmdlet = String(body?.CmdletInput?.CmdletName ?? '');
      parameters = body?.CmdletInput?.Parameters ?? {};
      if (!cmdlet || typeof parameters !== 'object' || Array.isArray(parameters)) throw new Error('CmdletInput needs CmdletName and a Parameters object');
    } catch (e) {
      return send(res, 400, errorBody(400, 'ProtocolException', `The request body is not a valid CmdletInput: ${(e as Error).message}`));
    }
    const fault = nextHttpFault(tenant.organization, cmdlet);
    if (fault?.hang) return; // never answered; the socket is dropped on close()
    if (fault) {
      const status = fault.status ?? 429;
      return send(res, status, errorBody(status, 'ThrottlingException', fault.message ?? (status === 429 ? 'Too many requests. Please retry after some time.' : 'The service is temporarily unavailable. Please try again later.')), fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
    }
    const connection = String(req.headers['connection-id'] ?? `${verified.claims.tid}|${verified.claims.iat}`);
    let opening = sessions.get(connection);
    if (!opening) {
      opening = openSimulatedSession({ stateDir, organization: tenant.organization, appId: verified.claims.appid, env: options.env });
      sessions.set(connection, opening);
    }
    const session = await opening;
    if (session.hello.type !== 'ready') {
      sessions.delete(connection);
      return send(res, 403, errorBody(403, 'UnauthorizedAccessException', session.hello.error?.message ?? 'The app cannot act in this tenant.'));
    }
    const op = /^get-/i.test(cmdlet) ? 'get' : 'invoke';
    const reply: SessionReply = await session.handle({ id: 1, op, cmdlet, parameters });
    if (!reply.ok) {
      return send(res, 400, errorBody(400, reply.error?.type ?? 'Exception', reply.error?.message ?? ''));
    }
    const result = reply.result;
    const list = result === null || result === undefined ? [] : Array.isArray(result) ? result : [result];
    const tagged = list.map((o) => ({ '@odata.type': '#Exchange.GenericHashTable', ...o }));
    const prefer = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(req.headers.prefer ?? ''));
    const pageSize = Math.max(1, Math.min(maxPage, prefer ? Number(prefer[1]) : maxPage));
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
    const page = op === 'get' ? tagged.slice(skip, skip + pageSize) : tagged;
    const answer: { [k: string]: unknown } = { '@odata.context': `${origin}/adminapi/beta/${tenantSegment}/$metadata#Collection(Exchange.GenericHashTable)`, value: page };
    if (op === 'get' && skip + pageSize < tagged.length) {
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(skip + pageSize));
      answer['@odata.nextLink'] = next.toString();
    }
    if (reply.warnings && reply.warnings.length) answer['@adminapi.warnings'] = reply.warnings;
    return send(res, 200, answer);
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const parts = url.pathname.split('/').filter((p) => p !== '');
    try {
      if (req.method === 'GET' && parts.length === 4 && parts[1] === 'v2.0' && parts[2] === '.well-known' && parts[3] === 'openid-configuration') {
        const t = parts[0];
        return send(res, 200, {
          token_endpoint: `${origin}/${t}/oauth2/v2.0/token`,
          authorization_endpoint: `${origin}/${t}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${origin}/${t}/oauth2/v2.0/logout`,
          issuer: `${origin}/${t}/v2.0`,
          jwks_uri: `${origin}/${t}/discovery/v2.0/keys`,
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
          response_types_supported: ['code', 'id_token', 'token'],
        });
      }
      if (req.method === 'POST' && parts.length === 4 && parts[1] === 'oauth2' && parts[2] === 'v2.0' && parts[3] === 'token') {
        const answer = identity.token(parts[0], new URLSearchParams(await readBody(req)), `${origin}/${parts[0]}/oauth2/v2.0/token`);
        return send(res, answer.status, answer.body);
      }
      if (req.method === 'POST' && parts.length === 4 && parts[0] === 'adminapi' && parts[1] === 'beta' && parts[3] === 'InvokeCommand') {
        return await invokeCommand(req, res, parts[2], url);
      }
      return send(res, 404, NOT_FOUND_HTML);
    } catch (e) {
      if (!res.headersSent) send(res, 500, errorBody(500, 'Exception', (e as Error).message));
    }
  };

  const server = https.createServer({ key: pki.server.keyPem, cert: pki.server.certPem }, (req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    caFile: pki.caFile,
    identity,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
