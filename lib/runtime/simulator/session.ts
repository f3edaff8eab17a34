/**
 * A simulated Exchange Online session: what exo-session.ps1 does against the real service, done
 * against the folder-backed simulator.
 *
 * `openSimulatedSession(options)` performs the "connect": it finds the tenant by organization
 * (the value of -Organization, case-insensitive), checks the app id when the tenant lists allowed
 * app ids, waits the connect latency, logs the attempt to `<stateDir>/sessions.log`, and returns
 * the SessionHello (`ready` with tenantId and organization, or `fatal` worded like the real
 * script's failed connect).
 *
 * `session.handle(request)` is ASYNCHRONOUS (returns a Promise) because it waits the per-cmdlet
 * latency; requests are served one after the other in call order. For `invoke` it applies the
 * session's allow-list (the catalogue's non-Get cmdlets, like the script), then fault injection
 * (faults.ts), then the backend, and appends `{time, organization, cmdlet, parameterNames, ok}` to
 * `<stateDir>/calls.log`; each `get` to `<stateDir>/reads.log`. `close` is not logged. After `close` (or a fatal hello)
 * every request fails with type `SessionClosed`.
 *
 * Latency, first match wins: the options below; env EXO_SIM_CONNECT_DELAY_MS /
 * EXO_SIM_CMDLET_DELAY_MS; `<stateDir>/latency.json` {"connectDelayMs": n, "cmdletDelayMs": n};
 * otherwise none. The cmdlet delay applies to every `get` and `invoke`.
 */
import { sessionAllowList } from '../../core/exo-catalogue';
import { SessionHello, SessionReply, SessionRequest } from '../../core/exo-model';
import { ExoSimBackend, ExoSimBackendOptions } from './backend';
import { CmdletNotAllowedError, InjectedFaultError, SessionClosedError } from './errors';
import { DEFAULT_FAULT_TYPE, nextFault } from './faults';
import { dispatchRequest, errorReply, parseRequestLine } from './protocol';
import { SimulatorStore } from './store';
import type { ExchangeSession } from '../session-client';

export interface SimulatedSessionOptions {
  /** The simulator's state folder (see store.ts). */
  readonly stateDir: string;
  /** What `-Organization` names: the tenant's initial `*.onmicrosoft.com` domain. */
  readonly organization: string;
  /** What `-AppId` names; checked when the tenant was seeded with `appIds`. @default - no app id */
  readonly appId?: string;
  /** Connect latency in ms. @default - env EXO_SIM_CONNECT_DELAY_MS, else latency.json, else 0 */
  readonly connectDelayMs?: number;
  /** Latency per get/invoke in ms. @default - env EXO_SIM_CMDLET_DELAY_MS, else latency.json, else 0 */
  readonly cmdletDelayMs?: number;
  /** Environment to read the latency variables from. @default process.env */
  readonly env?: { readonly [name: string]: string | undefined };
  /** Process id written to sessions.log. @default process.pid */
  readonly pid?: number;
  /** Clock and guid factory of the backend (tests). */
  readonly backend?: ExoSimBackendOptions;
}

export interface SimulatedSession {
  /** The first line the session would write. */
  readonly hello: SessionHello;
  /** True after `close` or a fatal hello. */
  readonly closed: boolean;
  /** Serves one request (asynchronous: latency). */
  handle(request: SessionRequest): Promise<SessionReply>;
  /** Parses one request line and serves it; a malformed line gets a `ProtocolError` reply. */
  handleLine(line: string): Promise<SessionReply>;
}

/** The text of a failed connect; exo-session.ps1 words it the same way. */
export function connectFailedMessage(organization: string, cause: string): string {
  return `Connect-ExchangeOnline failed for organization '${organization}': ${cause}`;
}

/** Opens a simulated session (the "connect"). Never throws for a refused connect: see `hello`. */
export async function openSimulatedSession(options: SimulatedSessionOptions): Promise<SimulatedSession> {
  const store = new SimulatorStore(options.stateDir);
  const env = options.env ?? process.env;
  const latency = resolveLatency(store, env, options);
  await delay(latency.connectDelayMs);

  const organization = options.organization.trim();
  const pid = options.pid ?? process.pid;
  let tenant;
  let cause: string | undefined;
  try {
    tenant = store.readTenant(organization);
  } catch (error) {
    cause = (error as Error).message;
  }
  if (!tenant && cause === undefined) {
    cause = `AADSTS90002: Tenant '${organization}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;
  } else if (tenant && tenant.appIds && !tenant.appIds.some((id) => id.toLowerCase() === (options.appId ?? '').toLowerCase())) {
    cause =
      `AADSTS700016: Application with identifier '${options.appId ?? ''}' was not found in the directory '${organization}'. ` +
      'This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.';
  }
  const time = new Date().toISOString();
  if (cause !== undefined || !tenant) {
    store.appendLog(store.sessionsLogFile, { time, organization, tenantId: null, pid, ok: false });
    const hello: SessionHello = {
      type: 'fatal',
      organization,
      error: { type: 'ConnectFailed', message: connectFailedMessage(organization, cause ?? '') },
    };
    return closedSession(hello);
  }
  store.appendLog(store.sessionsLogFile, { time, organization: tenant.organization, tenantId: tenant.tenantId, pid, ok: true });
  return new LiveSession(
    { type: 'ready', tenantId: tenant.tenantId, organization: tenant.organization },
    store,
    new ExoSimBackend(store, options.backend),
    tenant.organization,
    latency.cmdletDelayMs,
  );
}

class LiveSession implements SimulatedSession {
  private isClosed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly allowList = sessionAllowList();

  constructor(
    readonly hello: SessionHello,
    private readonly store: SimulatorStore,
    private readonly backend: ExoSimBackend,
    private readonly organization: string,
    private readonly cmdletDelayMs: number,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  handle(request: SessionRequest): Promise<SessionReply> {
    const next = this.queue.then(() => this.serve(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async handleLine(line: string): Promise<SessionReply> {
    let request: SessionRequest;
    try {
      request = parseRequestLine(line);
    } catch (error) {
      return errorReply((error as { requestId?: number }).requestId ?? -1, error);
    }
    return this.handle(request);
  }

  private async serve(request: SessionRequest): Promise<SessionReply> {
    if (this.isClosed) return errorReply(request.id, new SessionClosedError());
    if (request.op === 'close') {
      this.isClosed = true;
      return { id: request.id, ok: true, result: null };
    }
    await delay(this.cmdletDelayMs);
    if (request.op === 'get') this.store.appendLog(this.store.readsLogFile, { time: new Date().toISOString(), organization: this.organization, cmdlet: request.cmdlet });
    if (request.op === 'get') return dispatchRequest(this.backend, this.organization, request);

    const parameterNames = Object.keys(request.parameters ?? {});
    const allowed = this.allowList.find((name) => name.toLowerCase() === request.cmdlet.toLowerCase());
    let reply: SessionReply;
    if (allowed === undefined) {
      reply = errorReply(request.id, new CmdletNotAllowedError(request.cmdlet));
    } else {
      const fault = nextFault(this.store, this.organization, allowed);
      reply = fault
        ? errorReply(request.id, new InjectedFaultError(fault.type ?? DEFAULT_FAULT_TYPE, fault.message))
        : dispatchRequest(this.backend, this.organization, { ...request, cmdlet: allowed });
    }
    this.store.appendLog(this.store.callsLogFile, {
      time: new Date().toISOString(),
      organization: this.organization,
      cmdlet: allowed ?? request.cmdlet,
      parameterNames,
      ok: reply.ok,
    });
    return reply;
  }
}

function closedSession(hello: SessionHello): SimulatedSession {
  return {
    hello,
    closed: true,
    handle: async (request) => errorReply(request.id, new SessionClosedError()),
    handleLine: async (line) => {
      try {
        return errorReply(parseRequestLine(line).id, new SessionClosedError());
      } catch (error) {
        return errorReply((error as { requestId?: number }).requestId ?? -1, error);
      }
    },
  };
}

/** Latency in effect: explicit options, then env, then latency.json, then 0. */
export function resolveLatency(
  store: SimulatorStore,
  env: { readonly [name: string]: string | undefined },
  options: { readonly connectDelayMs?: number; readonly cmdletDelayMs?: number } = {},
): { connectDelayMs: number; cmdletDelayMs: number } {
  let file: { connectDelayMs?: number; cmdletDelayMs?: number } = {};
  try {
    file = store.readLatency();
  } catch {
    file = {};
  }
  return {
    connectDelayMs: firstNumber(options.connectDelayMs, env.EXO_SIM_CONNECT_DELAY_MS, file.connectDelayMs),
    cmdletDelayMs: firstNumber(options.cmdletDelayMs, env.EXO_SIM_CMDLET_DELAY_MS, file.cmdletDelayMs),
  };
}

function firstNumber(...candidates: Array<number | string | undefined>): number {
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    const number = Number(candidate);
    if (Number.isFinite(number) && number >= 0) return number;
  }
  return 0;
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * An in-process simulated session as the apply program's ExchangeSession (the same requests the
 * process transport sends), for tests and rehearsals without spawning a process.
 */
export function asExchangeSession(session: SimulatedSession): ExchangeSession {
  let id = 0;
  return {
    hello: session.hello,
    read: (cmdlet, parameters) => session.handle({ id: ++id, op: 'get', cmdlet, parameters }),
    invoke: (cmdlet, parameters) => session.handle({ id: ++id, op: 'invoke', cmdlet, parameters }),
    close: async () => {
      if (!session.closed) await session.handle({ id: ++id, op: 'close' });
    },
  };
}
