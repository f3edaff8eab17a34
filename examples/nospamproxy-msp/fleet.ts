/**
 * NoSpamProxy for an MSP, MX at the gateway: each tenant's inbound Partner connector accepts only
 * NoSpamProxy presenting that tenant's certificate; outbound mail goes to NoSpamProxy by the
 * address space `*` (Contoso, Fabrikam) or by a transport rule (second gateway, Northwind).
 * NoSpamProxy's outgoing connectors present the gateway's own certificate, never a tenant's.
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ExchangeAccess, GatewayProfile, MailGateway, NoSpamProxyOutboundRouting, TenantGateway } from '../../lib';

export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
export const CERT_ENV = 'EXO_APP_CERT_PFX_B64';

export const NSP_TENANTS = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'nsp.contoso.com', domains: ['contoso.com', 'contoso.de'], byRule: false },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'nsp.fabrikam.com', domains: ['fabrikam.com'], byRule: false },
  { id: 'Northwind', tenantId: '4b3c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d04', initialDomain: 'northwind.onmicrosoft.com', cbcCertificateName: 'nsp.northwindtraders.com', domains: ['northwindtraders.com'], byRule: true },
];

export class NoSpamProxyMspStack extends TerraformStack {
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const addressSpace = new MailGateway(this, 'NoSpamProxy', {
      profile: GatewayProfile.noSpamProxy({
        enhancedFilteringSkipIps: ['203.0.113.10', '203.0.113.11'],
        externalClientCertificateName: 'nsp01.example-msp.net',
      }),
      fqdn: 'nsp01.example-msp.net',
      tlsCertificateName: '*.example-msp.net',
    });
    const byRule = new MailGateway(this, 'NoSpamProxyRules', {
      profile: GatewayProfile.noSpamProxy({ outboundRouting: NoSpamProxyOutboundRouting.TRANSPORT_RULE, presentsNoExternalClientCertificate: true }),
      fqdn: 'nsp02.example-msp.net',
      tlsCertificateName: '*.example-msp.net',
    });
    for (const t of NSP_TENANTS) {
      const tenant = new TenantGateway(this, t.id, {
        gateway: t.byRule ? byRule : addressSpace,
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
