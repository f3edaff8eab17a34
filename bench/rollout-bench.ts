/**
 * Child process of figures 3 and 4: the real Terraform applies a synthesized N-tenant fleet to the
 * simulated Exchange Online through the stand-in `pwsh` on PATH (test/helpers/lifecycle.ts), with
 * the simulator's latency switched on.
 *
 *   node bench/.build/rollout-bench.js <tenants> <parallelism> <connectDelayMs> <cmdletDelayMs> <workdir>
 *
 * Applies, each timed and counted from the simulator's session and call logs:
 *   1. first rollout            terraform apply -parallelism=P   (expect N sessions)
 *   2. no-op                    the same configuration again     (expect 0 sessions)
 *   3. one-tenant change        tenant 1 gets a 4th mail domain   (expect 1 session)
 * Baseline: the same N tenants, same documents and latency, converged one after another by
 * running the stack's own apply-time program (`exo-apply.js converge`, the same spawn path
 * Terraform's local-exec uses) in a loop, as a per-tenant script would, against a second,
 * identically seeded simulated Exchange Online.
 *
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CERT_ENV, ExampleTenant } from '../examples/seppmail-msp/fleet';
import { DOCUMENTS_FOLDER } from '../lib/core/exo-model';
import { SimulatorStore } from '../lib/runtime/simulator/store';
import { FAKE_CERT_SECRET, LifecycleHarness, RunResult, STAND_IN_BIN } from '../test/helpers/lifecycle';
import { benchFleet } from './fleet';

const STACK = 'bench-rollout';

function log(line: string): void {
  process.stderr.write(`  [rollout] ${line}\n`);
}

function expectOk(what: string, r: RunResult): void {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
}

interface ApplyFigures {
  wallMs: number;
  sessions: number;
  failedSessions: number;
  invokes: number;
  /** Reads (Get-*) the sessions made, from the simulator's reads.log. */
  reads: number;
  /** CPU seconds of Terraform and every process it ran (GNU time), or null. */
  cpuSeconds: number | null;
  tenantsTouched: number;
  invokesPerTouchedTenant: number;
  cmdlets: { [cmdlet: string]: number };
}

function main(): void {
  const [count, parallelism, connectDelayMs, cmdletDelayMs] = process.argv.slice(2, 6).map(Number);
  const workdir = process.argv[6];
  if (![count, parallelism, connectDelayMs, cmdletDelayMs].every((n) => Number.isFinite(n) && n >= 0) || !workdir) {
    throw new Error('usage: rollout-bench.js <tenants> <parallelism> <connectDelayMs> <cmdletDelayMs> <workdir>');
  }
  fs.mkdirSync(workdir, { recursive: true });
  process.chdir(workdir); // keeps anything cdktf writes relative to the working directory out of the repository

  const tenants = benchFleet(count);
  const extraDomain = tenants[0].domains[0].replace(/\.com$/, '.net');
  const changed: ExampleTenant[] = tenants.map((t, i) => (i === 0 ? { ...t, domains: [...t.domains, extraDomain] } : t));

  const h = new LifecycleHarness('terraform', STACK);
  try {
    h.seed(changed); // accepted domains include the one the change adds
    h.store.writeLatency({ connectDelayMs, cmdletDelayMs });
    h.synth(tenants);
    const init = h.run(['init', '-input=false', '-no-color']);
    expectOk('terraform init', init);

    let applies = 0;
    const apply = (label: string): ApplyFigures => {
      const sessionsBefore = h.store.readSessions().length;
      const callsBefore = h.store.readCalls().length;
      const readsBefore = h.store.readReads().length;
      const start = performance.now();
      const r = terraform(h, ['apply', '-auto-approve', '-input=false', '-no-color', `-parallelism=${parallelism}`], path.join(workdir, `apply-${++applies}.log`));
      const wallMs = performance.now() - start;
      expectOk(`terraform apply (${label})`, r);
      const sessions = h.store.readSessions().slice(sessionsBefore);
      const calls = h.store.readCalls().slice(callsBefore);
      const failedCalls = calls.filter((c) => !c.ok);
      if (failedCalls.length) throw new Error(`${label}: ${failedCalls.length} cmdlet call(s) failed in the simulator`);
      const touched = new Set(calls.map((c) => c.organization)).size;
      const cmdlets: { [cmdlet: string]: number } = {};
      for (const c of calls) cmdlets[c.cmdlet] = (cmdlets[c.cmdlet] ?? 0) + 1;
      const figures = {
        wallMs,
        sessions: sessions.length,
        failedSessions: sessions.filter((s) => !s.ok).length,
        invokes: calls.length,
        reads: h.store.readReads().length - readsBefore,
        cpuSeconds: cpuSeconds(r.stdout),
        tenantsTouched: touched,
        invokesPerTouchedTenant: touched ? calls.length / touched : 0,
        cmdlets,
      };
      log(`${label}: ${(wallMs / 1000).toFixed(1)} s, ${figures.sessions} session(s), ${figures.invokes} cmdlet call(s)`);
      return figures;
    };

    const first = apply('first rollout');
    const stackDir = h.stackDir;
    // The example stack keeps its state beside cdk.tf.json (LocalBackend path terraform.tfstate).
    const stateFile = path.join(stackDir, 'terraform.tfstate');
    const stateBytes = fs.existsSync(stateFile) ? fs.statSync(stateFile).size : null;
    const documents = convergeDocuments(stackDir);
    const noop = apply('no-op');
    h.synth(changed);
    const changedDocuments = convergeDocuments(stackDir);
    const change = apply('one-tenant change');

    // Baseline: the same tenants converged one after another by the stack's own program.
    const program = path.join(stackDir, 'assets', 'ExoGatewayRuntime', fs.readdirSync(path.join(stackDir, 'assets', 'ExoGatewayRuntime'))[0], 'exo-apply.js');
    const seqDir = path.join(workdir, 'sequential-sim');
    const seqStore = new SimulatorStore(seqDir);
    for (const t of changed) {
      seqStore.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: [...t.domains, t.cbcCertificateName.replace(/^[^.]+\./, '')] });
    }
    seqStore.writeLatency({ connectDelayMs, cmdletDelayMs });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH}`,
      EXO_SIM_STATE_DIR: seqDir,
      [CERT_ENV]: FAKE_CERT_SECRET,
      EXO_GATEWAY_TARGET: 'exchange-online',
    };
    delete env.EXO_GATEWAY_WHAT_IF;
    const docsDir = path.join(workdir, 'sequential-documents');
    fs.mkdirSync(docsDir, { recursive: true });
    const loop = (docs: ConvergeDocument[], label: string) => {
      const sessionsBefore = seqStore.readSessions().length;
      const callsBefore = seqStore.readCalls().length;
      const start = performance.now();
      for (const document of docs) {
        const file = path.join(docsDir, `${document.hash}.json`);
        fs.writeFileSync(file, document.text);
        const r = spawnSync(process.execPath, [program, 'converge'], { cwd: stackDir, env: { ...env, EXO_DOCUMENT_FILE: file, EXO_DOCUMENT_HASH: document.hash }, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`sequential converge failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      }
      const figures = { wallMs: performance.now() - start, sessions: seqStore.readSessions().length - sessionsBefore, invokes: seqStore.readCalls().length - callsBefore };
      log(`${label}: ${(figures.wallMs / 1000).toFixed(1)} s, ${figures.sessions} session(s), ${figures.invokes} cmdlet call(s)`);
      return figures;
    };
    const sequential = loop(documents, 'per-tenant loop, first rollout');
    const sequentialRerun = loop(changedDocuments, 'per-tenant loop, re-run after the one-tenant change');

    process.stdout.write(
      `${JSON.stringify({
        tenants: count,
        parallelism,
        latency: { connectDelayMs, cmdletDelayMs },
        readsPerSession: first.sessions ? first.reads / first.sessions : 0,
        first,
        noop,
        change,
        sequential: { ...sequential, what: 'exo-apply.js converge per tenant, one after another (same spawn path and latency, no Terraform)' },
        sequentialRerun: { ...sequentialRerun, what: 'the same loop again with the changed documents: every tenant connected and read, one changed' },
        stateBytes,
        stateBytesPerTenant: stateBytes === null ? null : stateBytes / count,
      })}\n`,
    );
  } finally {
    h.cleanup();
  }
}

/**
 * Runs Terraform in the harness's stack folder with the harness's environment, its output going to
 * a log file: an apply prints every tenant's document in its plan, more than spawnSync buffers.
 */
function terraform(h: LifecycleHarness, args: string[], logFile: string): RunResult {
  const env = (h as unknown as { env?: NodeJS.ProcessEnv }).env;
  if (!env || !env.EXO_SIM_STATE_DIR) throw new Error('LifecycleHarness no longer keeps its environment in `env`; update bench/rollout-bench.ts');
  const fd = fs.openSync(logFile, 'w');
  try {
    // GNU time, where present, adds the CPU seconds of Terraform and every process it waited for
  // (the apply-time program, the stand-in pwsh) as the last line of the log.
  const timed = fs.existsSync('/usr/bin/time');
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'cpu-seconds %U %S', 'terraform', ...args], { cwd: h.stackDir, env, stdio: ['ignore', fd, fd], timeout: 600_000 })
    : spawnSync('terraform', args, { cwd: h.stackDir, env, stdio: ['ignore', fd, fd], timeout: 600_000 });
    const output = fs.readFileSync(logFile, 'utf8');
    return { code: r.status ?? -1, stdout: output, stderr: r.error ? String(r.error) : '' };
  } finally {
    fs.closeSync(fd);
  }
}

/** CPU seconds (user + system) GNU time reported at the end of a Terraform log, or null. */
function cpuSeconds(output: string): number | null {
  const m = /cpu-seconds ([\d.]+) ([\d.]+)\s*$/.exec(output);
  return m ? Number(m[1]) + Number(m[2]) : null;
}

/** A converge step's document as Terraform hands it to the program: its hash and the file's text. */
interface ConvergeDocument {
  readonly hash: string;
  readonly text: string;
}

/** The converge documents of a synthesized stack, in tenant order (copied: a new synth replaces the files). */
function convergeDocuments(stackDir: string): ConvergeDocument[] {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  return Object.entries<{ triggers_replace: string[] }>(json.resource.terraform_data)
    .filter(([id]) => /_Converge_/.test(id))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, r]) => ({ hash: r.triggers_replace[0], text: fs.readFileSync(path.join(stackDir, DOCUMENTS_FOLDER, `${r.triggers_replace[0]}.json`), 'utf8') }));
}

main();
