/**
 * A small client for the SEPPmail REST API 1.0.3 (gateway-apis.md §1.2): `https://{server}:{port}/v1`,
 * both API-key headers `X-SM-API-TOKEN` and `X-SM-API-SECRET`, `accept` and `Content-Type`
 * `application/json`; errors are HTTP 500 with `{ errorCode, errorMessage }`.
 *
 * Node built-ins only (node:https). The token and secret are read from the environment
 * variables the document names, sent only as those two headers, and never written to a log
 * or an error message (every text that leaves this file is scrubbed of both).
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import { GatewayDeploymentError } from '../document';
import { SeppmailRestSpec } from './types';

/** One API call, as the log and the report show it (no headers, no body). */
export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, e.g. `/customer/Contoso/mailroute`. */
  readonly path: string;
  readonly query?: { readonly [name: string]: string };
  readonly body?: unknown;
}

/** The call as text: method, path and query. */
export function callText(call: ApiCall): string {
  const q = call.query && Object.keys(call.query).length ? `?${new URLSearchParams(call.query as Record<string, string>).toString()}` : '';
  return `${call.method} ${call.path}${q}`;
}

/** An error reply of the API, or a failed connection. */
export class SeppmailApiError extends GatewayDeploymentError {
  constructor(
    message: string,
    /** HTTP status, 0 when no reply came. */
    public readonly status: number,
    /** The API's `errorCode`, when it sent one. */
    public readonly errorCode?: number,
    /** The API's `errorMessage`, when it sent one. */
    public readonly errorMessage?: string,
  ) {
    super(message);
    this.name = 'SeppmailApiError';
  }
}

/** Reads the credentials from the environment; throws naming the variable (never a value) when one is missing. */
function credential(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new GatewayDeploymentError(`the environment variable ${name} (the SEPPmail API ${what}) is not set on this runner; create the API key on the appliance (System > Advanced view > REST-API) and put its ${what} there`);
  }
  if (/[\r\n\0]/.test(value)) throw new GatewayDeploymentError(`the environment variable ${name} (the SEPPmail API ${what}) contains a line break`);
  return value.trim();
}

const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME|HOSTNAME/i;

export class SeppmailClient {
  private readonly base: URL;
  private readonly token: string;
  private readonly secret: string;
  private readonly agent: https.Agent;
  private readonly timeoutMs: number;

  constructor(spec: SeppmailRestSpec, env: NodeJS.ProcessEnv) {
    this.base = new URL(spec.apiUrl.replace(/\/+$/, ''));
    this.token = credential(env, spec.tokenEnv, 'token');
    this.secret = credential(env, spec.secretEnv, 'secret');
    this.timeoutMs = spec.timeoutMs;
    let ca: string | undefined;
    if (spec.caFile) {
      try {
        ca = fs.readFileSync(spec.caFile, 'utf8');
      } catch (e) {
        throw new GatewayDeploymentError(`cannot read caFile ${spec.caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 1, ...(ca ? { ca } : {}), rejectUnauthorized: !spec.insecureSkipVerify });
  }

  /** Removes the token and the secret from a text. */
  public scrub(text: string): string {
    let out = text;
    for (const s of [this.token, this.secret]) if (s.length >= 4) out = out.split(s).join('***');
    return out;
  }

  /** Closes the kept-alive connection. */
  public close(): void {
    this.agent.destroy();
  }

  /** Sends one call; resolves with the parsed JSON reply of an HTTP 200, rejects with SeppmailApiError. */
  public request<T = unknown>(call: ApiCall): Promise<T> {
    const url = new URL(this.base.toString());
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${call.path}`;
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
    const headers: { [name: string]: string | number } = {
      accept: 'application/json',
      'X-SM-API-TOKEN': this.token,
      'X-SM-API-SECRET': this.secret,
    };
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = body.length;
    }
    const text = callText(call);
    return new Promise<T>((resolve, reject) => {
      const fail = (message: string, status: number, errorCode?: number, errorMessage?: string) =>
        reject(new SeppmailApiError(this.scrub(message), status, errorCode, errorMessage === undefined ? undefined : this.scrub(errorMessage)));
      const req = https.request(url, { method: call.method, headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(`${text}: the reply broke off (${e.message})`, res.statusCode ?? 0));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let json: any;
          try {
            json = raw.trim() === '' ? {} : JSON.parse(raw);
          } catch {
            json = undefined;
          }
          if (status === 200) {
            if (json === undefined) fail(`${text}: HTTP 200 without a JSON body (${raw.slice(0, 200)})`, status);
            else resolve(json as T);
            return;
          }
          if (json && typeof json === 'object' && ('errorCode' in json || 'errorMessage' in json)) {
            fail(`${text}: HTTP ${status}, SEPPmail error ${String(json.errorCode)}: ${String(json.errorMessage)}`, status, Number(json.errorCode), String(json.errorMessage));
          } else {
            const hint = status === 401 || status === 403 ? ' (check the API key and its access rights on the appliance)' : status === 404 ? ' (check apiUrl: the base URL ends in /v1)' : '';
            fail(`${text}: HTTP ${status}${hint}${raw.trim() ? `: ${raw.trim().slice(0, 300)}` : ''}`, status);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no reply within ${this.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ? ` ${e.code}` : '';
        const hint = CERTIFICATE_ERRORS.test(`${e.code ?? ''} ${e.message}`)
          ? `; the appliance's HTTPS certificate was not accepted: give its CA as caFile (SeppmailApplianceDeployment.restApi)`
          : '';
        fail(`${text}: cannot reach ${this.base.host}:${code} ${e.message}${hint}`, 0);
      });
      if (body) req.write(body);
      req.end();
    });
  }
}
