/**
 * Connecting to a tenant's Exchange Online: the session tries once; whether and when to try
 * again is decided here. A new app's consent and role assignment take a while to reach Exchange
 * Online, so a failed connect (`ConnectFailed`) is retried with a bounded backoff; anything else
 * (a missing module, a certificate the runner does not have) fails at once.
 */
import { TenantDesiredState } from '../core/exo-model';
import { ExchangeSession } from './session-client';

/** How often to try, and how long to wait before each retry. */
export interface ConnectRetry {
  readonly attempts: number;
  /** Seconds before retry 1, 2, …; the last value repeats. */
  readonly backoffSeconds: readonly number[];
}

/** One attempt: for tests and what-if runs that should fail fast. */
export const SINGLE_ATTEMPT: ConnectRetry = { attempts: 1, backoffSeconds: [] };

/** The apply step's default: 5 attempts, waiting 10, 20, 40 and 60 s (about two minutes). */
export const DEFAULT_CONNECT_RETRY: ConnectRetry = { attempts: 5, backoffSeconds: [10, 20, 40, 60] };

/** Added to the last failure's message. */
export const LIKELY_CONNECT_CAUSE =
  "Likely cause: the app's admin consent (Exchange.ManageAsApp) or its Exchange role assignment is missing in this tenant, or was granted recently and has not propagated yet.";

/** Added to a "tenant not found" failure, which is never retried: waiting does not create a tenant. */
export const TENANT_NOT_FOUND_HINT =
  "The organization named by this tenant's initialDomain does not exist (AADSTS90002): check initialDomain and tenantId. When rehearsing against the simulator, seed the stack's tenants first: exo-gateway simulate --seed-from <synthesized stack folder>.";

/**
 * True for a connect that failed because the tenant does not exist: Entra's AADSTS90002 ("Tenant
 * '…' not found"), which exo-session.ps1 passes on from Connect-ExchangeOnline, or the simulator's
 * unseeded tenant.
 */
export function isTenantNotFound(message: string): boolean {
  return /AADSTS90002|Tenant '[^']*' not found|No simulated tenant/i.test(message);
}

/** The retry policy from EXO_GATEWAY_CONNECT_ATTEMPTS and EXO_GATEWAY_CONNECT_BACKOFF_SECONDS ("10,20,40,60"), or the default. */
export function connectRetry(env: NodeJS.ProcessEnv): ConnectRetry {
  const attempts = Number(env.EXO_GATEWAY_CONNECT_ATTEMPTS);
  const backoff = (env.EXO_GATEWAY_CONNECT_BACKOFF_SECONDS ?? '').split(',').filter((x) => x.trim() !== '').map(Number);
  return {
    attempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : DEFAULT_CONNECT_RETRY.attempts,
    backoffSeconds: backoff.length > 0 && backoff.every((n) => Number.isFinite(n) && n >= 0) ? backoff : DEFAULT_CONNECT_RETRY.backoffSeconds,
  };
}

const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Opens a session, trying again after a failed connect as `retry` says. Returns the last
 * session: ready, or fatal with the last failure (its message then says how many attempts were
 * made and the likely cause).
 */
export async function openWithRetry(
  open: (doc: TenantDesiredState) => Promise<ExchangeSession>,
  doc: TenantDesiredState,
  retry: ConnectRetry,
  log: (line: string) => void,
  wait: (seconds: number) => Promise<void> = sleep,
): Promise<ExchangeSession> {
  for (let attempt = 1; ; attempt++) {
    const session = await open(doc);
    const error = session.hello.error;
    if (session.hello.type === 'ready' || error?.type !== 'ConnectFailed') return session;
    if (isTenantNotFound(error.message)) {
      return { ...session, hello: { ...session.hello, error: { type: 'TenantNotFound', message: `${error.message} ${TENANT_NOT_FOUND_HINT}` } } };
    }
    if (attempt >= retry.attempts) {
      const message = `${error.message} (${attempt} attempt${attempt === 1 ? '' : 's'}) ${LIKELY_CONNECT_CAUSE}`;
      return { ...session, hello: { ...session.hello, error: { ...error, message } } };
    }
    await session.close();
    const seconds = retry.backoffSeconds[Math.min(attempt - 1, retry.backoffSeconds.length - 1)] ?? 0;
    log(`[${doc.tenant.name}] connect attempt ${attempt} of ${retry.attempts} failed: ${error.message}; trying again in ${seconds} s`);
    await wait(seconds);
  }
}
