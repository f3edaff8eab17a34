/**
 * Client side of the session line protocol: one JSON request per line on the session's stdin,
 * one JSON reply per line on its stdout, after a first `hello` line. The session is a `pwsh`
 * process running exo-session.ps1 (real Exchange Online), or anything that speaks the same
 * protocol (the test stand-in `pwsh`).
 */
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import { ExchangeAccessReference, ExoParameters, ExoReadableKind, SessionHello, SessionReply } from '../core/exo-model';

/** An open Exchange session for one tenant. */
export interface ExchangeSession {
  readonly hello: SessionHello;
  get(kind: ExoReadableKind): Promise<SessionReply>;
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

/** Spawns `command args` and speaks the line protocol with it. */
export async function openProcessSession(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): Promise<ExchangeSession> {
  const child: ChildProcessWithoutNullStreams = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
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

  const nextLine = () =>
    new Promise<string | undefined>((resolve) => {
      if (buffered.length) resolve(buffered.shift());
      else if (ended) resolve(undefined);
      else waiting.push(resolve);
    });

  const describeEnd = () =>
    spawnError
      ? `could not start '${command}': ${spawnError.message}${(spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is PowerShell 7 installed and on PATH?)' : ''}`
      : `the session process ended unexpectedly${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`;

  const first = await nextLine();
  if (first === undefined) {
    return { hello: { type: 'fatal', error: { type: 'SessionEnded', message: describeEnd() } }, get: rejectClosed, invoke: rejectClosed, close: async () => undefined };
  }
  const hello = parseLine<SessionHello>(first, label);

  let nextId = 1;
  const request = async (payload: object): Promise<SessionReply> => {
    const id = nextId++;
    child.stdin.write(`${JSON.stringify({ id, ...payload })}\n`);
    const line = await nextLine();
    if (line === undefined) {
      return { id, ok: false, error: { type: 'SessionEnded', message: describeEnd() } };
    }
    const reply = parseLine<SessionReply>(line, label);
    if (reply.id !== id) {
      return { id, ok: false, error: { type: 'ProtocolError', message: `reply for request ${reply.id} while waiting for ${id}` } };
    }
    return reply;
  };

  return {
    hello,
    get: (kind) => request({ op: 'get', kind }),
    invoke: (cmdlet, parameters) => request({ op: 'invoke', cmdlet, parameters }),
    close: async () => {
      if (!ended) {
        child.stdin.write(`${JSON.stringify({ id: nextId++, op: 'close' })}\n`);
        child.stdin.end();
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || spawnError) resolve();
        else child.on('exit', () => resolve());
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
    throw new Error(`${label}: the session wrote a line that is not JSON: ${line.slice(0, 200)}`);
  }
}
