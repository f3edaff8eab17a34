/**
 * Child process of figure 6: the same N-tenant first rollout with the real Terraform
 * (-parallelism=P) and the simulator's latency, once per transport:
 *   - powershell: the stand-in `pwsh` on PATH serves the session protocol (test/helpers/lifecycle.ts);
 *   - adminApi:   `exo-gateway simulate --seed-from <stack>` serves InvokeCommand and the token
 *                 endpoint over HTTPS; no `pwsh`, no certificate variable.
 * Each apply is timed, and run under /usr/bin/time -v where available for the CPU seconds of
 * Terraform and every process it started (user + system) and the largest resident set of any one
 * of them. The stand-in `pwsh` is a Node process, not PowerShell with the module: the real
 * per-session cost of the PowerShell transport (process start, module load, connect: seconds and
 * hundreds of MB) is not in these figures; the simulator's connect latency stands for the connect.
 *
 *   node bench/.build/transport-bench.js <tenants> <parallelism> <connectDelayMs> <cmdletDelayMs> <workdir>
 *
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LifecycleHarness } from '../test/helpers/lifecycle';
import { benchFleet } from './fleet';

function log(line: string): void {
  process.stderr.write(`  [transports] ${line}\n`);
}

const GNU_TIME = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' }).stderr.includes('Maximum resident set size');

interface TransportFigures {
  wallMs: number;
  sessions: number;
  invokes: number;
  cpuSeconds: number | null;
  maxRssKb: number | null;
}

function timedTerraform(h: LifecycleHarness, args: string[], logFile: string): { code: number; wallMs: number; cpuSeconds: number | null; maxRssKb: number | null; output: string } {
  const env = (h as unknown as { env?: NodeJS.ProcessEnv }).env;
  if (!env || !env.EXO_SIM_STATE_DIR) throw new Error('LifecycleHarness no longer keeps its environment in `env`; update bench/transport-bench.ts');
  const fd = fs.openSync(logFile, 'w');
  const timeFile = `${logFile}.time`;
  try {
    const command = GNU_TIME ? '/usr/bin/time' : 'terraform';
    const argv = GNU_TIME ? ['-v', '-o', timeFile, 'terraform', ...args] : args;
    const start = performance.now();
    const r = spawnSync(command, argv, { cwd: h.stackDir, env, stdio: ['ignore', fd, fd], timeout: 900_000 });
    const wallMs = performance.now() - start;
    const time = GNU_TIME && fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8') : '';
    const user = /User time \(seconds\): ([\d.]+)/.exec(time);
    const system = /System time \(seconds\): ([\d.]+)/.exec(time);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(time);
    return { code: r.status ?? -1, wallMs, cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : null, maxRssKb: rss ? Number(rss[1]) : null, output: fs.readFileSync(logFile, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

async function rollout(transport: 'powershell' | 'adminApi', count: number, parallelism: number, latency: { connectDelayMs: number; cmdletDelayMs: number }, workdir: string): Promise<TransportFigures> {
  const tenants = benchFleet(count);
  const h = new LifecycleHarness('terraform', `bench-${transport}`, transport);
  try {
    h.store.writeLatency(latency);
    h.synth(tenants);
    if (transport === 'adminApi') await h.startSimulator(['--seed-from', h.stackDir]);
    else h.seed(tenants);
    const init = h.run(['init', '-input=false', '-no-color']);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
    const r = timedTerraform(h, ['apply', '-auto-approve', '-input=false', '-no-color', `-parallelism=${parallelism}`], path.join(workdir, `apply-${transport}.log`));
    if (r.code !== 0) throw new Error(`terraform apply (${transport}) failed:\n${r.output.slice(-4000)}`);
    const sessions = h.store.readSessions().filter((s) => s.ok).length;
    if (sessions !== count) throw new Error(`${transport}: expected ${count} sessions, saw ${sessions}`);
    const figures = { wallMs: r.wallMs, sessions, invokes: h.store.readCalls().length, cpuSeconds: r.cpuSeconds, maxRssKb: r.maxRssKb };
    log(`${transport}: ${(r.wallMs / 1000).toFixed(1)} s, ${sessions} session(s), ${figures.invokes} cmdlet call(s), CPU ${r.cpuSeconds ?? '?'} s`);
    return figures;
  } finally {
    await h.stopSimulator();
    h.cleanup();
  }
}

async function main(): Promise<void> {
  const [count, parallelism, connectDelayMs, cmdletDelayMs] = process.argv.slice(2, 6).map(Number);
  const workdir = process.argv[6];
  if (![count, parallelism, connectDelayMs, cmdletDelayMs].every((n) => Number.isFinite(n) && n >= 0) || !workdir) {
    throw new Error('usage: transport-bench.js <tenants> <parallelism> <connectDelayMs> <cmdletDelayMs> <workdir>');
  }
  fs.mkdirSync(workdir, { recursive: true });
  process.chdir(workdir);
  const latency = { connectDelayMs, cmdletDelayMs };
  const powershell = await rollout('powershell', count, parallelism, latency, workdir);
  const adminApi = await rollout('adminApi', count, parallelism, latency, workdir);
  process.stdout.write(`${JSON.stringify({ tenants: count, parallelism, latency, cpuAndMemory: GNU_TIME ? '/usr/bin/time -v of terraform and its descendants' : null, powershell, adminApi })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
