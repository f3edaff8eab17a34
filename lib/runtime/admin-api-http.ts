/**
 * The `adminApi` transport's settings (from the environment) and its HTTPS requests: one request
 * with a deadline, through a keep-alive agent that trusts the extra CA when one is given, and the
 * redaction of anything token-shaped from texts meant for logs or errors.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { ERRORS, libraryError } from '../core/errors';

/** The resource (and token audience) of Exchange Online's admin endpoint. */
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';
/** Where tokens come from, unless EXO_GATEWAY_LOGIN_URL says otherwise. */
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

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
