/**
 * Node entry point of the simulated Exchange session: the drop-in for `pwsh exo-session.ps1`.
 * Bundled by scripts/bundle-runtime.js to <dist|build>/runtime/exo-sim-session.js (Node built-ins
 * only); test/helpers/bin/pwsh runs that bundle.
 *
 * Reads the same environment as exo-session.ps1, plus where the simulator keeps its state:
 * - EXO_SIM_STATE_DIR (required): the simulator's state folder (store.ts);
 * - EXO_SESSION_APP_ID, EXO_SESSION_ORGANIZATION (required);
 * - exactly one of EXO_SESSION_CERT_FILE (a PFX path that must exist) or EXO_SESSION_CERT_ENV (the
 *   NAME of a non-empty variable holding the base64 PFX); EXO_SESSION_CERT_PASSWORD_ENV (optional,
 *   the NAME of a variable that must then be set), checked by ../session-preflight.ts. The
 *   certificate itself is never read or printed;
 * - EXO_SIM_CONNECT_DELAY_MS, EXO_SIM_CMDLET_DELAY_MS (optional latency, see session.ts).
 *
 * Then, like the script: one SessionHello line on stdout (`ready` or `fatal`), and one reply line
 * per request line on stdin until `close` or end of input. Exit code 0 after close/EOF, 1 after a
 * fatal hello.
 */
import * as readline from 'readline';
import { SessionError, SessionHello } from '../../core/exo-model';
import { checkSessionSettings, SESSION_CONFIGURATION_ERROR } from '../session-preflight';
import { serialiseHello, serialiseReply } from './protocol';
import { openSimulatedSession } from './session';

type Environment = { readonly [name: string]: string | undefined };

export interface SimSessionMainOptions {
  /** @default process.env */
  readonly env?: Environment;
  /** @default process.stdin */
  readonly input?: NodeJS.ReadableStream;
  /** @default process.stdout */
  readonly output?: NodeJS.WritableStream;
  /** @default process.pid */
  readonly pid?: number;
}

/** What the session environment names, once checked. */
export interface SessionEnvironment {
  readonly stateDir: string;
  readonly appId: string;
  readonly organization: string;
}

/**
 * Checks the environment with the pre-flight the apply program runs before starting `pwsh`
 * (../session-preflight.ts: same messages, error type `ConfigurationError`), plus
 * EXO_SIM_STATE_DIR. Returns the settings or the error.
 */
export function checkSessionEnvironment(env: Environment): { settings?: SessionEnvironment; error?: SessionError } {
  const stateDir = env.EXO_SIM_STATE_DIR;
  if (!stateDir) return { error: { type: SESSION_CONFIGURATION_ERROR, message: 'EXO_SIM_STATE_DIR is not set: the simulated Exchange Online needs its state folder.' } };
  const checked = checkSessionSettings(env);
  if (!checked.settings) return { error: checked.error };
  return { settings: { stateDir, appId: checked.settings.appId, organization: checked.settings.organization } };
}

/** Runs one simulated session over `input`/`output`. Resolves to the process exit code. */
export async function runSimSessionMain(options: SimSessionMainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const write = (line: string): Promise<void> =>
    new Promise((resolve, reject) => {
      output.write(`${line}\n`, (error) => (error ? reject(error) : resolve()));
    });

  const checked = checkSessionEnvironment(env);
  if (!checked.settings) {
    const hello: SessionHello = { type: 'fatal', organization: env.EXO_SESSION_ORGANIZATION, error: checked.error };
    await write(serialiseHello(hello));
    return 1;
  }
  const session = await openSimulatedSession({
    stateDir: checked.settings.stateDir,
    organization: checked.settings.organization,
    appId: checked.settings.appId,
    env,
    pid: options.pid,
  });
  await write(serialiseHello(session.hello));
  if (session.hello.type !== 'ready') return 1;

  const lines = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const reply = await session.handleLine(line);
      await write(serialiseReply(reply));
      if (session.closed) break;
    }
  } finally {
    lines.close();
  }
  return 0;
}

if (require.main === module) {
  runSimSessionMain().then(
    (code) => {
      process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`exo-sim-session: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(2);
    },
  );
}
