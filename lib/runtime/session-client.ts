/**
 * Client side of the session line protocol: one JSON request per line on the session's stdin,
 * one JSON reply per line on its stdout, after a first `hello` line. The session is a `pwsh`
 * process running exo-session.ps1 (real Exchange Online), or anything that speaks the same
 * protocol (the test stand-in `pwsh`).
 */
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import { ExchangeAccessReference, ExoParameters, SessionHello, SessionReply } from '../core/exo-model';
import { exchangeErrorFor } from './reads';
import { ERRORS, libraryError } from '../core/errors';

/** An open Exchange session for one tenant. */
export interface ExchangeSession {
  readonly hello: SessionHello;
  /** Runs an allow-listed read cmdlet (Get-*) and answers the objects it returned, with the warnings Exchange printed. */
  read(cmdlet: string, parameters: ExoParameters): Promise<SessionReply>;
  invoke(cmdlet: string, parameters: ExoParameters): Promise<SessionReply>;
  close(): Promise<void>;
}

/** Environment variables the session script reads (references only; it resolves secrets itself). */
export function sessionEnvironment(access: ExchangeAccessReference): { [name: string]: string } {
  const env: { [name: string]: string } = {
    EXO_SESSION_APP_ID: access.appId,
    EXO_SESSION_ORGANIZATION: access.organization,
  };
  if (access.certificateFile !== undefined) env.EXO_SESSION_CERT_FILE = access.certificateFile;
  if (access.certificateEnv !== undefined) env.EXO_SESSION_CERT_ENV = access.certificateEnv;
  if (access.certificatePasswordEnv !== undefined) env.EXO_SESSION_CERT_PASSWORD_ENV = access.certificatePasswordEnv;
  return env;
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
    hello = parseLine<SessionHello>(first, label);
  } catch (e) {
    kill();
    throw e;
  }

  let nextId = 1;
  const request = async (payload: { op: string; cmdlet?: string; parameters?: ExoParameters }): Promise<SessionReply> => {
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
    return reply;
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
