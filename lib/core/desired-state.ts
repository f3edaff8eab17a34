/**
 * The per-tenant desired-state document, and the content hash that triggers its converge step.
 */
import { createHash } from 'node:crypto';
import { DesiredObject, DOCUMENT_SCHEMA, ExoObjectKind, MANAGED_MARKER, managedIdIn, markerWithId, RulePlacementValue, TenantDesiredState } from './exo-model';
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
    objects: tenant.retired ? [] : objects.map((o) => withStableId(o, MANAGED_MARKER)),
    ...(!tenant.retired && profile.requireAllAcceptedDomainsManaged ? { requireAllAcceptedDomainsManaged: true } : {}),
  };
}

/**
 * The stable id of a managed object: derived from its kind and declared name (case-insensitive),
 * so every synth writes the same id, and a rename by hand in Exchange (which keeps the comment)
 * does not change it. 12 hex digits of sha256 (48 bits): names are unique per kind and tenant.
 */
export function stableObjectId(kind: ExoObjectKind, name: string): string {
  return createHash('sha256').update(`${kind}\n${name.trim().toLowerCase()}`).digest('hex').slice(0, 12);
}

/**
 * The object with its stable id written after the marker in its Comment (connectors) or
 * Comments (rules): `… #managed-by:cdktf-exo-gateway id=<id>`. An object whose comment has no
 * marker, or already an id, is returned as it is (the planner refuses the former).
 */
export function withStableId(object: DesiredObject, marker: string): DesiredObject {
  const property = object.kind === 'TransportRule' ? 'Comments' : 'Comment';
  const comment = object.parameters[property];
  if (typeof comment !== 'string' || marker === '' || !comment.includes(marker) || managedIdIn(comment, marker) !== undefined) return object;
  const at = comment.indexOf(marker);
  const marked = comment.slice(0, at) + markerWithId(marker, stableObjectId(object.kind, object.name)) + comment.slice(at + marker.length);
  return { ...object, parameters: { ...object.parameters, [property]: marked } };
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
