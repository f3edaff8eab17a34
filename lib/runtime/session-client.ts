/**
 * Client side of the session line protocol: one JSON request per line on the session's stdin,
 * one JSON reply per line on its stdout, after a first `hello` line. The session is a `pwsh`
 * process running exo-session.ps1 (real Exchange Online), or anything that speaks the same
 * protocol (the test stand-in `pwsh`).
 */
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import { ExchangeAccessReference, ExoParameters, ExoValue, ObservedObject, SessionHello, SessionReply } from '../core/exo-model';
import { exchangeErrorFor } from './reads';
import { ERRORS, libraryError } from '../core/errors';
import { checkSessionSettings } from './session-preflight';

/** An open Exchange session for one tenant. */
export interface ExchangeSession {
  readonly hello: SessionHello;
  /** Runs an allow-listed read cmdlet (Get-*) and answers the objects it returned, with the warnings Exchange printed. */
  read(cmdlet: string, parameters: ExoParameters): Promise<SessionReply>;
  invoke(cmdlet: string, parameters: ExoParameters): Promise<SessionReply>;
  close(): Promise<void>;
}

/**
 * Environment variables the session script reads (references only; it resolves secrets itself).
 * Every variable is set, to '' when the access does not declare it, so a value inherited from
 * the apply program's own environment never adds a second certificate source.
 */
export function sessionEnvironment(access: ExchangeAccessReference): { [name: string]: string } {
  return {
    EXO_SESSION_APP_ID: access.appId,
    EXO_SESSION_ORGANIZATION: access.organization,
    EXO_SESSION_CERT_FILE: access.certificateFile ?? '',
    EXO_SESSION_CERT_ENV: access.certificateEnv ?? '',
    EXO_SESSION_CERT_PASSWORD_ENV: access.certificatePasswordEnv ?? '',
  };
}

/**
 * The hello as the rest of the program reads it: the tenant id Get-ConnectionInformation
 * reported, lower-cased (the script sends it as Exchange wrote it).
 */
export function typedHello(hello: SessionHello): SessionHello {
  return typeof hello.tenantId === 'string' ? { ...hello, tenantId: hello.tenantId.toLowerCase() } : hello;
}

/**
 * One property value of a session reply as an ExoValue. The script writes each value in its own
 * JSON kind and interprets none: numbers, booleans, strings and null stay as they are; a list
 * becomes a list of its items' texts; a dictionary (a JSON object) becomes its `key=value`
 * entries, in the order written.
 */
export function typedValue(value: unknown): ExoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(itemText);
  if (typeof value === 'object') return Object.entries(value as object).map(([key, entry]) => `${key}=${itemText(entry)}`);
  return String(value);
}

function itemText(item: unknown): string {
  if (item === null || item === undefined) return '';
  if (typeof item === 'object') return Array.isArray(item) ? item.map(itemText).join(',') : (typedValue(item) as string[]).join(';');
  return String(item);
}

function typedObject(object: unknown): ObservedObject {
  const typed: { [property: string]: ExoValue } = {};
  if (object !== null && typeof object === 'object' && !Array.isArray(object)) {
    for (const [property, value] of Object.entries(object)) typed[property] = typedValue(value);
  }
  return typed;
}

/**
 * A successful reply in the shape the program reads: the script always sends a list (and the
 * simulated session may send one object or null for an invoke). A `get` answers the list of
 * objects; an `invoke` answers null for no object, the object for one, and the list for more.
 * Every property value is typed by typedValue.
 */
export function typedReply(op: 'get' | 'invoke', reply: SessionReply): SessionReply {
  if (!reply.ok) return reply;
  const raw: unknown = reply.result;
  const list = (raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map(typedObject);
  if (op === 'get') return { ...reply, result: list };
  return { ...reply, result: list.length === 0 ? null : list.length === 1 ? list[0] : list };
}

/** How long to wait for a session, in seconds; a session that does not answer is killed. */
export interface SessionTimeouts {
  /** Until the hello line (the connect retries with backoff for up to about two minutes). */
  readonly connectSeconds: number;
  /** For each reply. */
  readonly requestSeconds: number;
}

/** Timeouts from EXO_GATEWAY_CONNECT_TIMEOUT_SECONDS / EXO_GATEWAY_REQUEST_TIMEOUT_SECONDS, or the defaults (300 s, 600 s). */
export function sessionTimeouts(env: NodeJS.ProcessEnv): SessionTimeouts {
  const read = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return { connectSeconds: read('EXO_GATEWAY_CONNECT_TIMEOUT_SECONDS', 300), requestSeconds: read('EXO_GATEWAY_REQUEST_TIMEOUT_SECONDS', 600) };
}

/**
 * Spawns `command args` and speaks the line protocol with it. Lines that are not JSON (a module
 * banner, a warning written to stdout) are passed to stderr and skipped. A session that does
 * not answer within the timeouts is killed and reported, never waited for forever.
 */
export async function openProcessSession(command: string, args: string[], env: NodeJS.ProcessEnv, label: string, timeouts: SessionTimeouts = sessionTimeouts(env)): Promise<ExchangeSession> {
  const child: ChildProcessWithoutNullStreams = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined); // a write to a session that died is reported by the missing reply
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: ((line: string | undefined) => void)[] = [];
  const buffered: string[] = [];
  let ended = false;
  let spawnError: Error | undefined;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20000) stderr = stderr.slice(-20000);
  });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    if (!line.trimStart().startsWith('{')) {
      process.stderr.write(`[${label}] session: ${line.slice(0, 300)}\n`);
      return;
    }
    const w = waiting.shift();
    if (w) w(line);
    else buffered.push(line);
  });
  const finish = () => {
    ended = true;
    while (waiting.length) waiting.shift()!(undefined);
  };
  lines.on('close', finish);
  child.on('error', (e) => {
    spawnError = e;
    finish();
  });

  let timedOut: string | undefined;
  const kill = () => {
    if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
  };
  const nextLine = (seconds: number, what: string) =>
    new Promise<string | undefined>((resolve) => {
      if (buffered.length) return resolve(buffered.shift());
      if (ended) return resolve(undefined);
      const timer = setTimeout(() => {
        const i = waiting.indexOf(deliver);
        if (i >= 0) waiting.splice(i, 1);
        timedOut = `no ${what} within ${seconds} s; the session was stopped`;
        kill();
        resolve(undefined);
      }, seconds * 1000);
      const deliver = (line: string | undefined) => {
        clearTimeout(timer);
        resolve(line);
      };
      waiting.push(deliver);
    });

  const describeEnd = () =>
    timedOut ??
    (spawnError
      ? `could not start '${command}': ${spawnError.message}${(spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is PowerShell 7 installed and on PATH?)' : ''}`
      : `the session process ended unexpectedly${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`);

  const first = await nextLine(timeouts.connectSeconds, 'hello (connect)');
  if (first === undefined) {
    kill();
    return { hello: { type: 'fatal', error: { type: timedOut ? 'SessionTimeout' : 'SessionEnded', message: describeEnd() } }, read: rejectClosed, invoke: rejectClosed, close: async () => undefined };
  }
  let hello: SessionHello;
  try {
    hello = typedHello(parseLine<SessionHello>(first, label));
  } catch (e) {
    kill();
    throw e;
  }

  let nextId = 1;
  const request = async (payload: { op: 'get' | 'invoke' | 'close'; cmdlet?: string; parameters?: ExoParameters }): Promise<SessionReply> => {
    const id = nextId++;
    if (ended || timedOut) return { id, ok: false, error: { type: 'SessionEnded', message: describeEnd() } };
    child.stdin.write(`${JSON.stringify({ id, ...payload })}\n`);
    const line = await nextLine(timeouts.requestSeconds, `reply to request ${id}`);
    if (line === undefined) {
      return { id, ok: false, error: { type: timedOut ? 'SessionTimeout' : 'SessionEnded', message: describeEnd() } };
    }
    let reply: SessionReply;
    try {
      reply = parseLine<SessionReply>(line, label);
    } catch (e) {
      kill();
      return { id, ok: false, error: { type: 'ProtocolError', message: (e as Error).message } };
    }
    // Exchange's own error form, and the parameter a length error is about (lib/runtime/reads.ts).
    if (!reply.ok && reply.error) reply = { ...reply, error: exchangeErrorFor(reply.error, payload.parameters ?? {}) };
    if (reply.id !== id) {
      return { id, ok: false, error: { type: 'ProtocolError', message: `reply for request ${reply.id} while waiting for ${id}` } };
    }
    return payload.op === 'close' ? reply : typedReply(payload.op, reply);
  };

  return {
    hello,
    read: (cmdlet, parameters) => request({ op: 'get', cmdlet, parameters }),
    invoke: (cmdlet, parameters) => request({ op: 'invoke', cmdlet, parameters }),
    close: async () => {
      if (!ended && !timedOut) {
        child.stdin.write(`${JSON.stringify({ id: nextId++, op: 'close' })}\n`);
      }
      child.stdin.end();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || spawnError) return resolve();
        const timer = setTimeout(() => {
          kill();
          resolve();
        }, 60_000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/**
 * Runs the pre-flight check (session-preflight.ts) on the environment a session process would
 * get, and starts the process only when it passes; otherwise answers a session whose hello is
 * the `fatal` ConfigurationError, without starting anything.
 */
export async function openCheckedProcessSession(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): Promise<ExchangeSession> {
  const checked = checkSessionSettings(env);
  if (!checked.settings) {
    return { hello: { type: 'fatal', organization: env.EXO_SESSION_ORGANIZATION, error: checked.error }, read: rejectClosed, invoke: rejectClosed, close: async () => undefined };
  }
  return openProcessSession(command, args, env, label);
}

async function rejectClosed(): Promise<SessionReply> {
  return { id: 0, ok: false, error: { type: 'SessionEnded', message: 'the session is not connected' } };
}

function parseLine<T>(line: string, label: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw libraryError(ERRORS.SESSION_NOT_JSON, `${label}: the session wrote a line that is not JSON: ${line.slice(0, 200)}`);
  }
}
