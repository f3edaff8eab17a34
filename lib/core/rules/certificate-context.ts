import { CertificateFacts, InspectedCertificate } from '../certificate-types';
import { CertificatePolicy, GatewayModel, TenantModel } from '../fleet';
import { activeTenants, ValidationContext } from './context';

export { ValidationContext };

/** A certificate that was loaded from a file, with whose it is. */
export interface CheckedCertificate {
  readonly role: 'tenant' | 'gateway';
  /** Construct path of the declaration. */
  readonly path: string;
  /** Tenant name or gateway FQDN, for messages. */
  readonly owner: string;
  readonly certificate: InspectedCertificate;
  readonly policy: CertificatePolicy;
  readonly gateway: GatewayModel;
  readonly tenant?: TenantModel;
}

/** Every inspected certificate of active tenants and of the gateways. */
export function checkedCertificates(ctx: ValidationContext): CheckedCertificate[] {
  const out: CheckedCertificate[] = [];
  for (const g of ctx.fleet.gateways) {
    const c = g.tlsCertificate?.load.certificate;
    if (c) out.push({ role: 'gateway', path: g.path, owner: g.fqdn, certificate: c, policy: g.certificatePolicy, gateway: g });
  }
  for (const t of activeTenants(ctx)) {
    const c = t.cbcCertificate?.load.certificate;
    if (c) out.push({ role: 'tenant', path: t.path, owner: `tenant '${t.name}'`, certificate: c, policy: t.gateway.certificatePolicy, gateway: t.gateway, tenant: t });
  }
  return out;
}

/** `subject (SHA-256 fingerprint)`, the way every certificate finding names its certificate. */
export function describeCertificate(facts: CertificateFacts): string {
  return `'${facts.subject}' (SHA-256 ${facts.fingerprint})`;
}
