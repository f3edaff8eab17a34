/**
 * The FTAPI S/MIME gateway beside Exchange Online for two tenants (MX stays at Microsoft). The
 * gateway presents one certificate per tenant; the tls-policy lines for its side are the
 * `FtapiTlsPolicy` output.
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ExchangeAccess, GatewayProfile, MailGateway, TenantGateway } from '../../lib';

export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
export const CERT_ENV = 'EXO_APP_CERT_PFX_B64';

export const FTAPI_TENANTS = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'smime.contoso.com', domains: ['contoso.com'] },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'smime.fabrikam.com', domains: ['fabrikam.com', 'fabrikam.de'] },
];

export class FtapiMspStack extends TerraformStack {
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new MailGateway(this, 'Ftapi', {
      profile: GatewayProfile.ftapi(),
      fqdn: 'ftapi-smime.example-msp.net',
      tlsCertificateName: '*.example-msp.net',
    });
    for (const t of FTAPI_TENANTS) {
      const tenant = new TenantGateway(this, t.id, {
        gateway,
        tenantId: t.tenantId,
        initialDomain: t.initialDomain,
        cbcCertificateName: t.cbcCertificateName,
        access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV),
      });
      t.domains.forEach((domain, i) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
      this.tenants.push(tenant);
    }
  }
}
