import type { GatewayModel, TenantModel } from '../../core/fleet';
import { ValidationContext } from '../../core/rules/context';

/** The tenants (active or retired) a gateway serves. */
export function tenantsOf(ctx: ValidationContext, gateway: GatewayModel): TenantModel[] {
  return ctx.fleet.tenants.filter((t) => t.gateway.path === gateway.path);
}
