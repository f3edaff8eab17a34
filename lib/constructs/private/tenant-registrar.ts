import type { CbcConnector } from '../cbc-connector';
import type { ManagedDomain } from '../managed-domain';
import type { ITenantGateway } from '../tenant-gateway-base';
import { TENANT_BRAND } from './fleet-collector';
import { ERRORS, libraryError } from '../../core/errors';

/** What ManagedDomain and CbcConnector call on their tenant. */
export interface TenantRegistrar {
  _registerDomain(domain: ManagedDomain): void;
  _registerConnector(connector: CbcConnector): void;
}

/**
 * The tenant as this library's TenantGateway. ITenantGateway is public so props can name it, but
 * only the library's own TenantGateway can hold domains and connectors: anything else is refused
 * with the reason instead of failing on a missing method.
 */
export function registrarOf(tenant: ITenantGateway, who: string): TenantRegistrar {
  if (!isRegistrar(tenant)) {
    throw libraryError(ERRORS.NOT_A_TENANT_GATEWAY, `${who}: tenant ${tenant.node.path} is not a TenantGateway of cdktf-exo-gateway. Pass the TenantGateway construct itself.`);
  }
  return tenant;
}

/** True for the library's own TenantGateway (by brand, across package copies). */
function isRegistrar(tenant: ITenantGateway): tenant is ITenantGateway & TenantRegistrar {
  return Reflect.get(tenant, TENANT_BRAND) === true;
}
