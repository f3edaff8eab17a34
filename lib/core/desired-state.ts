/**
 * The per-tenant desired-state document, and the content hash that triggers its converge step.
 */
import { createHash } from 'node:crypto';
import { DesiredObject, DOCUMENT_SCHEMA, MANAGED_MARKER, RulePlacementValue, TenantDesiredState } from './exo-model';
import { TenantModel } from './fleet';

/** What the tenant's gateway profile decides for its document besides the objects. */
export interface ProfileDecisions {
  /** Where the rules go when the tenant's CbcConnector does not say. */
  readonly defaultRulePlacement: RulePlacementValue;
  /** The layout needs every accepted domain routed through the gateway (checked at apply). */
  readonly requireAllAcceptedDomainsManaged: boolean;
}

/**
 * Builds the document the apply step converges a tenant to, from the tenant, its profile's
 * objects and decisions (lib/profiles tenantDocument). `access` must be set (rule CBC011).
 */
export function buildTenantDocument(tenant: TenantModel, objects: DesiredObject[], profile: ProfileDecisions): TenantDesiredState {
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
    rulePlacement: tenant.connector?.rulePlacement ?? profile.defaultRulePlacement,
    objects: tenant.retired ? [] : objects,
    ...(!tenant.retired && profile.requireAllAcceptedDomainsManaged ? { requireAllAcceptedDomainsManaged: true } : {}),
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
