/**
 * Child process of figure 10: `exo-gateway export` of N tenants set up by SEPPmail's module
 * (the bundled program, the simulated session process per tenant, latency on), beside a plain
 * read of the same tenants at the same concurrency (connect, accepted domains, connectors, rules;
 * no recognition, no plan, no file), through the same session process.
 *
 *   node bench/.build/export-bench.js <sizes,comma-separated> <concurrency> <connectDelayMs> <cmdletDelayMs> <runtimeDir> <workdir>
 *
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseTenantList } from '../lib/core/export/tenant-list';
import { mapBounded } from '../lib/runtime/drift';
import { ExportReport, listedAccessReference, probeDocument, readTenant } from '../lib/runtime/export';
import { openCheckedProcessSession, sessionEnvironment } from '../lib/runtime/session-client';
import { SimulatorStore } from '../lib/runtime/simulator/store';
import { seedSeppmailModule, tenantListYaml, tenantOf } from '../test/helpers/export-seeds';

const CERT_ENV = 'EXO_APP_CERT_PFX_B64';

function log(line: string): void {
  process.stderr.write(`  [export] ${line}\n`);
}

async function figure(n: number, concurrency: number, latency: { connectDelayMs: number; cmdletDelayMs: number }, runtimeDir: string, workdir: string) {
  fs.mkdirSync(workdir, { recursive: true });
  const simDir = path.join(workdir, 'sim');
  const store = new SimulatorStore(simDir);
  const tenants = Array.from({ length: n }, (_, i) => tenantOf(`Customer${i + 1}`, i + 1, [`customer${i + 1}.com`, `customer${i + 1}.ch`]));
  for (const t of tenants) seedSeppmailModule(store, t, { fqdn: 'securemail.msp.example', tls: '*.msp.example', cbc: `mail.${t.domains[0]}`, managed: t.domains });
  store.writeLatency(latency);
  const list = path.join(workdir, 'tenants.yaml');
  fs.writeFileSync(list, tenantListYaml(tenants, CERT_ENV));
  const env = { ...process.env, EXO_GATEWAY_TARGET: 'simulated', EXO_SIM_STATE_DIR: simDir, [CERT_ENV]: 'RkFLRQ==', EXO_GATEWAY_CONNECT_ATTEMPTS: '1' };

  // Baseline: a plain read of the same tenants, same session process, same concurrency.
  const listed = parseTenantList(list, fs.readFileSync(list, 'utf8')).tenants;
  const sim = path.join(runtimeDir, 'exo-sim-session.js');
  const t0 = performance.now();
  await mapBounded(listed, concurrency, async (t) => {
    const access = listedAccessReference(t, workdir);
    return readTenant(probeDocument(t, access), (doc) => openCheckedProcessSession(process.execPath, [sim], { ...env, ...sessionEnvironment(doc.access) }, doc.tenant.name));
  });
  const readMs = performance.now() - t0;
  log(`${n} tenants read: ${(readMs / 1000).toFixed(1)} s`);

  const t1 = performance.now();
  const r = spawnSync(process.execPath, [path.join(runtimeDir, 'exo-apply.js'), 'export', '--json', '--concurrency', String(concurrency), '--out', path.join(workdir, 'fleet.yaml'), list], { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const exportMs = performance.now() - t1;
  if (r.status !== 0) throw new Error(`export exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  const report = JSON.parse(r.stdout) as ExportReport;
  const progressLines = r.stderr.split('\n').filter((l) => l.startsWith('export: ')).length;
  log(`${n} tenants exported: ${(exportMs / 1000).toFixed(1)} s, ${report.summary.exported} exported, ${progressLines} progress lines, ${store.readCalls().length} write calls`);
  return { tenants: n, export: { wallMs: exportMs, exported: report.summary.exported, failed: report.summary.failed, progressLines, writeCalls: store.readCalls().length }, read: { wallMs: readMs } };
}

async function main(): Promise<void> {
  const [sizesText, concurrencyText, connectText, cmdletText, runtimeDir, workdir] = process.argv.slice(2);
  const concurrency = Number(concurrencyText);
  const latency = { connectDelayMs: Number(connectText), cmdletDelayMs: Number(cmdletText) };
  const sizes = [];
  for (const n of sizesText.split(',').map(Number)) sizes.push(await figure(n, concurrency, latency, runtimeDir, path.join(workdir, String(n))));
  process.stdout.write(`${JSON.stringify({ concurrency, latency, sizes })}\n`);
}

main().catch((e) => {
  process.stderr.write(`export-bench: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
