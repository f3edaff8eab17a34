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

/**
 * What teardown needs of a tenant, and nothing that changes with its declaration: the tenant's
 * identity, the access reference and the marker. Kept in the state of the tenant's Teardown step
 * and of the stack's fleet registry, so that a change to a tenant's domains, rules or options
 * touches neither; the planner removes every marked object of a retired tenant, by marker.
 */
export function teardownDocument(doc: TenantDesiredState): TenantDesiredState {
  return {
    schema: doc.schema,
    tenant: { name: doc.tenant.name, tenantId: doc.tenant.tenantId, initialDomain: doc.tenant.initialDomain, managedDomains: [] },
    access: doc.access,
    marker: doc.marker,
    retired: true,
    adoptExisting: false,
    rulePlacement: 'Top',
    objects: [],
  };
}

/**
 * The short, human-readable summary of a tenant's document that Terraform holds beside its hash,
 * so that `terraform plan` says in a few lines what changes for the tenant. Flat strings and
 * booleans only: a plan shows each changed line.
 */
export interface TenantSummary {
  readonly tenant: string;
  readonly tenantId: string;
  readonly hash: string;
  readonly profile: string;
  readonly domains: string;
  readonly cbcCertificateName: string;
  readonly retired: boolean;
  readonly connectorsEnabled: boolean;
  readonly rulesEnabled: boolean;
  readonly objects: string;
}

/** The summary of `doc` (built from `tenant`), as Terraform holds it. */
export function tenantSummary(tenant: TenantModel, doc: TenantDesiredState, hash: string): TenantSummary {
  const counts = new Map<string, number>();
  for (const o of doc.objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return {
    tenant: doc.tenant.name,
    tenantId: doc.tenant.tenantId,
    hash,
    profile: tenant.gateway.product,
    domains: doc.tenant.managedDomains.join(', '),
    cbcCertificateName: tenant.cbcCertificateName,
    retired: doc.retired,
    connectorsEnabled: tenant.connector?.connectorsEnabled ?? true,
    rulesEnabled: !doc.retired && (tenant.connector?.rulesEnabled ?? true),
    objects: [...counts].map(([k, n]) => `${n} ${k}`).join(', '),
  };
}
