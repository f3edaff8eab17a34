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

/** What the repository's .gitignore files keep out of a clone (for a checkout without git). */
const GENERATED = /^(node_modules|\.git|\.tools|\.tmp|build|dist|coverage|\.jsii|tsconfig\.json)$|(^|\/)(tsconfig\.tsbuildinfo|cdktf\.out|\.terraform|__pycache__|\.simulated-exchange-online)$|^lib\/.*\.(js|d\.ts)$|\.tfstate(\.backup)?$/;

/** The repository's files as a fresh clone has them: tracked and new, not ignored ones. */
function sourceFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (git.status === 0) return git.stdout.split('\0').filter(Boolean);
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(REPO, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (GENERATED.test(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk('');
  return out;
}

/**
 * The repository as a fresh clone has it (no lib/**\/*.js, no .jsii, no build/), with the
 * installed packages in its node_modules.
 */
export function freshCopy(prefix: string): string {
  const dir = tempDir(prefix);
  for (const f of sourceFiles()) {
    const from = path.join(REPO, f);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue; // deleted, or a submodule
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  linkNodeModules(dir);
  return dir;
}

/** The bundled dependencies and everything they depend on (top-level names in node_modules). */
function bundleClosure(): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = path.join(REPO, 'node_modules', name, 'package.json');
    if (!fs.existsSync(manifest)) return; // nested under its dependant, copied with it
    seen.add(name);
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  for (const name of PACKAGE.bundledDependencies as string[]) visit(name);
  return seen;
}

/**
 * node_modules for a copy: the installed packages linked in, except the bundled dependencies and
 * theirs, which are copied, because npm pack takes bundled packages only from inside the package.
 */
function linkNodeModules(dir: string): void {
  const from = path.join(REPO, 'node_modules');
  const to = path.join(dir, 'node_modules');
  const closure = bundleClosure();
  fs.mkdirSync(to);
  const place = (name: string) => {
    if (closure.has(name)) fs.cpSync(path.join(from, name), path.join(to, name), { recursive: true, verbatimSymlinks: true });
    else fs.symlinkSync(path.join(from, name), path.join(to, name), 'dir');
  };
  for (const e of fs.readdirSync(from)) {
    if (e.startsWith('.') && e !== '.bin') continue; // npm's hidden lockfile and caches
    if (e.startsWith('@')) {
      fs.mkdirSync(path.join(to, e));
      for (const s of fs.readdirSync(path.join(from, e))) place(`${e}/${s}`);
    } else place(e);
  }
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

/**
 * The converge documents of a synthesized stack folder, as the apply-time program reads them: the
 * file of exo-gateway-documents/ named by the hash at the head of each converge step's trigger.
 */
export function stackConvergeDocuments(stackDir: string): any[] {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  return Object.entries(json.resource.terraform_data as Record<string, { triggers_replace?: string[] }>)
    .filter(([id]) => /_Converge_/.test(id))
    .map(([, r]) => JSON.parse(fs.readFileSync(path.join(stackDir, 'exo-gateway-documents', `${r.triggers_replace![0]}.json`), 'utf8')));
}
