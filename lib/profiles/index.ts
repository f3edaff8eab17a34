import { DesiredObject } from '../core/exo-model';
import { TenantModel } from '../core/fleet';
import { postfixObjects } from './postfix';
import { seppmailApplianceObjects } from './seppmail-appliance';

/** The desired Exchange Online objects of a tenant, from its gateway's profile. Retired tenants get none. */
export function desiredObjectsFor(tenant: TenantModel): DesiredObject[] {
  if (tenant.retired) return [];
  switch (tenant.gateway.product) {
    case 'seppmail-appliance':
      return seppmailApplianceObjects(tenant);
    case 'postfix':
      return postfixObjects(tenant);
  }
}
