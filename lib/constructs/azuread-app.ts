import { TerraformOutput } from 'cdktf';
import { Application } from '@cdktf/provider-azuread/lib/application';
import { ApplicationCertificate } from '@cdktf/provider-azuread/lib/application-certificate';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Construct } from 'constructs';
import { DirectoryAppModel } from '../core/fleet';
import { inspectAppCertificate, rfc3339 } from './azuread-certificate';
import { TenantDirectory } from './azuread-directory';
import { EXCHANGE_MANAGE_AS_APP_ROLE_ID, OFFICE365_EXCHANGE_ONLINE_APP_ID } from './azuread-ids';
import type { RunnerCertificate } from './exchange-access';
import { CERTIFICATE_CHECK_TIME_CONTEXT } from './mail-gateway';
import { ensureValidation } from './private/validation-aspect';
import { terraformLiteral, terraformLiterals } from '../core/terraform-literal';

/** Who may sign in to an app registration (`sign_in_audience`). */
export enum SignInAudience {
  /** Accounts in any organization's Entra directory: the app can be used in customer tenants. */
  MULTIPLE_ORGS = 'AzureADMultipleOrgs',
  /** Accounts of the app's own tenant only. */
  MY_ORG = 'AzureADMyOrg',
}

/** Properties of an {@link ExchangeAutomationApp}. */
export interface ExchangeAutomationAppProps {
  /** Entra tenant id (GUID) the app is registered in: for the usual MSP pattern, your own tenant. */
  readonly tenantId: string;
  /**
   * Path of the app's public certificate (PEM or DER `.cer`), read at synth and uploaded as the
   * app's certificate credential. It must not contain a private key (rule CBC040) and must be
   * valid (CBC041) at synth time, or at the time the context key
   * `cdktf-exo-gateway:certificateCheckTime` fixes. The key pair stays with you; the runner gets
   * the PFX (`runnerCertificate`).
   */
  readonly publicCertificateFile: string;
  /** Where the apply step finds the same certificate with its private key, on the runner. */
  readonly runnerCertificate: RunnerCertificate;
  /**
   * Display name of the app registration.
   * @default 'exo-gateway-automation'
   */
  readonly displayName?: string;
  /**
   * Who may use the app. Only a multi-organization app can be used in customer tenants
   * (rule CBC043).
   * @default SignInAudience.MULTIPLE_ORGS
   */
  readonly signInAudience?: SignInAudience;
  /**
   * The azuread provider of the app's tenant.
   * @default - TenantDirectory.fromSettings(): the library creates an aliased provider for `tenantId`
   */
  readonly directory?: TenantDirectory;
  /**
   * Object ids of the app's owners (`owners`). With `Application.ReadWrite.OwnedBy` the
   * deploying identity must be one of them to manage the app later.
   * @default - no owners declared
   */
  readonly owners?: string[];
}

/**
 * An Entra app registration for unattended Exchange Online access: the application permission
 * Exchange.ManageAsApp on Office 365 Exchange Online (`required_resource_access`) and a
 * certificate credential from a public certificate file. Declared once in your own tenant and
 * used for many customer tenants with `ExchangeAccess.multiTenantApp(app)`; consent and roles in
 * each customer tenant are declared per tenant.
 *
 * Synthesizes `azuread_application`, `azuread_application_certificate` (both through the
 * provider of `tenantId`) and an output with the app's client id.
 */
export class ExchangeAutomationApp extends Construct {
  /** The tenant the app is registered in. */
  public readonly tenantId: string;
  /** The declared sign-in audience. */
  public readonly signInAudience: SignInAudience;
  /** Where the apply step finds the app certificate on the runner. */
  public readonly runnerCertificate: RunnerCertificate;
  /** The app registration (`azuread_application`). */
  public readonly application: Application;
  /** The certificate credential (`azuread_application_certificate`). */
  public readonly certificate: ApplicationCertificate;
  /** The provider of the app's tenant. */
  public readonly provider: AzureadProvider;
  /** The app's application (client) id: a Terraform reference, known after apply. */
  public readonly clientId: string;
  private readonly model: DirectoryAppModel;

  constructor(scope: Construct, id: string, props: ExchangeAutomationAppProps) {
    super(scope, id);
    ensureValidation(this);
    this.tenantId = props.tenantId;
    this.signInAudience = props.signInAudience ?? SignInAudience.MULTIPLE_ORGS;
    this.runnerCertificate = props.runnerCertificate;
    const directory = (props.directory ?? TenantDirectory.fromSettings())._resolve(this, props.tenantId);
    this.provider = directory.provider;
    const fixedTime = this.node.tryGetContext(CERTIFICATE_CHECK_TIME_CONTEXT);
    const inspected = inspectAppCertificate(props.publicCertificateFile, fixedTime ? new Date(fixedTime) : new Date());

    this.application = new Application(this, 'Application', {
      provider: this.provider,
      displayName: terraformLiteral(props.displayName ?? 'exo-gateway-automation'),
      signInAudience: this.signInAudience,
      owners: terraformLiterals(props.owners),
      requiredResourceAccess: [
        {
          // Office 365 Exchange Online; source: see azuread-ids.ts (app-only-auth-powershell-v2.md).
          resourceAppId: OFFICE365_EXCHANGE_ONLINE_APP_ID,
          // Exchange.ManageAsApp, an application permission (type Role); source: as above.
          resourceAccess: [{ id: EXCHANGE_MANAGE_AS_APP_ROLE_ID, type: 'Role' }],
        },
      ],
    });
    this.clientId = this.application.clientId;

    this.certificate = new ApplicationCertificate(this, 'Certificate', {
      provider: this.provider,
      applicationId: this.application.id,
      type: 'AsymmetricX509Cert',
      encoding: 'pem',
      value: inspected.pem ?? '',
      startDate: inspected.facts.validFrom ? rfc3339(inspected.facts.validFrom) : undefined,
      endDate: inspected.facts.validTo ? rfc3339(inspected.facts.validTo) : undefined,
      lifecycle: { createBeforeDestroy: true },
    });

    new TerraformOutput(this, 'ClientId', {
      value: this.application.clientId,
      description: terraformLiteral(`Application (client) id of the Exchange Online automation app ${this.node.path}`),
    });

    this.model = {
      path: this.node.path,
      tenantId: props.tenantId,
      signInAudience: this.signInAudience,
      directory: directory.model,
      certificate: inspected.facts,
    };
  }

  /** @internal The plain-data model of this app, for the validation rules. */
  public _toModel(): DirectoryAppModel {
    return this.model;
  }
}
