/**
 * Child process of figure 7: validation of fleets of growing size, in process: every rule over
 * the fleet collected from the constructs, beside a one-pass hash-set check of the same fleet,
 * median of `repeats` after a warm-up. The growth exponent between two sizes n1 < n2 is
 * log(t2 / t1) / log(n2 / n1): 1 for linear, 2 for a rule that scans the fleet per tenant.
 *
 *   node bench/.build/validation-bench.js <sizes, comma-separated> <repeats> <workdir>
 *
 * Prints one JSON line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../examples/seppmail-msp/fleet';
import { collectFleet } from '../lib/constructs/private/fleet-collector';
import { validateFleet } from '../lib/rules';
import { desiredObjectsFor } from '../lib/profiles';
import { benchFleet, minimalCheck, timed } from './fleet';

function main(): void {
  const sizes = process.argv[2].split(',').map(Number);
  const repeats = Number(process.argv[3]);
  const workdir = process.argv[4];
  fs.mkdirSync(workdir, { recursive: true });
  process.chdir(workdir);
  const out = [];
  for (const n of sizes) {
    const app = new App({ outdir: path.join(workdir, 'cdktf.out') });
    new SeppmailMspStack(app, 'fleet', benchFleet(n));
    const fleet = collectFleet(app);
    const ours = timed(repeats, () => validateFleet({ fleet, desiredObjects: desiredObjectsFor }));
    const baseline = timed(repeats, () => minimalCheck(fleet));
    process.stderr.write(`  [validation] ${n} tenants: ${ours.ms.toFixed(0)} ms (${ours.result.length} findings), one-pass check ${baseline.ms.toFixed(1)} ms\n`);
    out.push({ tenants: n, ms: ours.ms, runs: ours.runs, findings: ours.result.length, baselineMs: baseline.ms });
  }
  const exponent = (a: { tenants: number; ms: number }, b: { tenants: number; ms: number }) => Math.log(b.ms / a.ms) / Math.log(b.tenants / a.tenants);
  process.stdout.write(`${JSON.stringify({ sizes: out, exponent: out.length >= 2 ? exponent(out[0], out[out.length - 1]) : null })}\n`);
}

main();
