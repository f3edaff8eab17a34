/**
 * Child process of figure 1: synthesizes the library's example stack (SeppmailMspStack) with N
 * generated tenants into OUTDIR and prints one JSON line with its own timings and peak RSS.
 * Layout `one-stack` (default) puts every tenant into the stack `fleet`; `stack-per-tenant` builds
 * one SeppmailMspStack per tenant, named after the tenant in lower case.
 *
 *   node bench/.build/synth-ours.js <tenants> <outdir> [one-stack|stack-per-tenant]
 */
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../examples/seppmail-msp/fleet';
import { benchFleet } from './fleet';

function main(): void {
  const count = Number(process.argv[2]);
  const outdir = process.argv[3];
  const layout = process.argv[4] ?? 'one-stack';
  if (!Number.isInteger(count) || count < 1 || !outdir || !['one-stack', 'stack-per-tenant'].includes(layout)) {
    throw new Error('usage: synth-ours.js <tenants> <outdir> [one-stack|stack-per-tenant]');
  }
  // performance.now() counts from process start: start-up plus loading the modules.
  const loadedMs = performance.now();
  const tenants = benchFleet(count);
  const start = performance.now();
  const app = new App({ outdir, skipValidation: false });
  if (layout === 'one-stack') new SeppmailMspStack(app, 'fleet', tenants);
  else for (const t of tenants) new SeppmailMspStack(app, t.id.toLowerCase(), [t]);
  const constructedMs = performance.now() - start;
  app.synth();
  const synthMs = performance.now() - start;
  process.stdout.write(
    `${JSON.stringify({ kind: 'ours', tenants: count, layout, loadMs: loadedMs, constructMs: constructedMs, synthMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}

main();
