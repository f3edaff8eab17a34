/**
 * The example fleet of examples/seppmail-msp, with its Exchange Online access declared in the
 * same app through the azuread provider instead of set up by hand:
 *
 * - Contoso and Fabrikam use the MSP's one multi-tenant automation app. Contoso is reached
 *   through a provider the library creates from the fleet-wide settings (pipeline OIDC);
 *   Fabrikam through a provider declared here, and with the narrower Exchange role-group grant.
 * - Tailspin gets an app of its own, registered inside its tenant.
 *
 * Kept apart from main.ts so tests build the same stack with a generated certificate.
 */
import { TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Construct } from 'constructs';
import {
  ExchangeAccess,
  ExchangeAutomationApp,
  ExchangeRoleGrant,
  GatewayProfile,
  MailGateway,
  RunnerCertificate,
  TenantDirectory,
  TenantGateway,
} from '../../lib';

/** The MSP's own Entra tenant, where the automation app is registered. */
export const MSP_TENANT_ID = '5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b00';
/** Client id of the pipeline identity that runs `cdktf deploy` (federated, no secret). */
export const PIPELINE_CLIENT_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
/** Runner variable holding the automation app's PFX (base64) for the apply step. */
export const RUNNER_CERT_ENV = 'EXO_APP_CERT_PFX_B64';

export interface EntraAppMspStackProps {
  /** Path of the automation app's public certificate (.cer / PEM), read at synth. */
  readonly publicCertificateFile: string;
}

export class EntraAppMspStack extends TerraformStack {
  public readonly automation: ExchangeAutomationApp;
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string, props: EntraAppMspStackProps) {
    super(scope, id);
    const appliance = new MailGateway(this, 'Appliance', {
      profile: GatewayProfile.seppmailAppliance(),
      fqdn: 'securemail.example-msp.net',
      tlsCertificateName: '*.example-msp.net',
    });

    // Fleet-wide: every library-created provider authenticates the pipeline with OIDC.
    const directory = TenantDirectory.fromSettings({ clientId: PIPELINE_CLIENT_ID, useOidc: true });

    this.automation = new ExchangeAutomationApp(this, 'Automation', {
      tenantId: MSP_TENANT_ID,
      displayName: 'Example MSP - Exchange Online automation',
      publicCertificateFile: props.publicCertificateFile,
      runnerCertificate: RunnerCertificate.fromEnvironment(RUNNER_CERT_ENV),
      directory,
    });
    const multiTenant = ExchangeAccess.multiTenantApp(this.automation, { directory });

    const contoso = new TenantGateway(this, 'Contoso', {
      gateway: appliance,
      tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01',
      initialDomain: 'contoso.onmicrosoft.com',
      cbcCertificateName: 'seppmail.contoso.com',
      access: multiTenant,
    });
    contoso.addManagedDomain('Domain1', { domain: 'contoso.com' });
    contoso.addManagedDomain('Domain2', { domain: 'contoso.ch' });

    // A provider of your own (say, with its own login for this customer): it must name the tenant.
    const fabrikamDirectory = new AzureadProvider(this, 'FabrikamDirectory', {
      alias: 'fabrikam',
      tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02',
      clientId: PIPELINE_CLIENT_ID,
      useOidc: true,
    });
    const fabrikam = new TenantGateway(this, 'Fabrikam', {
      gateway: appliance,
      tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02',
      initialDomain: 'fabrikam.onmicrosoft.com',
      cbcCertificateName: 'seppmail.fabrikam.com',
      access: ExchangeAccess.multiTenantApp(this.automation, {
        directory: TenantDirectory.fromProvider(fabrikamDirectory),
        roleGrant: ExchangeRoleGrant.EXCHANGE_ROLE_GROUP,
      }),
    });
    fabrikam.addManagedDomain('Domain1', { domain: 'fabrikam.com' });
    fabrikam.addManagedDomain('Domain2', { domain: 'fabrikam-mail.de' });

    const tailspin = new TenantGateway(this, 'Tailspin', {
      gateway: appliance,
      tenantId: '9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603',
      initialDomain: 'tailspintoys.onmicrosoft.com',
      cbcCertificateName: 'seppmail.tailspintoys.com',
      access: ExchangeAccess.appPerTenant({
        directory,
        publicCertificateFile: props.publicCertificateFile,
        // The same key pair may serve several apps; the runner then needs one PFX.
        runnerCertificate: RunnerCertificate.fromEnvironment(RUNNER_CERT_ENV),
      }),
    });
    tailspin.addManagedDomain('Domain1', { domain: 'tailspintoys.com' });

    this.tenants.push(contoso, fabrikam, tailspin);
  }
}
