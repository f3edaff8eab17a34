/**
 * The gateway adapter interface: how the apply step configures a gateway product for the
 * tenants of a gateway document. The Postfix adapter is the first; SEPPmail (REST API) and
 * NoSpamProxy (PowerShell) adapters implement the same interface.
 *
 * Plain TypeScript, no cdktf import; Node built-ins only (bundled into the apply-time program).
 */
import { spawnSync } from 'node:child_process';
import { GatewayDocument, GatewayTenant } from './types';

/** A file the adapter writes, relative to its folder. */
export interface RenderedFile {
  /** Path relative to the adapter's folder, '/'-separated. */
  readonly path: string;
  readonly content: string;
  /** File mode, e.g. 0o644, or 0o600 for files with key material. */
  readonly mode: number;
  /** The tenant the file belongs to, if any. */
  readonly tenant?: string;
}

/** What `render` produces: the files; adapters add their own structured settings. */
export interface RenderedGateway {
  readonly files: RenderedFile[];
}

/** Gives the PEM chain file content for a tenant: private key, leaf, intermediates. */
export type ChainLoader = (tenant: GatewayTenant) => string;

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program with arguments (never through a shell). */
export type CommandRunner = (command: string, args: string[], env?: NodeJS.ProcessEnv) => CommandResult;

/** What an adapter may use at apply time. */
export interface GatewayContext {
  /** Environment of the apply step (PFX passwords are read from the variables the document names). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly run: CommandRunner;
}

/** What a sync or teardown did, for the log and for tests. */
export interface GatewayReport {
  /** Files written (absolute paths). */
  readonly written: string[];
  /** Files removed (absolute paths). */
  readonly removed: string[];
  /** Commands run, as text (program and arguments). */
  readonly commands: string[];
}

/**
 * A gateway product's adapter, for the documents of its deployment kinds (`D`: the Postfix
 * adapter takes {@link GatewayDocument}, the SEPPmail REST adapter its own document).
 */
export interface GatewayAdapter<D = GatewayDocument> {
  /** Short name for messages, e.g. `postfix-files`. */
  readonly id: string;
  /** Everything the gateway gets for this document, with the chain files from `chains` (adapters that deploy no key material ignore it). */
  render(doc: D, chains: ChainLoader): RenderedGateway;
  /** Full reconcile: the gateway ends up serving exactly the document's tenants. */
  sync(doc: D, ctx: GatewayContext): Promise<GatewayReport>;
  /** Removes everything the library wrote for this gateway (idempotent). */
  teardown(doc: D, ctx: GatewayContext): Promise<GatewayReport>;
}

/** The default command runner: spawnSync without a shell. */
export const spawnRunner: CommandRunner = (command, args, env) => {
  const r = spawnSync(command, args, { encoding: 'utf8', env: env ?? process.env, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error.message) : ''}` };
};

/** A context for the apply step: the process environment, console logging, spawnSync. */
export function defaultContext(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (l) => console.log(l)): GatewayContext {
  return { env, log, run: spawnRunner };
}
