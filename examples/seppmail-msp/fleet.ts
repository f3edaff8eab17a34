/**
 * The example fleet: one SEPPmail appliance of the provider "Example MSP" serving three
 * customer tenants with five mail domains. Kept apart from main.ts so tests and the demo can
 * build the same fleet.
 */
import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CbcConnector, ExchangeAccess, ExchangeTransport, GatewayProfile, MailGateway, RulePlacement, TenantGateway } from '../../lib';

/** The MSP's multi-tenant automation app (bring your own: created outside this stack). */
export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
/** Name of the runner's environment variable holding the app certificate (base64 PFX). */
export const CERT_ENV = 'EXO_APP_CERT_PFX_B64';

export interface ExampleTenant {
  readonly id: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly cbcCertificateName: string;
  readonly domains: string[];
  /** Staged rollout: connectors now, routing rules disabled until the pilot ends. */
  readonly staged?: boolean;
  /** Retired: the next apply removes what the library created there. */
  readonly retired?: boolean;
}

/** Fleet-wide choices of the example. */
export interface SeppmailMspOptions {
  /** How the apply step reaches Exchange Online. @default ExchangeTransport.POWERSHELL */
  readonly transport?: ExchangeTransport;
}

export const TENANTS: ExampleTenant[] = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', domains: ['contoso.com', 'contoso.ch'] },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'seppmail.fabrikam.com', domains: ['fabrikam.com', 'fabrikam-mail.de'] },
  { id: 'Tailspin', tenantId: '9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603', initialDomain: 'tailspintoys.onmicrosoft.com', cbcCertificateName: 'seppmail.tailspintoys.com', domains: ['tailspintoys.com'], staged: true },
];

/** Builds the example rollout into a stack. */
export class SeppmailMspStack extends TerraformStack {
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string, tenants: ExampleTenant[] = TENANTS, options: SeppmailMspOptions = {}) {
    super(scope, id);
    // State next to cdk.tf.json, so the stack folder is self-contained (cdktf's default puts it
    // at an absolute path in the folder synth ran in). Production fleets use a remote backend.
    new LocalBackend(this, { path: 'terraform.tfstate' });
    const appliance = new MailGateway(this, 'Appliance', {
      profile: GatewayProfile.seppmailAppliance(),
      fqdn: 'securemail.example-msp.net',
      tlsCertificateName: '*.example-msp.net',
      transport: options.transport,
    });
    for (const t of tenants) {
      const tenant = new TenantGateway(this, t.id, {
        gateway: appliance,
        tenantId: t.tenantId,
        initialDomain: t.initialDomain,
        cbcCertificateName: t.cbcCertificateName,
        access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV),
        retired: t.retired,
      });
      t.domains.forEach((domain, i) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
      if (t.staged) {
        new CbcConnector(tenant, 'Connector', { tenant, rulesEnabled: false, rulePlacement: RulePlacement.BOTTOM });
      }
      this.tenants.push(tenant);
    }
  }
}
