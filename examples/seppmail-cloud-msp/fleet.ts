/**
 * SEPPmail.cloud for an MSP: one gateway per routing mode. Contoso and Fabrikam are booked in
 * parallel mode (MX stays at Microsoft) in region ch; Tailspin in inline mode (MX at
 * <domain>.gate.seppmail.cloud) in region de. The certificate names and smart hosts are derived:
 * no cbcCertificateName is declared. Access is bring-your-own (an app set up outside this stack).
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CbcConnector, ExchangeAccess, GatewayProfile, MailGateway, RulePlacement, SeppmailCloudRegion, SeppmailCloudRouting, TenantGateway } from '../../lib';

export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
export const CERT_ENV = 'EXO_APP_CERT_PFX_B64';

export interface CloudTenant {
  readonly id: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  /** The first domain is the one booked with SEPPmail.cloud (its smart hosts derive from it). */
  readonly domains: string[];
  readonly inline?: boolean;
}

export const CLOUD_TENANTS: CloudTenant[] = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', domains: ['contoso.com', 'contoso.ch'] },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', domains: ['fabrikam.com'] },
  { id: 'Tailspin', tenantId: '9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603', initialDomain: 'tailspintoys.onmicrosoft.com', domains: ['tailspintoys.com'], inline: true },
];

export class SeppmailCloudMspStack extends TerraformStack {
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string, tenants: CloudTenant[] = CLOUD_TENANTS) {
    super(scope, id);
    const parallel = new MailGateway(this, 'CloudParallel', {
      profile: GatewayProfile.seppmailCloud({ region: SeppmailCloudRegion.CH, routing: SeppmailCloudRouting.PARALLEL, tenantPrerequisitesConfirmed: true }),
    });
    const inline = new MailGateway(this, 'CloudInline', {
      profile: GatewayProfile.seppmailCloud({ region: SeppmailCloudRegion.DE, routing: SeppmailCloudRouting.INLINE, tenantPrerequisitesConfirmed: true }),
    });
    for (const t of tenants) {
      const tenant = new TenantGateway(this, t.id, {
        gateway: t.inline ? inline : parallel,
        tenantId: t.tenantId,
        initialDomain: t.initialDomain,
        access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV),
      });
      t.domains.forEach((domain, i) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
      if (t.id === 'Fabrikam') {
        // staged rollout: connectors now, rules disabled, at the top instead of SEPPmail.cloud's bottom
        new CbcConnector(tenant, 'Connector', { tenant, rulesEnabled: false, rulePlacement: RulePlacement.TOP });
      }
      this.tenants.push(tenant);
    }
  }
}
