import { DesiredObject } from '../exo-model';
import { FleetModel, TenantModel } from '../fleet';

/** What a rule sees: the fleet, and the desired Exchange objects of each tenant (from its profile). */
export interface ValidationContext {
  readonly fleet: FleetModel;
  readonly desiredObjects: (tenant: TenantModel) => DesiredObject[];
}

/** Tenants that will hold objects after the next apply (retired tenants are being torn down). */
export function activeTenants(ctx: ValidationContext): TenantModel[] {
  return ctx.fleet.tenants.filter((t) => !t.retired);
}
