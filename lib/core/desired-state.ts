/**
 * The per-tenant desired-state document, and the content hash that triggers its converge step.
 */
import { createHash } from 'node:crypto';
import { DesiredObject, DOCUMENT_SCHEMA, ExchangeAccessReference, ExoObjectKind, MANAGED_MARKER, managedIdIn, markerWithId, RulePlacementValue, TenantDesiredState } from './exo-model';
import { TenantModel } from './fleet';
import { ERRORS, libraryError } from './errors';

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
    throw libraryError(ERRORS.TENANT_WITHOUT_ACCESS, `tenant '${tenant.name}' has no Exchange Online access (CBC011)`);
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
  const key = `${kind}\n${name.trim().toLowerCase()}`;
  let id = stableIds.get(key);
  if (id === undefined) {
    id = createHash('sha256').update(key).digest('hex').slice(0, 12);
    // The profiles give every tenant the same names: a fleet has a handful of distinct ids.
    if (stableIds.size < 10_000) stableIds.set(key, id);
  }
  return id;
}

const stableIds = new Map<string, string>();

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

/** sha256 of a text (UTF-8), hex: the name of a document file is the hash of its exact text. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 of the canonical JSON, hex. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * What teardown needs of a tenant, and nothing that changes with its declaration: the tenant's
 * name, id and access reference (the organization is the initial domain). Kept in the state of the
 * tenant's Teardown step and of the stack's fleet registry, so that a change to a tenant's
 * domains, rules or options touches neither, and small: the planner removes every object that
 * carries the marker of this program, whatever its name.
 */
export interface TeardownDocument {
  readonly name: string;
  readonly tenantId: string;
  readonly access: ExchangeAccessReference;
}

/** The teardown document of a tenant's desired state. */
export function teardownDocument(doc: TenantDesiredState): TeardownDocument {
  return { name: doc.tenant.name, tenantId: doc.tenant.tenantId, access: doc.access };
}

/** True for a teardown document (a desired-state document has a `schema`). */
export function isTeardownDocument(value: unknown): value is TeardownDocument {
  const v = value as Partial<TeardownDocument> & { schema?: unknown };
  return !!v && typeof v === 'object' && v.schema === undefined && typeof v.tenantId === 'string' && typeof v.name === 'string' && typeof v.access?.organization === 'string' && typeof v.access?.appId === 'string';
}

/** The desired state a teardown document stands for: the tenant retired, no object declared. */
export function retiredState(doc: TeardownDocument): TenantDesiredState {
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: { name: doc.name, tenantId: doc.tenantId, initialDomain: doc.access.organization, managedDomains: [] },
    access: doc.access,
    marker: MANAGED_MARKER,
    retired: true,
    adoptExisting: false,
    rulePlacement: 'Top',
    objects: [],
  };
}

/**
 * How the fleet registry keeps the teardown documents of a stack's tenants: grouped by their
 * access (all but the organization, which is the tenant's initial domain), each tenant as one
 * line `<tenant id>|<organization>|<name>`, so that a fleet sharing one app costs about 80 bytes
 * per tenant. The tenant id comes first: Terraform finds it with `split("|", line)[0]`.
 */
export interface RegistryGroup {
  /** The access reference without `organization`, as JSON. */
  readonly access: string;
  readonly tenants: string[];
}

/** A tenant's line in the fleet registry: `<tenant id>|<organization>|<name>`. */
export function registryLine(doc: TeardownDocument): string {
  return `${doc.tenantId}|${doc.access.organization}|${doc.name}`;
}

/** The access of a teardown document as the registry groups tenants by it (no organization). */
export function registryAccess(doc: TeardownDocument): Omit<ExchangeAccessReference, 'organization'> {
  const { organization: _organization, ...access } = doc.access;
  return access;
}

/** The teardown documents of one registry group (inverse of {@link registryLine} and {@link registryAccess}). */
export function teardownDocumentsOf(group: RegistryGroup): TeardownDocument[] {
  const access = JSON.parse(group.access) as Omit<ExchangeAccessReference, 'organization'>;
  return group.tenants.map((line) => {
    const [tenantId, organization, ...name] = line.split('|');
    return { name: name.join('|'), tenantId, access: { ...access, organization } };
  });
}

/**
 * The short, human-readable summary of a tenant's document that Terraform holds after its hash
 * in the converge step's trigger, so that `terraform plan` says in a few lines what changes for
 * the tenant: one `label: value` line each.
 */
export function tenantSummary(tenant: TenantModel, doc: TenantDesiredState): string[] {
  const counts = new Map<string, number>();
  for (const o of doc.objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  const onOff = (v: boolean) => (v ? 'enabled' : 'disabled');
  const state = doc.retired
    ? 'retired'
    : `connectors ${onOff(tenant.connector?.connectorsEnabled ?? true)}, rules ${onOff(tenant.connector?.rulesEnabled ?? true)}`;
  return [
    `tenant: ${doc.tenant.name} (${doc.tenant.tenantId})`,
    `domains: ${doc.tenant.managedDomains.join(', ')}`,
    `certificate: ${tenant.cbcCertificateName}`,
    `profile: ${tenant.gateway.product}, ${state}`,
    `objects: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`,
  ];
}
