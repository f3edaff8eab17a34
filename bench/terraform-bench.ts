/**
 * Child process of figure 6: Terraform's own cost of a fleet, with the apply-time program replaced
 * by `exit 0` (a `node` on PATH that does nothing), so only Terraform's work is timed: the first
 * apply of N tenants in one stack, the same fleet in shards applied one after another and two at
 * a time, the state per tenant, and the plan of a one-domain change to one tenant.
 *
 *   node bench/.build/terraform-bench.js <workdir> <one-stack sizes, comma-separated> <shard count> <shard fleet size>
 *
 * Prints one JSON line.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../examples/seppmail-msp/fleet';
import { buildShardedFleet } from '../examples/sharded-fleet/fleet';
import { benchFleet } from './fleet';

function log(line: string): void {
  process.stderr.write(`  [terraform] ${line}\n`);
}

interface Timed {
  readonly wallMs: number;
  readonly maxRssKb: number | null;
  readonly cpuSeconds: number | null;
  readonly output: string;
}

const TIME = fs.existsSync('/usr/bin/time');

/** Runs terraform in `cwd`, output to a log file (plans and applies of large stacks are long). */
function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Timed {
  const fd = fs.openSync(logFile, 'w');
  const start = performance.now();
  try {
    const r = TIME
      ? spawnSync('/usr/bin/time', ['-f', 'bench-usage %M %U %S', 'terraform', ...args], { cwd, env, stdio: ['ignore', fd, fd], timeout: 1_800_000 })
      : spawnSync('terraform', args, { cwd, env, stdio: ['ignore', fd, fd], timeout: 1_800_000 });
    const wallMs = performance.now() - start;
    const output = fs.readFileSync(logFile, 'utf8');
    if (r.status !== 0 && !(args[0] === 'plan' && r.status === 2)) throw new Error(`terraform ${args.join(' ')} in ${cwd} failed (exit ${r.status}):\n${output.slice(-3000)}`);
    const usage = /bench-usage (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(output);
    return { wallMs, maxRssKb: usage ? Number(usage[1]) : null, cpuSeconds: usage ? Number(usage[2]) + Number(usage[3]) : null, output };
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs `apply` in several stack folders, at most `concurrency` at a time; the wall time of all. */
async function applyAll(dirs: string[], env: NodeJS.ProcessEnv, concurrency: number): Promise<number> {
  const start = performance.now();
  const queue = [...dirs];
  const worker = async () => {
    for (let dir = queue.shift(); dir; dir = queue.shift()) {
      const code = await new Promise<number>((resolve) => {
        const p = spawn('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10'], { cwd: dir, env, stdio: 'ignore' });
        p.on('exit', (c) => resolve(c ?? -1));
      });
      if (code !== 0) throw new Error(`terraform apply in ${dir} failed (exit ${code})`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

function stackDirs(outdir: string): string[] {
  const stacks = path.join(outdir, 'stacks');
  return fs.readdirSync(stacks).sort().map((n) => path.join(stacks, n));
}

function init(dirs: string[], env: NodeJS.ProcessEnv, work: string): void {
  for (const dir of dirs) terraform(dir, ['init', '-input=false', '-no-color'], env, path.join(work, 'init.log'));
}

async function main(): Promise<void> {
  const [work, sizesArg, shardCountArg, shardFleetArg] = process.argv.slice(2);
  const sizes = sizesArg.split(',').map(Number);
  const shardCount = Number(shardCountArg);
  const shardFleet = Number(shardFleetArg);
  fs.mkdirSync(work, { recursive: true });
  process.chdir(work);
  // The apply-time program does nothing: a `node` first on PATH that exits 0.
  const shim = path.join(work, 'shim');
  fs.mkdirSync(shim, { recursive: true });
  fs.writeFileSync(path.join(shim, 'node'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${shim}${path.delimiter}${process.env.PATH}`, TF_IN_AUTOMATION: '1' };

  const oneStack = [];
  for (const n of sizes) {
    const outdir = path.join(work, `one-stack-${n}`);
    const tenants = benchFleet(n);
    const synth = (list = tenants) => {
      const app = new App({ outdir, skipValidation: false });
      new SeppmailMspStack(app, 'fleet', list);
      app.synth();
    };
    synth();
    const [dir] = stackDirs(outdir);
    init([dir], env, work);
    const apply = terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10'], env, path.join(work, `apply-${n}.log`));
    const stateBytes = fs.statSync(path.join(dir, 'terraform.tfstate')).size;
    // one more domain for tenant 1: the plan a reviewer reads
    synth(tenants.map((t, i) => (i === 0 ? { ...t, domains: [...t.domains, t.domains[0].replace(/\.com$/, '.net')] } : t)));
    const plan = terraform(dir, ['plan', '-input=false', '-no-color', '-out=change.plan'], env, path.join(work, `plan-${n}.log`));
    const shown = terraform(dir, ['show', '-no-color', 'change.plan'], env, path.join(work, `show-${n}.log`));
    // terraform_data has no remote object to read: without the refresh, `plan` prints the change only
    const unrefreshed = terraform(dir, ['plan', '-input=false', '-no-color', '-refresh=false'], env, path.join(work, `plan-norefresh-${n}.log`));
    const planLines = plan.output.replace(/bench-usage.*\s*$/, '').trimEnd().split('\n');
    const shownLines = shown.output.replace(/bench-usage.*\s*$/, '').trimEnd().split('\n');
    const changed = [...shown.output.matchAll(/^\s*# (\S+) (must be replaced|will be updated in-place|will be created|will be destroyed)/gm)].map((m) => m[1]);
    const entry = {
      tenants: n,
      firstApplyMs: apply.wallMs,
      terraformMaxRssKb: apply.maxRssKb,
      terraformCpuSeconds: apply.cpuSeconds,
      stateBytes,
      stateBytesPerTenant: stateBytes / n,
      planMs: plan.wallMs,
      planLines: planLines.length,
      planRefreshLines: planLines.filter((l) => /Refreshing state\.\.\./.test(l)).length,
      shownPlanLines: shownLines.length,
      planNoRefreshLines: unrefreshed.output.replace(/bench-usage.*\s*$/, '').trimEnd().split('\n').length,
      resourcesChanged: changed,
    };
    log(`${n} tenants in one stack: first apply ${(apply.wallMs / 1000).toFixed(1)} s, state ${(stateBytes / n / 1024).toFixed(1)} KB per tenant, one-domain plan ${entry.shownPlanLines} lines (${entry.planLines} with ${entry.planRefreshLines} refresh lines), changed: ${changed.join(' ')}`);
    oneStack.push(entry);
    fs.rmSync(outdir, { recursive: true, force: true });
  }

  const sharded = async (concurrency: number) => {
    const outdir = path.join(work, `shards-${concurrency}`);
    const app = new App({ outdir, skipValidation: false });
    const shards = buildShardedFleet(app, benchFleet(shardFleet), { shardCount });
    app.synth();
    const dirs = stackDirs(outdir);
    const sizesPerShard = shards.stacks.map((s) => s.node.children.filter((c) => (c as unknown as { tenantId?: string }).tenantId !== undefined).length);
    init(dirs, env, work);
    const wallMs = await applyAll(dirs, env, concurrency);
    const stateBytes = dirs.reduce((sum, d) => sum + fs.statSync(path.join(d, 'terraform.tfstate')).size, 0);
    fs.rmSync(outdir, { recursive: true, force: true });
    log(`${shardFleet} tenants in ${shardCount} shards (${sizesPerShard.join('/')}), ${concurrency} at a time: ${(wallMs / 1000).toFixed(1)} s`);
    return { concurrency, wallMs, sizesPerShard, stateBytesPerTenant: stateBytes / shardFleet };
  };
  const shards = shardCount > 0 ? [await sharded(1), await sharded(2)] : [];

  const growth =
    oneStack.length >= 2
      ? Math.log(oneStack[oneStack.length - 1].firstApplyMs / oneStack[0].firstApplyMs) / Math.log(oneStack[oneStack.length - 1].tenants / oneStack[0].tenants)
      : null;
  process.stdout.write(`${JSON.stringify({ oneStack, shardCount, shardFleet, shards, firstApplyGrowthExponent: growth })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
