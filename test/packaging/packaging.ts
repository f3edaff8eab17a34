/**
 * Helpers for the packaging tests: a fresh copy of the repository (what `git clone` gives, with
 * the installed node_modules linked in), `npm pack` there, and throw-away consumer projects that
 * install the tarball with their peers from the npm registry (`--prefer-offline`: the local npm
 * cache serves what it holds). Nothing here writes into the working tree.
 */
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; throws with its output when it fails, so the test says what broke. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): Ran {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (r.status !== 0) {
    throw new Error(`'${command} ${args.join(' ')}' in ${options.cwd ?? process.cwd()} failed (${r.error ?? `exit ${r.status}`}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
  }
  return { stdout, stderr };
}

/** A new temporary folder. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The repository as a fresh clone has it (tracked files plus new, not ignored ones: no lib/**\/*.js,
 * no .jsii, no build/), with the installed node_modules linked in.
 */
export function freshCopy(prefix: string): string {
  const dir = tempDir(prefix);
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(REPO, f);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue; // deleted, or a submodule
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `npm pack` in a fresh copy (its prepack builds the package); returns the tarball's path. */
export function packFresh(): string {
  const copy = freshCopy('exo-pack-src-');
  const out = tempDir('exo-pack-out-');
  run('npm', ['pack', '--pack-destination', out], { cwd: copy, env: { ...process.env, npm_config_loglevel: 'warn' } });
  const tgz = fs.readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack wrote no tarball to ${out}`);
  fs.rmSync(copy, { recursive: true, force: true });
  return path.join(out, tgz);
}

/** The exact version of a devDependency, to install the same peer a consumer would. */
export function devVersion(name: string): string {
  const v = PACKAGE.devDependencies[name];
  if (!v) throw new Error(`${name} is not a devDependency in package.json`);
  return v;
}

/** A consumer project with these dependencies (and npm overrides), installed. */
export function consumerProject(prefix: string, dependencies: Record<string, string>, overrides?: Record<string, unknown>): string {
  const dir = tempDir(prefix);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'exo-consumer', version: '0.0.0', private: true, dependencies, ...(overrides ? { overrides } : {}) }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, env: { ...process.env, npm_config_loglevel: 'error' } });
  return dir;
}

/** Copies an example folder's TypeScript into a consumer, importing the installed package instead of ../../lib. */
export function copyExample(example: string, dest: string): void {
  const from = path.join(REPO, 'examples', example);
  for (const f of fs.readdirSync(from).filter((n) => n.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(from, f), 'utf8').replace(/from '\.\.\/\.\.\/lib'/g, `from '${PACKAGE.name}'`);
    fs.writeFileSync(path.join(dest, f), text);
  }
}
