/**
 * Child process of figure 2: validation and planning of an N-tenant fleet, in process.
 *
 *   node bench/.build/plan-bench.js <tenants> <repeats> <workdir>
 *
 * 1. Builds the fleet with the constructs (SeppmailMspStack, no synth) and collects its model.
 * 2. Validation: validateFleet (all rules) vs a minimal hand-written check (hash sets for
 *    duplicate domains, certificate names and tenant ids, a GUID pattern).
 * 3. Desired state: every tenant's document and its content hash, as synth computes them.
 * 4. Observed states: every tenant is seeded in an in-process simulated Exchange Online, converged
 *    once (plan against the empty tenant, each step run by the simulator's backend) and read back,
 *    so the observed objects are in Exchange's read-back forms. Then one object per tenant is
 *    edited as an admin would (rotating: inbound RequireTls off, outbound smart host changed, a
 *    rule disabled) and read back again.
 * 5. Planning: planTenant over all tenants, converged and drifted, vs a naive deep compare
 *    (JSON.stringify of each declared parameter against the read-back property of the same name).
 *
 * Prints one JSON line. Each timing is the median of `repeats` runs after one warm-up run.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../examples/seppmail-msp/fleet';
import { collectFleet } from '../lib/constructs/private/fleet-collector';
import { contentHash } from '../lib/core/desired-state';
import { ExoObjectKind, ExoValue, ObservedObject, ObservedState, TenantDesiredState } from '../lib/core/exo-model';
import { planTenant } from '../lib/core/planner';
import { validateFleet } from '../lib/rules';
import { desiredObjectsFor, tenantDocument } from '../lib/profiles';
import { ExoSimBackend } from '../lib/runtime/simulator/backend';
import { SimulatorStore } from '../lib/runtime/simulator/store';
import { benchFleet, minimalCheck, timed } from './fleet';

const KINDS: readonly ExoObjectKind[] = ['InboundConnector', 'OutboundConnector', 'TransportRule'];

function log(line: string): void {
  process.stderr.write(`  [plan] ${line}\n`);
}

/** Naive drift check: each declared parameter, JSON-stringified, against the same-named read-back property. */
function naiveDifferences(doc: TenantDesiredState, observed: ObservedState): number {
  let differences = 0;
  for (const o of doc.objects) {
    const found = observed[o.kind].find((x) => x.Name === o.name);
    if (!found) {
      differences++;
      continue;
    }
    for (const [parameter, value] of Object.entries(o.parameters)) {
      if (JSON.stringify(value) !== JSON.stringify(found[parameter] ?? null)) differences++;
    }
  }
  return differences;
}

function readBack(backend: ExoSimBackend, organization: string): ObservedState {
  const out: { [kind: string]: ObservedObject[] } = {};
  for (const kind of KINDS) out[kind] = backend.get(organization, kind);
  return out as unknown as ObservedState;
}

function main(): void {
  const count = Number(process.argv[2]);
  const repeats = Number(process.argv[3] ?? 3);
  const workdir = process.argv[4];
  if (!Number.isInteger(count) || count < 1 || !workdir) throw new Error('usage: plan-bench.js <tenants> <repeats> <workdir>');
  fs.mkdirSync(workdir, { recursive: true });
  process.chdir(workdir); // cdktf's default local backend path is taken from the working directory

  // 1. the fleet, built with the constructs
  let start = performance.now();
  const app = new App({ outdir: path.join(workdir, 'cdktf.out') });
  new SeppmailMspStack(app, 'fleet', benchFleet(count));
  const fleet = collectFleet(app);
  const modelMs = performance.now() - start;
  log(`${fleet.tenants.length} tenants collected in ${modelMs.toFixed(0)} ms`);

  // 2. validation
  const validation = timed(repeats, () => validateFleet({ fleet, desiredObjects: desiredObjectsFor }));
  const minimal = timed(repeats, () => minimalCheck(fleet));
  const errors = validation.result.filter((f) => f.level === 'error').length;
  if (errors > 0 || minimal.result > 0) throw new Error(`the generated fleet is not valid: ${errors} error finding(s), ${minimal.result} minimal-check problem(s)`);
  log(`validateFleet ${validation.ms.toFixed(1)} ms, minimal check ${minimal.ms.toFixed(2)} ms`);

  // 3. desired state, as synth builds it: document + content hash per tenant
  const desired = timed(repeats, () =>
    fleet.tenants.map((t) => {
      const doc = tenantDocument(t);
      return { doc, hash: contentHash(doc) };
    }),
  );
  const docs = desired.result.map((d) => d.doc);
  const documentBytes = docs.reduce((sum, d) => sum + JSON.stringify(d).length, 0);
  const objectsPerTenant = docs.reduce((sum, d) => sum + d.objects.length, 0) / docs.length;
  // Baseline: what the raw app does instead (bench/synth-raw.js): copy one document text with the
  // tenant's names substituted, and hash the text.
  const first = fleet.tenants[0];
  const template = JSON.stringify(docs[0]);
  const personalise = (t: { name: string; tenantId: string }) =>
    template.split(first.tenantId.toLowerCase()).join(t.tenantId.toLowerCase()).split(first.name).join(t.name).split(first.name.toLowerCase()).join(t.name.toLowerCase());
  const copied = timed(repeats, () =>
    fleet.tenants.map((t) => {
      const text = personalise(t);
      return { text, hash: createHash('sha256').update(text).digest('hex') };
    }),
  );
  const templateMatches = copied.result.every((c, i) => c.text === JSON.stringify(docs[i]));
  log(`desired state of ${docs.length} tenants in ${desired.ms.toFixed(1)} ms (${objectsPerTenant} objects each); template copy ${copied.ms.toFixed(1)} ms (same text: ${templateMatches})`);

  // 4. converge each tenant once in the in-process simulated Exchange Online, read back
  start = performance.now();
  const store = new SimulatorStore(path.join(workdir, 'sim'));
  const backend = new ExoSimBackend(store);
  let createSteps = 0;
  const converged: ObservedState[] = [];
  for (const doc of docs) {
    const organization = doc.access.organization;
    store.seedTenant({ organization, tenantId: doc.tenant.tenantId, acceptedDomains: doc.tenant.managedDomains });
    const plan = planTenant(doc, readBack(backend, organization));
    if (plan.blockers.length) throw new Error(`${doc.tenant.name}: ${plan.blockers.join('; ')}`);
    for (const step of plan.steps) backend.invoke(organization, step.cmdlet, step.parameters);
    createSteps += plan.steps.length;
    converged.push(readBack(backend, organization));
  }
  const convergeMs = performance.now() - start;
  log(`converged ${docs.length} tenants in the simulator (${createSteps} cmdlets) in ${convergeMs.toFixed(0)} ms`);

  const drifts: { kind: ExoObjectKind; pick: number; changes: { [property: string]: ExoValue }; label: string }[] = [
    { kind: 'InboundConnector', pick: 0, changes: { RequireTls: false }, label: 'inbound RequireTls off' },
    { kind: 'OutboundConnector', pick: 0, changes: { SmartHosts: ['relay.elsewhere.example'] }, label: 'outbound smart host changed' },
    { kind: 'TransportRule', pick: 3, changes: { State: 'Disabled' }, label: 'rule disabled' },
  ];
  start = performance.now();
  const drifted: ObservedState[] = docs.map((doc, i) => {
    const drift = drifts[i % drifts.length];
    const names = doc.objects.filter((o) => o.kind === drift.kind).map((o) => o.name);
    store.editObject(doc.access.organization, drift.kind, names[Math.min(drift.pick, names.length - 1)], drift.changes);
    return readBack(backend, doc.access.organization);
  });
  const driftMs = performance.now() - start;

  // 5. planning
  const planAll = (observed: ObservedState[]) => docs.map((doc, i) => planTenant(doc, observed[i]));
  const planConverged = timed(repeats, () => planAll(converged));
  const planDrifted = timed(repeats, () => planAll(drifted));
  const naiveAll = (observed: ObservedState[]) => docs.map((doc, i) => naiveDifferences(doc, observed[i]));
  const naiveConverged = timed(repeats, () => naiveAll(converged));
  const naiveDrifted = timed(repeats, () => naiveAll(drifted));

  const steps = (plans: { steps: unknown[]; blockers: string[] }[]) => ({
    total: plans.reduce((s, p) => s + p.steps.length, 0),
    tenantsChanged: plans.filter((p) => p.steps.length > 0).length,
    blocked: plans.filter((p) => p.blockers.length > 0).length,
  });
  const flagged = (diffs: number[]) => ({ total: diffs.reduce((s, d) => s + d, 0), tenantsChanged: diffs.filter((d) => d > 0).length });

  const result = {
    tenants: count,
    domainsPerTenant: fleet.tenants[0].domains.length,
    repeats,
    modelMs,
    validation: { ms: validation.ms, runs: validation.runs, findings: validation.result.length, errors, rules: 15 },
    validationBaseline: { ms: minimal.ms, runs: minimal.runs, what: 'one pass, hash sets for exact duplicate domains / certificate names / tenant ids, GUID pattern' },
    desiredState: { ms: desired.ms, runs: desired.runs, objectsPerTenant, documentBytesPerTenant: documentBytes / docs.length },
    desiredStateBaseline: { ms: copied.ms, runs: copied.runs, sameText: templateMatches, what: "one tenant's document text copied with names substituted, sha256 of the text (as bench/synth-raw.js)" },
    simulatorConverge: { ms: convergeMs, cmdlets: createSteps, driftEditMs: driftMs, drifts: drifts.map((d) => d.label) },
    planConverged: { ms: planConverged.ms, runs: planConverged.runs, ...steps(planConverged.result) },
    planDrifted: { ms: planDrifted.ms, runs: planDrifted.runs, ...steps(planDrifted.result) },
    naiveConverged: { ms: naiveConverged.ms, runs: naiveConverged.runs, ...flagged(naiveConverged.result) },
    naiveDrifted: { ms: naiveDrifted.ms, runs: naiveDrifted.runs, ...flagged(naiveDrifted.result) },
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
