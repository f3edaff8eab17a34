/**
 * The per-tenant desired-state document, and the content hash that triggers its converge step.
 */
import { createHash } from 'node:crypto';
import { DesiredObject, DOCUMENT_SCHEMA, MANAGED_MARKER, TenantDesiredState } from './exo-model';
import { TenantModel, DEFAULTS } from './fleet';

/** Builds the document the apply step converges a tenant to. `access` must be set (rule CBC011). */
export function buildTenantDocument(tenant: TenantModel, objects: DesiredObject[]): TenantDesiredState {
  if (!tenant.access) {
    throw new Error(`tenant '${tenant.name}' has no Exchange Online access (CBC011)`);
  }
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: {
      name: tenant.name,
      tenantId: tenant.tenantId.toLowerCase(),
      initialDomain: tenant.initialDomain.toLowerCase(),
      managedDomains: tenant.domains.map((d) => d.domain.toLowerCase()),
    },
    access: tenant.access,
    marker: MANAGED_MARKER,
    retired: tenant.retired,
    adoptExisting: tenant.adoptExisting,
    rulePlacement: tenant.connector?.rulePlacement ?? DEFAULTS.rulePlacement,
    objects: tenant.retired ? [] : objects,
  };
}

/** JSON with object keys sorted, so equal documents hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

/** sha256 of the canonical JSON, hex. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
