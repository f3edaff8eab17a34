/**
 * Generated fleets for the benchmark: N customer tenants with 3 mail domains each, in the shape
 * of the example's TENANTS list (examples/seppmail-msp/fleet.ts), valid under every rule.
 */
import { ExampleTenant } from '../examples/seppmail-msp/fleet';

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
