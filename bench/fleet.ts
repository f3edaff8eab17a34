/**
 * Generated fleets for the benchmark: N customer tenants with 3 mail domains each, in the shape
 * of the example's TENANTS list (examples/seppmail-msp/fleet.ts), valid under every rule.
 */
import { ExampleTenant } from '../examples/seppmail-msp/fleet';
import { FleetModel } from '../lib/core/fleet';

export const DOMAINS_PER_TENANT = 3;

/** Tenant i (0-based) of a generated fleet; the same i always gives the same tenant. */
export function benchTenant(i: number): ExampleTenant {
  const n = String(i + 1).padStart(5, '0');
  const base = `customer${n}`;
  return {
    id: `Customer${n}`,
    tenantId: `${(0x1000000 + i).toString(16).padStart(8, '0')}-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    initialDomain: `${base}.onmicrosoft.com`,
    cbcCertificateName: `seppmail.${base}.com`,
    domains: [`${base}.com`, `${base}.ch`, `${base}-mail.de`],
  };
}

/** The first `count` generated tenants. */
export function benchFleet(count: number): ExampleTenant[] {
  return Array.from({ length: count }, (_, i) => benchTenant(i));
}

/** Median wall time in ms of `repeats` runs of `fn` after one uncounted warm-up run; also returns the last result. */
export function timed<T>(repeats: number, fn: () => T): { ms: number; runs: number[]; result: T } {
  const runs: number[] = [];
  let result: T = fn();
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = fn();
    runs.push(performance.now() - start);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)], runs, result };
}

/** What a hand-written pre-flight check would do in one pass: exact duplicates and a GUID pattern. */
export function minimalCheck(fleet: FleetModel): number {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const domains = new Set<string>();
  const certificates = new Set<string>();
  const ids = new Set<string>();
  let problems = 0;
  for (const t of fleet.tenants) {
    if (!guid.test(t.tenantId)) problems++;
    const id = t.tenantId.toLowerCase();
    if (ids.has(id)) problems++;
    ids.add(id);
    const cert = t.cbcCertificateName.toLowerCase();
    if (certificates.has(cert)) problems++;
    certificates.add(cert);
    for (const d of t.domains) {
      const domain = d.domain.toLowerCase();
      if (domains.has(domain)) problems++;
      domains.add(domain);
    }
  }
  return problems;
}

