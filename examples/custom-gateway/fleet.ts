/**
 * A gateway without a built-in profile, assembled from typed parts: an add-on service beside
 * Exchange Online (MX stays at Microsoft) that stamps `X-Acme-Processed: yes` on mail it
 * returns. Inbound mail is routed to it and comes back through an OnPremises connector that
 * recognises each tenant's certificate; both rules except the marker so nothing loops.
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectorType, ExchangeAccess, GatewayProfile, MailGateway, OutboundTlsSettings, RoutingDirection, SenderAddressLocation, TenantGateway } from '../../lib';

export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
export const CERT_ENV = 'EXO_APP_CERT_PFX_B64';

export const CUSTOM_TENANTS = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'acme.contoso.com', domains: ['contoso.com'] },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'acme.fabrikam.com', domains: ['fabrikam.com'] },
];

/** The gateway's profile, assembled from typed parts (also given to a FleetFile in code). */
export function acmeProfile(): GatewayProfile {
  return GatewayProfile.custom({
    inboundConnector: { name: '[Acme] Gateway -> ExchangeOnline', connectorType: ConnectorType.ON_PREMISES, efSkipLastIp: true },
    outboundConnector: { name: '[Acme] ExchangeOnline -> Gateway', connectorType: ConnectorType.ON_PREMISES, transportRuleScoped: true, tlsSettings: OutboundTlsSettings.DOMAIN_VALIDATION },
    routingRules: [
      {
        name: '[Acme] Route inbound to the gateway',
        direction: RoutingDirection.INBOUND,
        exceptIfHeaderContainsName: 'X-Acme-Processed',
        exceptIfHeaderContainsWords: ['yes'],
        exceptIfSclOver: 5,
        senderAddressLocation: SenderAddressLocation.HEADER_OR_ENVELOPE,
        stopRuleProcessing: true,
      },
      {
        name: '[Acme] Route outbound to the gateway',
        direction: RoutingDirection.OUTBOUND,
        exceptIfHeaderContainsName: 'X-Acme-Processed',
        exceptIfHeaderContainsWords: ['yes'],
        exceptIfOutOfOffice: true,
      },
    ],
  });
}

export class CustomGatewayStack extends TerraformStack {
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const gateway = new MailGateway(this, 'Acme', {
      profile: acmeProfile(),
      fqdn: 'filter.acme-gateway.example',
    });
    for (const t of CUSTOM_TENANTS) {
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
