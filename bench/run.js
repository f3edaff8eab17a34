#!/usr/bin/env node
/**
 * The fleet benchmark: what a fleet costs to synthesize, validate, plan and roll out, each figure
 * beside a baseline measured in the same run. A report, not a test: nothing here asserts a timing.
 *
 *   npm run bench                full run (people; a few minutes)
 *   npm run bench -- --quick     smaller sizes (a quick smoke check, not run by CI; under a minute)
 *
 * Prints a table on stdout (progress on stderr) and writes bench/results.json (git-ignored) with
 * the machine facts, so runs can be compared. Figures:
 *   1. synth time and peak RSS per fleet size, each in its own process, vs a hand-written raw
 *      cdktf app emitting the same resources (bench/synth-raw.js);
 *   2. validation and planning of the largest fleet (bench/plan-bench.ts);
 *   3. sessions and cmdlet calls per apply with the real Terraform and the simulated Exchange
 *      Online (bench/rollout-bench.ts);
 *   4. rollout wall time with the simulator's latency on, Terraform -parallelism=10 vs a
 *      per-tenant loop;
 *   5. size of the synthesized stack (cdk.tf.json, assets) and of the Terraform state per tenant;
 *   6. the first rollout through each transport, PowerShell session vs adminApi over HTTPS
 *      (bench/transport-bench.ts);
 *   7. Terraform's own cost (the program replaced by `exit 0`): first apply of one stack and of the
 *      same fleet in shards, state per tenant, and the plan of a one-domain change
 *      (bench/terraform-bench.ts);
 *   8. validation at growing fleet sizes and its growth exponent (bench/validation-bench.ts);
 *   9. `exo-gateway drift` over a converged fleet at concurrency 10 vs the same tenants' what-if
 *      one after another, simulated latency on (bench/drift-bench.ts);
 *  10. `exo-gateway export` of tenants set up by SEPPmail's module, at 50 and 200 tenants, vs a plain
 *      read of the same tenants at the same concurrency, simulated latency on (bench/export-bench.ts).
 *
 *   npm run bench -- --quick --only export   figure 10 alone (prints its table; no results.json)
 *   npm run bench -- --only synth            figure 1 alone, full sizes (prints its table; no results.json)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { buildEntries } = require('./build');

const REPO = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results.json');

const QUICK = process.argv.includes('--quick');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'export' && ONLY !== 'synth') throw new Error(`--only knows 'synth' (figure 1) and 'export' (figure 10), not '${ONLY}'`);
const CONFIG = QUICK
  ? {
      mode: 'quick',
      sizes: [10, 100],
      stackPerTenantSizes: [20],
      synthRepeats: 1,
      planTenants: 100,
      planRepeats: 3,
      rolloutTenants: 10,
      transportTenants: [10],
      parallelism: 10,
      connectDelayMs: 400,
      cmdletDelayMs: 30,
      terraformSizes: [50, 100],
      shardCount: 2,
      shardFleet: 100,
      validationSizes: [300, 1000],
      driftTenants: 20,
      exportTenants: [50, 200],
    }
  : {
      mode: 'full',
      sizes: [10, 100, 1000, 3000],
      stackPerTenantSizes: [200],
      synthRepeats: 5,
      planTenants: 1000,
      planRepeats: 5,
      rolloutTenants: 50,
      transportTenants: [50, 200],
      parallelism: 10,
      connectDelayMs: 400,
      cmdletDelayMs: 30,
      terraformSizes: [200, 1000],
      shardCount: 5,
      shardFleet: 1000,
      validationSizes: [1000, 3000, 10000],
      driftTenants: 1000,
      exportTenants: [50, 200],
    };

function progress(line) {
  process.stderr.write(`${line}\n`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Total bytes of the files under `dir`. */
function folderBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
  }
  return total;
}

const GNU_TIME = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' }).stderr.includes('Maximum resident set size');

/**
 * Runs `node <args>` as a child process and returns its last stdout line parsed as JSON, its wall
 * time, and its peak RSS (from /usr/bin/time -v where available, else the child's own report).
 */
function runChild(args, options) {
  const command = GNU_TIME ? '/usr/bin/time' : process.execPath;
  const argv = GNU_TIME ? ['-v', process.execPath, ...args] : args;
  const start = performance.now();
  const r = spawnSync(command, argv, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - start;
  const stderr = r.stderr || '';
  const ownLines = stderr.split('\n').filter((l) => !/^\t/.test(l) && !/^Command (being timed|exited)/.test(l));
  if (options.echo) for (const l of ownLines) if (l.trim()) progress(l);
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status}):\n${(r.stdout || '').slice(-2000)}\n${ownLines.join('\n').slice(-4000)}`);
  const lines = (r.stdout || '').trim().split('\n');
  const json = JSON.parse(lines[lines.length - 1]);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cpuMs = user && system ? (Number(user[1]) + Number(system[1])) * 1000 : undefined;
  return { json, wallMs, cpuMs, maxRssKb: rss ? Number(rss[1]) : json.maxRssKb, rssSource: rss ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS' };
}

/** cdk.tf.json with what legitimately differs between the two apps blanked: content hashes and the backend path. */
function comparable(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete json.terraform;
  for (const r of Object.values(json.resource.terraform_data)) {
    // a converge step's trigger starts with its document's hash
    if (Array.isArray(r.triggers_replace) && /^[0-9a-f]{64}$/.test(r.triggers_replace[0])) r.triggers_replace[0] = '<hash>';
  }
  return JSON.stringify(json);
}

function resourceCounts(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const counts = {};
  for (const [type, resources] of Object.entries(json.resource || {})) counts[type] = Object.keys(resources).length;
  return counts;
}

function machineFacts(env) {
  const tf = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env });
  let terraform = null;
  try {
    terraform = JSON.parse(tf.stdout).terraform_version;
  } catch {
    terraform = null;
  }
  const git = (args) => {
    const r = spawnSync('git', args, { cwd: REPO, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0] ? cpus[0].model : null,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    terraform,
    cdktf: require('cdktf/package.json').version,
    esbuild: require('esbuild').version,
    commit: git(['rev-parse', '--short', 'HEAD']),
    worktreeChanged: (git(['status', '--porcelain']) || '') !== '',
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    peakRssSource: GNU_TIME ? '/usr/bin/time -v (whole child process)' : 'process.resourceUsage().maxRSS (reported by the child)',
  };
}

// -------------------------------------------------------------------------------------------------
// Figures
// -------------------------------------------------------------------------------------------------

/** Sums over every stack folder of a synth output; `compare` checks two outputs stack by stack. */
function stackFigures(outdir) {
  const stacksDir = path.join(outdir, 'stacks');
  const figures = { stacks: 0, cdkTfJsonBytes: 0, assetBytes: 0, resources: {} };
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const dir = path.join(stacksDir, name);
    figures.stacks++;
    figures.cdkTfJsonBytes += fs.statSync(path.join(dir, 'cdk.tf.json')).size;
    if (fs.existsSync(path.join(dir, 'assets'))) figures.assetBytes += folderBytes(path.join(dir, 'assets'));
    for (const [type, n] of Object.entries(resourceCounts(path.join(dir, 'cdk.tf.json')))) figures.resources[type] = (figures.resources[type] || 0) + n;
  }
  return figures;
}

function sameStacks(a, b) {
  const names = (d) => fs.readdirSync(path.join(d, 'stacks')).sort();
  const left = names(a);
  if (JSON.stringify(left) !== JSON.stringify(names(b))) return false;
  return left.every((n) => comparable(path.join(a, 'stacks', n, 'cdk.tf.json')) === comparable(path.join(b, 'stacks', n, 'cdk.tf.json')));
}

/**
 * Where figure 1's apps write their output: a RAM-backed folder (/dev/shm) when the machine has
 * one, else the run's work folder. Both apps write the same bytes (the stack JSON and one
 * document per tenant), but on a virtual disk the kernel's time for 3,000 small files varies
 * between runs by more than a second, which buried the synth's own cost; in RAM it does not.
 */
function synthOutputRoot(work) {
  try {
    if (fs.statSync('/dev/shm').isDirectory()) return { dir: fs.mkdtempSync(path.join('/dev/shm', 'exo-bench-synth-')), kind: 'tmpfs (/dev/shm)' };
  } catch {
    // no /dev/shm, or not writable: the work folder
  }
  return { dir: work, kind: `disk (${os.tmpdir()})` };
}

function figureSynth(entries, work, env, runtimeDir) {
  const output = synthOutputRoot(work);
  try {
    return figureSynthIn(entries, work, output, env, runtimeDir);
  } finally {
    if (output.dir !== work) fs.rmSync(output.dir, { recursive: true, force: true });
  }
}

function figureSynthIn(entries, work, output, env, runtimeDir) {
  const out = [];
  let template;
  const cases = [
    ...CONFIG.sizes.map((tenants) => ({ tenants, layout: 'one-stack' })),
    ...CONFIG.stackPerTenantSizes.map((tenants) => ({ tenants, layout: 'stack-per-tenant' })),
  ];
  for (const { tenants: size, layout } of cases) {
    const runs = { ours: [], raw: [] };
    let sizes;
    for (let r = 0; r < CONFIG.synthRepeats; r++) {
      const oursDir = path.join(output.dir, `synth-ours-${layout}-${size}`);
      const rawDir = path.join(output.dir, `synth-raw-${layout}-${size}`);
      fs.rmSync(oursDir, { recursive: true, force: true });
      fs.rmSync(rawDir, { recursive: true, force: true });
      runs.ours.push(runChild([entries['synth-ours'], String(size), oursDir, layout], { cwd: work, env }));
      if (!template) {
        // The raw app's document template: the library's own documents of tenant 1.
        const oursJson = path.join(oursDir, 'stacks', layout === 'one-stack' ? 'fleet' : 'customer00001', 'cdk.tf.json');
        const resources = JSON.parse(fs.readFileSync(oursJson, 'utf8')).resource.terraform_data;
        const pick = (kind) => Object.entries(resources).find(([id]) => id.startsWith(`Customer00001_${kind}_`))[1];
        const converge = pick('Converge');
        const document = fs.readFileSync(path.join(path.dirname(oursJson), 'exo-gateway-documents', `${converge.triggers_replace[0]}.json`), 'utf8');
        template = path.join(work, 'raw-template.json');
        const registry = Object.entries(resources).find(([id]) => id.startsWith('ExoGatewayFleet_Registry_'))[1].input.groups[0];
        const line = registry.tenants.find((l) => l.endsWith('|Customer00001'));
        fs.writeFileSync(
          template,
          JSON.stringify({ converge: document, teardown: pick('Teardown').input, summary: JSON.stringify(converge.triggers_replace.slice(1)), registryAccess: registry.access, registryLine: line }),
        );
      }
      runs.raw.push(runChild([path.join(__dirname, 'synth-raw.js'), String(size), rawDir, template, runtimeDir, layout], { cwd: work, env }));
      if (r === 0) {
        const ours = stackFigures(oursDir);
        const raw = stackFigures(rawDir);
        sizes = {
          stacks: ours.stacks,
          oursCdkTfJsonBytes: ours.cdkTfJsonBytes,
          rawCdkTfJsonBytes: raw.cdkTfJsonBytes,
          oursAssetBytes: ours.assetBytes,
          rawAssetBytes: raw.assetBytes,
          oursResources: ours.resources,
          rawResources: raw.resources,
          sameResourcesExceptHashes: sameStacks(oursDir, rawDir),
        };
      }
      fs.rmSync(oursDir, { recursive: true, force: true });
      fs.rmSync(rawDir, { recursive: true, force: true });
    }
    const summary = (list) => ({
      synthMs: median(list.map((x) => x.json.synthMs)),
      constructMs: median(list.map((x) => x.json.constructMs)),
      startupMs: median(list.map((x) => x.json.loadMs)),
      processWallMs: median(list.map((x) => x.wallMs)),
      maxRssKb: median(list.map((x) => x.maxRssKb)),
      // Whole process (start-up included), user + system: steadier than wall time on a shared machine.
      cpuMs: list.every((x) => x.cpuMs !== undefined) ? median(list.map((x) => x.cpuMs)) : undefined,
      runs: list.map((x) => ({ synthMs: x.json.synthMs, processWallMs: x.wallMs, cpuMs: x.cpuMs, maxRssKb: x.maxRssKb })),
    });
    // Each repeat runs ours and then the raw app back to back: the median of those pairs' ratios
    // is less moved by a slow moment of the machine than the ratio of the two medians.
    const pairedSynthRatio = median(runs.ours.map((o, i) => o.json.synthMs / runs.raw[i].json.synthMs));
    const entry = { tenants: size, layout, domainsPerTenant: 3, repeats: CONFIG.synthRepeats, output: output.kind, ours: summary(runs.ours), raw: summary(runs.raw), pairedSynthRatio, ...sizes };
    progress(
      `  [synth] ${size} tenants, ${layout}: ours ${entry.ours.synthMs.toFixed(0)} ms / ${(entry.ours.maxRssKb / 1024).toFixed(0)} MB, ` +
        `raw ${entry.raw.synthMs.toFixed(0)} ms / ${(entry.raw.maxRssKb / 1024).toFixed(0)} MB, same resources: ${entry.sameResourcesExceptHashes}`,
    );
    out.push(entry);
  }
  return out;
}

function hasTerraform(env) {
  return spawnSync('terraform', ['version'], { env, stdio: 'ignore' }).status === 0;
}

/** Figure 10's table. */
function exportTable(e) {
  const rows = e.sizes.flatMap((x) => [
    [`exo-gateway export, ${x.tenants} tenants, --concurrency ${e.concurrency}`, ms(x.export.wallMs), ms(x.read.wallMs), ratio(x.export.wallMs, x.read.wallMs)],
    ['  exported / failed / progress lines / write calls (true: all / 0 / 11 / 0)', `${x.export.exported} / ${x.export.failed} / ${x.export.progressLines} / ${x.export.writeCalls}`, '-', ''],
  ]);
  return table(`10. Export of tenants set up by SEPPmail's module, simulated latency: connect ${e.latency.connectDelayMs} ms, ${e.latency.cmdletDelayMs} ms per cmdlet`, 'a plain read of the same tenants at the same concurrency (no recognition, plan or file)', rows);
}

/** Every figure as ours / baseline (speed-up: baseline / ours), for comparing runs. */
function ratios(results) {
  const q = (a, b) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  const out = {
    synth: results.synth.map((x) => ({
      tenants: x.tenants,
      layout: x.layout,
      synthTime: q(x.ours.synthMs, x.raw.synthMs),
      synthTimePaired: Math.round(x.pairedSynthRatio * 1000) / 1000,
      processCpu: x.ours.cpuMs !== undefined ? q(x.ours.cpuMs, x.raw.cpuMs) : null,
      processWall: q(x.ours.processWallMs, x.raw.processWallMs),
      peakRss: q(x.ours.maxRssKb, x.raw.maxRssKb),
      cdkTfJsonBytes: q(x.oursCdkTfJsonBytes, x.rawCdkTfJsonBytes),
    })),
  };
  const p = results.plan;
  if (p) {
    out.plan = {
      tenants: p.tenants,
      validation: q(p.validation.ms, p.validationBaseline.ms),
      desiredState: q(p.desiredState.ms, p.desiredStateBaseline.ms),
      planConverged: q(p.planConverged.ms, p.naiveConverged.ms),
      planDrifted: q(p.planDrifted.ms, p.naiveDrifted.ms),
    };
  }
  const r = results.rollout;
  if (r) {
    out.rollout = {
      tenants: r.tenants,
      firstRolloutWall: q(r.first.wallMs, r.sequential.wallMs),
      speedUp: q(r.sequential.wallMs, r.first.wallMs),
      idealSpeedUp: Math.min(r.parallelism, r.tenants),
      noopWall: q(r.noop.wallMs, r.sequentialRerun.wallMs),
      changeWall: q(r.change.wallMs, r.sequentialRerun.wallMs),
      sessions: { first: q(r.first.sessions, r.sequential.sessions), noop: q(r.noop.sessions, r.sequentialRerun.sessions), change: q(r.change.sessions, r.sequentialRerun.sessions) },
    };
  }
  const t = results.terraform;
  if (t) {
    const one = t.oneStack.find((x) => x.tenants === t.shardFleet) || t.oneStack[t.oneStack.length - 1];
    out.terraform = {
      firstApplyGrowthExponent: t.firstApplyGrowthExponent,
      shardsSequentialVsOneStack: q(t.shards[0].wallMs, one.firstApplyMs),
      shardsTwoAtATimeVsOneStack: q(t.shards[1].wallMs, one.firstApplyMs),
    };
  }
  if (results.validation) out.validation = { exponent: results.validation.exponent };
  if (results.export) out.export = results.export.sizes.map((x) => ({ tenants: x.tenants, exportVsRead: q(x.export.wallMs, x.read.wallMs) }));
  return out;
}

// -------------------------------------------------------------------------------------------------
// Report
// -------------------------------------------------------------------------------------------------

const ms = (v) => (v >= 10000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const kb = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

function table(title, baseline, rows) {
  const header = ['measure', 'ours', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `  ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')}`;
  return [`${title}`, `  baseline: ${baseline}`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''].join('\n');
}

function synthTable(synth) {
  const synthRows = [];
  for (const s of synth) {
    const t = s.layout === 'one-stack' ? `${s.tenants} tenants, one stack` : `${s.tenants} tenants, one stack each`;
    synthRows.push([`${t}: synth (construct + synth)`, ms(s.ours.synthMs), ms(s.raw.synthMs), ratio(s.ours.synthMs, s.raw.synthMs)]);
    synthRows.push([`${t}: synth, median of the paired ratios`, '', '', `${s.pairedSynthRatio.toFixed(2)}x`]);
    synthRows.push([`${t}: process wall`, ms(s.ours.processWallMs), ms(s.raw.processWallMs), ratio(s.ours.processWallMs, s.raw.processWallMs)]);
    if (s.ours.cpuMs !== undefined && s.raw.cpuMs !== undefined) synthRows.push([`${t}: process CPU (user + system)`, ms(s.ours.cpuMs), ms(s.raw.cpuMs), ratio(s.ours.cpuMs, s.raw.cpuMs)]);
    synthRows.push([`${t}: peak RSS`, mb(s.ours.maxRssKb), mb(s.raw.maxRssKb), ratio(s.ours.maxRssKb, s.raw.maxRssKb)]);
  }
  const outputs = [...new Set(synth.map((s) => s.output).filter(Boolean))].join(', ');
  return table(
    `1. Synth (separate process per size, median of ${CONFIG.synthRepeats}; 3 domains per tenant; output written to ${outputs || 'disk'})`,
    'hand-written raw cdktf app, same resources (bench/synth-raw.js), no model, no validation',
    synthRows,
  );
}

function report(results) {
  const parts = [];
  const m = results.machine;
  parts.push(
    `cdktf-exo-gateway fleet benchmark (${results.mode}) - ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, Terraform ${m.terraform}, cdktf ${m.cdktf}, commit ${m.commit}${m.worktreeChanged ? ' (+ local changes)' : ''}, load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end`,
    '',
  );

  parts.push(synthTable(results.synth));

  const p = results.plan;
  if (p) {
    parts.push(
      table(`2. Validation and planning, ${p.tenants} tenants x ${p.domainsPerTenant} domains (in process, median of ${p.repeats} after a warm-up)`, 'validation: one-pass hash-set duplicate check; planning: naive JSON.stringify compare of declared parameters; desired state: template copy + sha256 (as the raw app)', [
        ['validate fleet (all rules)', ms(p.validation.ms), ms(p.validationBaseline.ms), ratio(p.validation.ms, p.validationBaseline.ms)],
        ['plan, all converged', ms(p.planConverged.ms), ms(p.naiveConverged.ms), ratio(p.planConverged.ms, p.naiveConverged.ms)],
        ['  tenants reported changed (true: 0)', String(p.planConverged.tenantsChanged), String(p.naiveConverged.tenantsChanged), ''],
        ['plan, 1 drifted object each', ms(p.planDrifted.ms), ms(p.naiveDrifted.ms), ratio(p.planDrifted.ms, p.naiveDrifted.ms)],
        [`  tenants reported changed (true: ${p.tenants})`, String(p.planDrifted.tenantsChanged), String(p.naiveDrifted.tenantsChanged), ''],
        ['  steps planned (true: 1 per tenant)', String(p.planDrifted.total), '-', ''],
        ['desired state: documents + content hashes', ms(p.desiredState.ms), ms(p.desiredStateBaseline.ms), ratio(p.desiredState.ms, p.desiredStateBaseline.ms)],
      ]),
    );
  }

  const r = results.rollout;
  if (r) {
    const n = r.tenants;
    parts.push(
      table(`3. Sessions per apply, ${n} tenants, real Terraform + simulated Exchange Online`, `a per-tenant script (exo-apply.js converge for every tenant, each run); expected for us: ${n}, 0, 1`, [
        ['first rollout: sessions', String(r.first.sessions), String(r.sequential.sessions), ratio(r.first.sessions, r.sequential.sessions)],
        ['first rollout: cmdlet calls per tenant', (r.first.invokes / n).toFixed(1), (r.sequential.invokes / n).toFixed(1), ratio(r.first.invokes, r.sequential.invokes)],
        ['no-op: sessions', String(r.noop.sessions), String(r.sequentialRerun.sessions), ratio(r.noop.sessions, r.sequentialRerun.sessions)],
        ['no-op: cmdlet calls per tenant', (r.noop.invokes / n).toFixed(1), '-', ''],
        ['one-tenant change: sessions', String(r.change.sessions), String(r.sequentialRerun.sessions), ratio(r.change.sessions, r.sequentialRerun.sessions)],
        ['one-tenant change: cmdlet calls (changed tenant)', String(r.change.invokes), String(r.sequentialRerun.invokes), ratio(r.change.invokes, r.sequentialRerun.invokes)],
        ['reads per session (Get-*, from the reads log)', String(r.readsPerSession), String(r.readsPerSession), ''],
      ]),
    );
    const speedup = r.sequential.wallMs / r.first.wallMs;
    const ideal = Math.min(r.parallelism, n);
    const perTenant = r.sequential.wallMs / n;
    const latencyBudget = r.latency.connectDelayMs + (r.readsPerSession + r.sequential.invokes / n) * r.latency.cmdletDelayMs;
    parts.push(
      table(
        `4. Rollout wall time, ${n} tenants, simulated latency: connect ${r.latency.connectDelayMs} ms, ${r.latency.cmdletDelayMs} ms per cmdlet`,
        'the same tenants converged one after another (exo-apply.js converge in a loop, same spawn path and latency, no Terraform)',
        [
          [`first rollout: terraform apply -parallelism=${r.parallelism}`, ms(r.first.wallMs), ms(r.sequential.wallMs), ratio(r.first.wallMs, r.sequential.wallMs)],
          ['  speed-up (baseline column: ideal)', `${speedup.toFixed(1)}x`, `${ideal}x`, ratio(speedup, ideal)],
          ['  loop, per tenant: simulated latency + the rest', `${ms(latencyBudget)} + ${ms(perTenant - latencyBudget)}`, ms(perTenant), ''],
          ['no-op: terraform apply vs loop re-run', ms(r.noop.wallMs), ms(r.sequentialRerun.wallMs), ratio(r.noop.wallMs, r.sequentialRerun.wallMs)],
          ['one-tenant change: terraform apply vs loop re-run', ms(r.change.wallMs), ms(r.sequentialRerun.wallMs), ratio(r.change.wallMs, r.sequentialRerun.wallMs)],
        ],
      ),
    );
    // What bounds the first rollout: the CPU all its processes need, spread over the cores, or the
    // simulated latency, paid in waves of `parallelism` tenants.
    if (r.first.cpuSeconds !== null && r.first.cpuSeconds !== undefined) {
      const cores = results.machine.cores;
      const cpuFloorMs = (r.first.cpuSeconds * 1000) / cores;
      const latencyFloorMs = Math.ceil(n / r.parallelism) * latencyBudget;
      parts.push(
        `  bound: ${r.first.cpuSeconds.toFixed(1)} CPU seconds (${((r.first.cpuSeconds / n) * 1000).toFixed(0)} ms per tenant) on ${cores} cores need at least ${ms(cpuFloorMs)}; ` +
          `${Math.ceil(n / r.parallelism)} waves of latency need ${ms(latencyFloorMs)}: the rollout is bound by ${cpuFloorMs > latencyFloorMs ? 'CPU (more cores, or a transport that spawns less, would speed it up)' : 'Exchange latency'}; reads per session measured: ${r.readsPerSession.toFixed(1)}\n`,
      );
    }
  } else {
    parts.push('3./4. skipped: no terraform on PATH\n');
  }
  const sizeRows = [];
  for (const s of results.synth) {
    const t = s.layout === 'one-stack' ? `${s.tenants} tenants` : `${s.tenants} tenants, one stack each`;
    sizeRows.push([`${t}: cdk.tf.json per tenant`, kb(s.oursCdkTfJsonBytes / s.tenants), kb(s.rawCdkTfJsonBytes / s.tenants), ratio(s.oursCdkTfJsonBytes, s.rawCdkTfJsonBytes)]);
    sizeRows.push([`${t}: assets per tenant (${s.stacks} ${s.stacks === 1 ? 'copy' : 'copies'})`, kb(s.oursAssetBytes / s.tenants), kb(s.rawAssetBytes / s.tenants), ratio(s.oursAssetBytes, s.rawAssetBytes)]);
  }
  const last = results.synth.filter((s) => s.layout === 'one-stack').pop();
  if (p) sizeRows.push(['desired-state document per tenant', kb(p.desiredState.documentBytesPerTenant), '-', '']);
  if (p) sizeRows.push(['cdk.tf.json per tenant / document', kb(last.oursCdkTfJsonBytes / last.tenants), kb(p.desiredState.documentBytesPerTenant), ratio(last.oursCdkTfJsonBytes / last.tenants, p.desiredState.documentBytesPerTenant)]);
  if (r && r.stateBytesPerTenant) sizeRows.push([`terraform state per tenant (${r.tenants} tenants)`, kb(r.stateBytesPerTenant), '-', '']);
  for (const s of results.synth) {
    if (!s.sameResourcesExceptHashes) {
      sizeRows.push([`${s.tenants} tenants: resources ours / raw`, JSON.stringify(s.oursResources), JSON.stringify(s.rawResources), 'DIFFER']);
    }
  }
  parts.push(
    table('5. Size of the synthesized stack', `raw app's stack (same resources; identical apart from content hashes: ${results.synth.every((s) => s.sameResourcesExceptHashes) ? 'yes' : 'NO'})`, sizeRows),
  );
  for (const tr of results.transports || []) {
    const per = (v, n) => (v === null || v === undefined ? '?' : (v / n).toFixed(2));
    // The loop of figure 4 (one tenant after another, same latency) per tenant, for the speed-up.
    const loopPerTenant = results.rollout ? results.rollout.sequential.wallMs / results.rollout.tenants : null;
    parts.push(
      table(`6. First rollout per transport, ${tr.tenants} tenants, -parallelism=${tr.parallelism}, same latency`, 'the PowerShell transport (stand-in pwsh: a Node process, not the module)', [
        ['wall time', ms(tr.adminApi.wallMs), ms(tr.powershell.wallMs), ratio(tr.adminApi.wallMs, tr.powershell.wallMs)],
        ['CPU seconds per tenant (terraform + descendants)', per(tr.adminApi.cpuSeconds, tr.tenants), per(tr.powershell.cpuSeconds, tr.tenants), tr.adminApi.cpuSeconds && tr.powershell.cpuSeconds ? ratio(tr.adminApi.cpuSeconds, tr.powershell.cpuSeconds) : ''],
        ['largest process RSS', tr.adminApi.maxRssKb ? mb(tr.adminApi.maxRssKb) : '?', tr.powershell.maxRssKb ? mb(tr.powershell.maxRssKb) : '?', ''],
        ['sessions / cmdlet calls', `${tr.adminApi.sessions} / ${tr.adminApi.invokes}`, `${tr.powershell.sessions} / ${tr.powershell.invokes}`, ''],
        ...(loopPerTenant
          ? [[`speed-up over the loop of figure 4 (${ms(loopPerTenant)} per tenant x ${tr.tenants})`, `${((loopPerTenant * tr.tenants) / tr.adminApi.wallMs).toFixed(1)}x`, `${((loopPerTenant * tr.tenants) / tr.powershell.wallMs).toFixed(1)}x`, '']]
          : []),
      ]),
    );
  }

  const t = results.terraform;
  if (t) {
    const rows = [];
    for (const x of t.oneStack) {
      rows.push([`${x.tenants} tenants, one stack: first apply`, ms(x.firstApplyMs), '-', '']);
      rows.push([`  Terraform peak RSS / CPU`, `${x.terraformMaxRssKb ? mb(x.terraformMaxRssKb) : '?'} / ${x.terraformCpuSeconds === null ? '?' : x.terraformCpuSeconds.toFixed(1)} s`, '-', '']);
      rows.push([`  state per tenant (goal <= 3 KB)`, kb(x.stateBytesPerTenant), '3.0 KB', ratio(x.stateBytesPerTenant, 3072)]);
      rows.push([`  one-domain change: plan shown (goal <= 60 lines)`, `${x.shownPlanLines} lines`, '60 lines', ratio(x.shownPlanLines, 60)]);
      rows.push([`  the same plan printed by 'terraform plan'`, `${x.planLines} lines (${x.planRefreshLines} "Refreshing state")`, '-', '']);
      if (x.planNoRefreshLines !== undefined) rows.push([`  'terraform plan -refresh=false' (goal <= 60 lines)`, `${x.planNoRefreshLines} lines`, '60 lines', ratio(x.planNoRefreshLines, 60)]);
      rows.push([`  resources the change touches`, String(x.resourcesChanged.length), '1', '']);
    }
    const one = t.oneStack.find((x) => x.tenants === t.shardFleet);
    for (const sh of t.shards) {
      rows.push([
        `${t.shardFleet} tenants in ${t.shardCount} shards (${sh.sizesPerShard.join('/')}), ${sh.concurrency} at a time`,
        ms(sh.wallMs),
        one ? ms(one.firstApplyMs) : '-',
        one ? ratio(sh.wallMs, one.firstApplyMs) : '',
      ]);
    }
    if (t.firstApplyGrowthExponent !== null) rows.push(['first apply growth exponent (one stack)', t.firstApplyGrowthExponent.toFixed(2), '1.00 (linear)', '']);
    parts.push(table("7. Terraform's own cost (the apply-time program replaced by 'exit 0', -parallelism=10)", `for shards: the same fleet in one stack; for state and plan: the goals of the fleet-scale work`, rows));
  }
  const v = results.validation;
  if (v) {
    const rows = v.sizes.map((x) => [`${x.tenants} tenants: all rules`, ms(x.ms), ms(x.baselineMs), ratio(x.ms, x.baselineMs)]);
    rows.push(['growth exponent, smallest to largest', v.exponent.toFixed(2), '1.00 (linear)', '']);
    parts.push(table('8. Validation at fleet scale (in process, median of 3 after a warm-up)', 'one-pass hash-set duplicate check of the same fleet', rows));
  }
  const d = results.drift;
  if (d) {
    parts.push(
      table(`9. Drift check, ${d.tenants} converged tenants, simulated latency: connect ${d.latency.connectDelayMs} ms, ${d.latency.cmdletDelayMs} ms per cmdlet`, 'the same tenants planned one after another (exo-apply.js what-if over the stack folder)', [
        [`exo-gateway drift --concurrency ${d.concurrency}`, ms(d.drift.wallMs), ms(d.whatIf.wallMs), ratio(d.drift.wallMs, d.whatIf.wallMs)],
        ['  tenants in sync (true: all)', String(d.drift.inSync), String(d.whatIf.inSync), ''],
        ['  findings (true: 0)', String(d.drift.findings), '-', ''],
      ]),
    );
  }
  if (results.export) parts.push(exportTable(results.export));
  parts.push(`mode ${results.mode}, total ${ms(results.totalMs)}; results in ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
  return parts.join('\n');
}

// -------------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-bench-'));
  const rc = path.join(work, 'terraform.rc');
  fs.writeFileSync(rc, '');
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1' };
  try {
    progress(`bench (${CONFIG.mode}): bundling the apply-time program and the benchmark`);
    const bundle = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'bundle-runtime.js')], { cwd: REPO, stdio: 'inherit' });
    if (bundle.status !== 0) throw new Error('scripts/bundle-runtime.js failed');
    // Every synth and session of the run uses one private copy of the apply-time program and the
    // simulator's session: other work in the same checkout may rebuild build/runtime meanwhile
    // (scripts/bundle-runtime.js empties it first).
    const snapshot = path.join(work, 'snapshot');
    const runtimeDir = path.join(snapshot, 'build', 'runtime');
    fs.cpSync(path.join(REPO, 'build', 'runtime'), runtimeDir, { recursive: true });
    for (const f of ['exo-apply.js', 'exo-sim-session.js', 'exo-session.ps1']) {
      if (!fs.existsSync(path.join(runtimeDir, f))) throw new Error(`build/runtime/${f} vanished while copying it (something rebuilt it); run the benchmark again`);
    }
    env.EXO_SIM_SESSION_BUNDLE = path.join(runtimeDir, 'exo-sim-session.js');
    const entries = await buildEntries(['synth-ours', 'plan-bench', 'rollout-bench', 'transport-bench', 'terraform-bench', 'validation-bench', 'drift-bench', 'export-bench'], snapshot);
    const figureExport = () => {
      progress(`10. export of ${CONFIG.exportTenants.join(' and ')} tenants at concurrency ${CONFIG.parallelism} vs a plain read`);
      return runChild([entries['export-bench'], CONFIG.exportTenants.join(','), ...[CONFIG.parallelism, CONFIG.connectDelayMs, CONFIG.cmdletDelayMs].map(String), runtimeDir, path.join(work, 'export')], { cwd: work, env, echo: true }).json;
    };
    if (ONLY === 'synth') {
      process.stdout.write(`\n${synthTable(figureSynth(entries, work, env, runtimeDir))}\n`);
      return;
    }
    if (ONLY === 'export') {
      process.stdout.write(`\n${exportTable(figureExport())}\n`);
      return;
    }

    const results = { schema: 'cdktf-exo-gateway/bench@1', mode: CONFIG.mode, date: new Date().toISOString(), config: CONFIG, machine: machineFacts(env) };

    progress('1. synth');
    results.synth = figureSynth(entries, work, env, runtimeDir);

    progress(`2. validation and planning (${CONFIG.planTenants} tenants)`);
    results.plan = runChild([entries['plan-bench'], String(CONFIG.planTenants), String(CONFIG.planRepeats), path.join(work, 'plan')], { cwd: work, env, echo: true }).json;

    if (hasTerraform(env)) {
      progress(`3./4. rollout with terraform (${CONFIG.rolloutTenants} tenants, -parallelism=${CONFIG.parallelism})`);
      const args = [CONFIG.rolloutTenants, CONFIG.parallelism, CONFIG.connectDelayMs, CONFIG.cmdletDelayMs].map(String);
      results.rollout = runChild([entries['rollout-bench'], ...args, path.join(work, 'rollout')], { cwd: work, env, echo: true }).json;
      results.transports = [];
      for (const n of CONFIG.transportTenants) {
        progress(`6. the same rollout through each transport (${n} tenants)`);
        const targs = [n, CONFIG.parallelism, CONFIG.connectDelayMs, CONFIG.cmdletDelayMs].map(String);
        results.transports.push(runChild([entries['transport-bench'], ...targs, path.join(work, `transports-${n}`)], { cwd: work, env, echo: true }).json);
      }
    } else {
      progress('3./4. skipped: no terraform on PATH');
      results.rollout = null;
    }

    if (hasTerraform(env)) {
      progress(`7. Terraform's own cost (${CONFIG.terraformSizes.join(', ')} tenants in one stack; ${CONFIG.shardFleet} in ${CONFIG.shardCount} shards)`);
      results.terraform = runChild([entries['terraform-bench'], path.join(work, 'terraform'), CONFIG.terraformSizes.join(','), String(CONFIG.shardCount), String(CONFIG.shardFleet)], { cwd: work, env, echo: true }).json;
    } else {
      results.terraform = null;
    }

    progress(`8. validation at ${CONFIG.validationSizes.join(', ')} tenants`);
    results.validation = runChild([entries['validation-bench'], CONFIG.validationSizes.join(','), '3', path.join(work, 'validation')], { cwd: work, env, echo: true }).json;

    progress(`9. drift over ${CONFIG.driftTenants} tenants at concurrency ${CONFIG.parallelism} vs sequential what-if`);
    results.drift = runChild([entries['drift-bench'], ...[CONFIG.driftTenants, CONFIG.parallelism, CONFIG.connectDelayMs, CONFIG.cmdletDelayMs].map(String), runtimeDir, path.join(work, 'drift')], { cwd: work, env, echo: true }).json;

    results.export = figureExport();

    results.machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
    results.ratios = ratios(results);
    results.totalMs = performance.now() - started;
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\n${report(results)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
