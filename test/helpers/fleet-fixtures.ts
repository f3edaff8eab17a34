import { FleetModel, GatewayModel, SEPPMAIL_MARKERS, TenantModel } from '../../lib/core/fleet';
import { ValidationContext } from '../../lib/core/rules';
import { desiredObjectsFor } from '../../lib/profiles';
import { profileTraits } from '../../lib/profiles/traits';

export const GATEWAY: GatewayModel = {
  path: 'app/stack/Gw',
  product: 'seppmail-appliance',
  traits: profileTraits('seppmail-appliance'),
  fqdn: 'securemail.provider.example',
  tlsCertificateName: '*.provider.example',
  markers: SEPPMAIL_MARKERS,
  certificatePolicy: { expiryWarningDays: 30, expiryErrorDays: 7, at: new Date().toISOString() },
};

let n = 0;
/** A valid tenant; override what a test needs. */
export function tenant(name: string, overrides: Partial<TenantModel> = {}): TenantModel {
  n++;
  const lower = name.toLowerCase();
  return {
    path: `app/stack/${name}`,
    name,
    tenantId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    initialDomain: `${lower}.onmicrosoft.com`,
    cbcCertificateName: `seppmail.${lower}.com`,
    access: { appId: '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', organization: `${lower}.onmicrosoft.com`, certificateEnv: 'EXO_CERT' },
    retired: false,
    adoptExisting: false,
    gateway: GATEWAY,
    domains: [{ path: `app/stack/${name}/Domain1`, domain: `${lower}.com` }],
    ...overrides,
  };
}

export function context(tenants: TenantModel[], gateways: GatewayModel[] = [GATEWAY]): ValidationContext {
  const fleet: FleetModel = { gateways, tenants };
  return { fleet, desiredObjects: desiredObjectsFor };
}
