import { IConstruct } from 'constructs';
import { FleetModel, GatewayModel, TenantModel } from '../../core/fleet';

/** Brand by which constructs of this library are recognised across package copies. */
export const TENANT_BRAND = Symbol.for('cdktf-exo-gateway.TenantGateway');

/** What the collector needs from a tenant construct. */
export interface TenantModelSource extends IConstruct {
  readonly tenantId: string;
  _toModel(): TenantModel;
}

/** True for TenantGateway constructs (by brand, not instanceof). */
export function isTenantSource(c: IConstruct): c is TenantModelSource {
  return Reflect.get(c, TENANT_BRAND) === true;
}

/**
 * The fleet declared anywhere under `root` (every stack of the app); `all` may give the
 * constructs of `root.node.findAll()` when the caller has walked the app already.
 */
export function collectFleet(root: IConstruct, all: readonly IConstruct[] = root.node.findAll()): FleetModel {
  const tenants = all.filter(isTenantSource).map((t) => t._toModel());
  const gateways = new Map<string, GatewayModel>();
  for (const t of tenants) gateways.set(t.gateway.path, t.gateway);
  return { gateways: [...gateways.values()], tenants };
}
