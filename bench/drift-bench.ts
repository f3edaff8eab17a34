/**
 * Child process of figure 9: `exo-gateway drift` over an N-tenant converged fleet of the simulated
 * Exchange Online at a given concurrency, beside N sequential what-if runs (`exo-apply.js what-if`,
 * which plans the tenants one after another), both through the bundled program and the simulated
 * session process, with the simulator's latency on.
 *
 *   node bench/.build/drift-bench.js <tenants> <concurrency> <connectDelayMs> <cmdletDelayMs> <runtimeDir> <workdir>
 *
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { CERT_ENV, SeppmailMspStack } from '../examples/seppmail-msp/fleet';
import { DOCUMENTS_FOLDER } from '../lib/core/exo-model';
import { convergeTenant } from '../lib/runtime/converge';
import { DriftReport } from '../lib/runtime/drift';
import { readDocumentFile } from '../lib/runtime/document-file';
import { asExchangeSession, openSimulatedSession } from '../lib/runtime/simulator/session';
import { SimulatorStore } from '../lib/runtime/simulator/store';
import { benchFleet } from './fleet';

function log(line: string): void {
  process.stderr.write(`  [drift] ${line}\n`);
}

async function main(): Promise<void> {
  const [tenantsText, concurrencyText, connectText, cmdletText, runtimeDir, workdir] = process.argv.slice(2);
  const n = Number(tenantsText);
  const concurrency = Number(concurrencyText);
  const latency = { connectDelayMs: Number(connectText), cmdletDelayMs: Number(cmdletText) };
  fs.mkdirSync(workdir, { recursive: true });
  const tenants = benchFleet(n);
  const app = new App({ outdir: path.join(workdir, 'cdktf.out') });
  new SeppmailMspStack(app, 'bench-drift', tenants);
  app.synth();
  const stackDir = path.join(workdir, 'cdktf.out', 'stacks', 'bench-drift');
  const simDir = path.join(workdir, 'sim');
  const store = new SimulatorStore(simDir);
  for (const t of tenants) store.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: [...t.domains] });

  // Converge every tenant in process, without latency (not measured).
  const started = performance.now();
  // (exo-apply.ts is not imported: bundled here it would run its own main.)
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const hashes = Object.entries<any>(json.resource.terraform_data)
    .filter(([id]) => /_Converge_/.test(id))
    .map(([, r]) => String(r.triggers_replace[0]));
  for (const doc of hashes.map((h) => readDocumentFile(path.join(stackDir, DOCUMENTS_FOLDER, `${h}.json`), h, undefined, 'bench'))) {
    await convergeTenant(doc, async (d) => asExchangeSession(await openSimulatedSession({ stateDir: simDir, organization: d.access.organization, appId: d.access.appId, connectDelayMs: 0, cmdletDelayMs: 0 })), { whatIf: false, log: () => undefined });
  }
  log(`${n} tenants converged in ${((performance.now() - started) / 1000).toFixed(1)} s; latency on: connect ${latency.connectDelayMs} ms, ${latency.cmdletDelayMs} ms per cmdlet`);
  store.writeLatency(latency);

  const program = path.join(runtimeDir, 'exo-apply.js');
  const env = { ...process.env, EXO_GATEWAY_TARGET: 'simulated', EXO_SIM_STATE_DIR: simDir, [CERT_ENV]: 'RkFLRQ==', EXO_GATEWAY_CONNECT_ATTEMPTS: '1' };
  const run = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [program, ...args], { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    return { ms: performance.now() - t0, code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  const drift = run(['drift', '--json', '--concurrency', String(concurrency), stackDir]);
  if (drift.code !== 0) throw new Error(`drift exited ${drift.code}:\n${drift.stderr.slice(-4000)}`);
  const report = JSON.parse(drift.stdout) as DriftReport;
  log(`drift at concurrency ${concurrency}: ${(drift.ms / 1000).toFixed(1)} s, ${report.summary.inSync} in sync, ${report.summary.findings} findings`);

  const whatIf = run(['what-if', stackDir]);
  if (whatIf.code !== 0) throw new Error(`what-if exited ${whatIf.code}:\n${whatIf.stderr.slice(-4000)}`);
  const inSync = (whatIf.stdout.match(/\] in sync, no change$/gm) ?? []).length;
  log(`${n} sequential what-if runs: ${(whatIf.ms / 1000).toFixed(1)} s, ${inSync} in sync`);

  process.stdout.write(
    `${JSON.stringify({ tenants: n, concurrency, latency, drift: { wallMs: drift.ms, inSync: report.summary.inSync, findings: report.summary.findings, failed: report.summary.failed }, whatIf: { wallMs: whatIf.ms, inSync } })}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`drift-bench: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
