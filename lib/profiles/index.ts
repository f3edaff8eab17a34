import { buildTenantDocument } from '../core/desired-state';
import { DesiredObject, RulePlacementValue, TenantDesiredState } from '../core/exo-model';
import { GatewayProductValue } from '../core/enums';
import { GatewayModel, TenantModel } from '../core/fleet';
import { customProfileObjects } from './custom';
import { ftapiObjects } from './ftapi';
import { NOSPAMPROXY_DEFAULTS, noSpamProxyObjects } from './nospamproxy';
import { postfixObjects } from './postfix';
import { seppmailApplianceObjects } from './seppmail-appliance';
import { seppmailCloudCertificateName, seppmailCloudObjects } from './seppmail-cloud';

/**
 * The tenant's desired-state document: its profile's objects and the profile's decisions on rule
 * placement and the accepted-domains check. Synth, teardown documents and tests all build it here.
 */
export function tenantDocument(tenant: TenantModel): TenantDesiredState {
  return buildTenantDocument(tenant, desiredObjectsFor(tenant), {
    defaultRulePlacement: defaultRulePlacement(tenant.gateway.product),
    requireAllAcceptedDomainsManaged: requiresAllAcceptedDomainsManaged(tenant),
  });
}

const objectsByModel = new WeakMap<TenantModel, DesiredObject[]>();

/**
 * The desired Exchange Online objects of a tenant, from its gateway's profile. Retired tenants get
 * none. Built once per model (models are plain, unchanging data): the validation rules and the
 * tenant's document share them.
 */
export function desiredObjectsFor(tenant: TenantModel): DesiredObject[] {
  let objects = objectsByModel.get(tenant);
  if (!objects) {
    objects = profileObjects(tenant);
    if (tenant.connector?.strict === true) objects = objects.map((o) => (o.kind === 'TransportRule' ? { ...o, strict: true } : o));
    objectsByModel.set(tenant, objects);
  }
  return objects;
}

/**
 * Forgets the objects built for `tenant` (the next {@link desiredObjectsFor} builds them again).
 * Synth calls it once a tenant's document is written, so a large fleet does not keep every
 * tenant's objects alive until the end of synth.
 */
export function releaseDesiredObjects(tenant: TenantModel): void {
  objectsByModel.delete(tenant);
}

function profileObjects(tenant: TenantModel): DesiredObject[] {
  if (tenant.retired) return [];
  switch (tenant.gateway.product) {
    case 'seppmail-appliance':
      return seppmailApplianceObjects(tenant);
    case 'postfix':
      return postfixObjects(tenant);
    case 'seppmail-cloud':
      return seppmailCloudObjects(tenant);
    case 'nospamproxy':
      return noSpamProxyObjects(tenant);
    case 'ftapi':
      return ftapiObjects(tenant);
    case 'custom':
      return customProfileObjects(tenant);
  }
  // A product outside the enum (an untyped caller): rule CBC017 reports it; it has no objects.
  return [];
}

/**
 * Where a product puts its rules when the tenant's CbcConnector does not say: SEPPmail.cloud's
 * module places them at the bottom (New-SC365Rules -PlacementPriority default), every other
 * profile at the top.
 */
export function defaultRulePlacement(product: GatewayProductValue): RulePlacementValue {
  return product === 'seppmail-cloud' ? 'Bottom' : 'Top';
}

/**
 * The CBC certificate name a product derives for a tenant (SEPPmail.cloud:
 * `<tenant id>.<region>.seppmail.cloud`); undefined when the user declares it.
 */
export function derivedCbcCertificateName(gateway: Pick<GatewayModel, 'product' | 'seppmailCloud'>, tenantId: string): string | undefined {
  return gateway.product === 'seppmail-cloud' && gateway.seppmailCloud ? seppmailCloudCertificateName(tenantId, gateway.seppmailCloud.region) : undefined;
}

/**
 * Whether the layout needs every accepted domain of the tenant to reach Exchange Online through
 * the gateway: a Partner inbound connector for all sender domains restricted to the gateway's
 * certificate refuses mail for a domain whose MX still points at Microsoft (SEPPmail.cloud inline,
 * NoSpamProxy with restrictToCertificate, a custom profile that says so). The converge step then
 * checks the tenant's accepted domains before any change.
 */
export function requiresAllAcceptedDomainsManaged(tenant: TenantModel): boolean {
  const g = tenant.gateway;
  switch (g.product) {
    case 'seppmail-cloud':
      return g.seppmailCloud?.routing === 'inline';
    case 'nospamproxy':
      return (g.noSpamProxy ?? NOSPAMPROXY_DEFAULTS).restrictToCertificate;
    case 'custom':
      return g.customProfile?.requireAllAcceptedDomainsManaged ?? false;
    default:
      return false;
  }
}
