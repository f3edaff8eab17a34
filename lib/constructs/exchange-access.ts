import { APP_ID_FROM_TERRAFORM, ExchangeAccessReference } from '../core/exo-model';
import { ExchangeAutomationApp, SignInAudience } from './azuread-app';
import { TenantDirectory } from './azuread-directory';
import type { ExchangeAccessBinding } from './azuread-binding';
import { ExchangeRoleGrant, TenantAppAccess } from './azuread-tenant-access';
import { ITenantGateway } from './tenant-gateway-base';
import { checkEnvName, checkRunnerPath } from '../core/env-name';
import { ERRORS, libraryError } from '../core/errors';

/** Options for the app certificate's password. */
export interface CertificatePasswordOptions {
  /**
   * Name of an environment variable on the runner that holds the PFX password.
   * @default - the PFX has no password
   */
  readonly passwordEnv?: string;
}

/**
 * Where the apply step finds the app certificate with its private key, on the runner that
 * applies the stack. Only the path or the variable name is synthesized, never the certificate.
 */
export class RunnerCertificate {
  /**
   * A PFX file on the runner (`Connect-ExchangeOnline -CertificateFilePath`).
   * @param pfxPath Path of the PFX, absolute or relative to the stack folder.
   */
  public static fromFile(pfxPath: string, options: CertificatePasswordOptions = {}): RunnerCertificate {
    return new RunnerCertificate(checkRunnerPath(pfxPath, 'the PFX path'), undefined, options.passwordEnv === undefined ? undefined : checkEnvName(options.passwordEnv, 'passwordEnv'));
  }

  /**
   * The PFX in an environment variable of the runner, base64-encoded
   * (`Connect-ExchangeOnline -Certificate`); suits pipeline secrets.
   * @param variableName Name of the environment variable holding the base64 PFX.
   */
  public static fromEnvironment(variableName: string, options: CertificatePasswordOptions = {}): RunnerCertificate {
    return new RunnerCertificate(undefined, checkEnvName(variableName, 'the certificate variable name'), options.passwordEnv === undefined ? undefined : checkEnvName(options.passwordEnv, 'passwordEnv'));
  }

  private readonly file?: string;
  private readonly env?: string;
  private readonly passwordEnv?: string;

  private constructor(file?: string, env?: string, passwordEnv?: string) {
    this.file = file;
    this.env = env;
    this.passwordEnv = passwordEnv;
  }

  /** @internal The reference written into a tenant's desired state. */
  public _reference(appId: string, organization: string): ExchangeAccessReference {
    return {
      appId,
      organization: organization.toLowerCase(),
      ...(this.file !== undefined ? { certificateFile: this.file } : {}),
      ...(this.env !== undefined ? { certificateEnv: this.env } : {}),
      ...(this.passwordEnv !== undefined ? { certificatePasswordEnv: this.passwordEnv } : {}),
    };
  }
}

/** Options shared by the access models that declare access with the azuread provider. */
export interface DirectoryAccessOptions {
  /**
   * The azuread provider of the customer tenant.
   * @default - TenantDirectory.fromSettings(): the library creates an aliased provider per tenant
   */
  readonly directory?: TenantDirectory;
  /**
   * How the app gets its Exchange permissions in the tenant.
   * @default ExchangeRoleGrant.EXCHANGE_ADMINISTRATOR
   */
  readonly roleGrant?: ExchangeRoleGrant;
}

/** Options of {@link ExchangeAccess.multiTenantApp}. */
export interface MultiTenantAppAccessOptions extends DirectoryAccessOptions {
  /**
   * Take over the app's service principal where it already exists in the tenant (for example
   * after an admin consented through the consent link) instead of failing.
   * @default false
   */
  readonly useExistingServicePrincipal?: boolean;
}

/** Options of {@link ExchangeAccess.appPerTenant}. */
export interface AppPerTenantAccessOptions extends DirectoryAccessOptions {
  /**
   * Path of the public certificate (PEM or DER `.cer`) uploaded to the tenant's app; no private
   * key (rule CBC040), currently valid (CBC041).
   */
  readonly publicCertificateFile: string;
  /** Where the apply step finds the same certificate with its private key, on the runner. */
  readonly runnerCertificate: RunnerCertificate;
  /**
   * Display name of the app registration created in the tenant.
   * @default 'exo-gateway-automation'
   */
  readonly displayName?: string;
}

/** Stands in for an app id that only Terraform knows, until the document text is finished. */
const APP_ID_PLACEHOLDER = APP_ID_FROM_TERRAFORM;

type Model =
  | { readonly kind: 'existing'; readonly appId: string; readonly certificate: RunnerCertificate }
  | { readonly kind: 'multi-tenant-app'; readonly app: ExchangeAutomationApp; readonly options: MultiTenantAppAccessOptions }
  | { readonly kind: 'app-per-tenant'; readonly options: AppPerTenantAccessOptions };

/**
 * How the apply step reaches a tenant's Exchange Online: app-only, with an Entra app id and a
 * certificate that stays on the runner. Pick one model per fleet (pass the same value to every
 * tenant) or per tenant:
 *
 * - `multiTenantApp(app)`: one multi-organization app in your own tenant
 *   ({@link ExchangeAutomationApp}); per customer tenant the library declares, through that
 *   tenant's azuread provider, the app's service principal, the consent to Exchange.ManageAsApp
 *   and the Exchange Administrator role.
 * - `appPerTenant({...})`: the same pieces, with an app registered inside each customer tenant.
 * - `certificateFile(appId, ...)` / `certificateFromEnvironment(appId, ...)`: bring your own app,
 *   set up outside this app; no azuread resources.
 *
 * Only references (an app id, a file path, variable names) are written into the synthesized
 * stack, never the certificate's private key or its password.
 */
export class ExchangeAccess {
  /**
   * Bring your own app, with a PFX file on the runner (`Connect-ExchangeOnline -CertificateFilePath`).
   * @param appId Application (client) id of the Entra app holding Exchange.ManageAsApp in the tenant.
   * @param pfxPath Path of the PFX on the runner, absolute or relative to the stack folder.
   */
  public static certificateFile(appId: string, pfxPath: string, options: CertificatePasswordOptions = {}): ExchangeAccess {
    return new ExchangeAccess({ kind: 'existing', appId, certificate: RunnerCertificate.fromFile(pfxPath, options) });
  }

  /**
   * Bring your own app, with the PFX in an environment variable of the runner, base64-encoded
   * (`Connect-ExchangeOnline -Certificate`); suits pipeline secrets.
   * @param appId Application (client) id of the Entra app.
   * @param variableName Name of the environment variable holding the base64 PFX.
   */
  public static certificateFromEnvironment(appId: string, variableName: string, options: CertificatePasswordOptions = {}): ExchangeAccess {
    return new ExchangeAccess({ kind: 'existing', appId, certificate: RunnerCertificate.fromEnvironment(variableName, options) });
  }

  /**
   * Use one multi-organization app registered in your own tenant. In each tenant given this
   * access the library declares the app's service principal, the app-role assignment of
   * Exchange.ManageAsApp (the admin consent) and, unless you choose the role-group route,
   * the Entra role Exchange Administrator, through an azuread provider for that tenant.
   */
  public static multiTenantApp(app: ExchangeAutomationApp, options: MultiTenantAppAccessOptions = {}): ExchangeAccess {
    return new ExchangeAccess({ kind: 'multi-tenant-app', app, options });
  }

  /**
   * Register an app inside each tenant given this access (single-organization), with
   * Exchange.ManageAsApp, the certificate credential, its service principal, the consent and
   * the role, all through that tenant's azuread provider.
   */
  public static appPerTenant(options: AppPerTenantAccessOptions): ExchangeAccess {
    return new ExchangeAccess({ kind: 'app-per-tenant', options });
  }

  private readonly model: Model;

  private constructor(model: Model) {
    this.model = model;
  }

  /**
   * Application (client) id of the Entra app: the id you gave, or a Terraform reference to the
   * app the library declares (for `appPerTenant`, known only per tenant: undefined here).
   */
  public get appId(): string | undefined {
    switch (this.model.kind) {
      case 'existing':
        return this.model.appId;
      case 'multi-tenant-app':
        return this.model.app.clientId;
      default:
        return undefined;
    }
  }

  /** @internal The reference of a bring-your-own app written into a tenant's desired state. */
  public _reference(organization: string): ExchangeAccessReference {
    if (this.model.kind !== 'existing') {
      throw libraryError(ERRORS.INTERNAL, 'ExchangeAccess._reference() is for bring-your-own apps; the other models are bound to a tenant with _bind()');
    }
    return this.model.certificate._reference(this.model.appId.toLowerCase(), organization);
  }

  /**
   * @internal Declares what this access needs in `tenant` (nothing for a bring-your-own app) and
   * returns what the tenant's apply steps use. Called once per tenant, from its constructor.
   */
  public _bind(tenant: ITenantGateway): ExchangeAccessBinding {
    const model = this.model;
    if (model.kind === 'existing') {
      return { reference: (organization) => this._reference(organization), finishDocument: (text) => text, dependencies: [] };
    }
    let app: ExchangeAutomationApp;
    let options: MultiTenantAppAccessOptions;
    if (model.kind === 'multi-tenant-app') {
      app = model.app;
      options = model.options;
    } else {
      app = new ExchangeAutomationApp(tenant, 'ExchangeApp', {
        tenantId: tenant.tenantId,
        directory: model.options.directory,
        signInAudience: SignInAudience.MY_ORG,
        displayName: model.options.displayName,
        publicCertificateFile: model.options.publicCertificateFile,
        runnerCertificate: model.options.runnerCertificate,
      });
      options = { directory: model.options.directory, roleGrant: model.options.roleGrant };
    }
    const access = new TenantAppAccess(tenant, 'ExchangeAccess', {
      tenant,
      app,
      directory: options.directory,
      roleGrant: options.roleGrant,
      useExistingServicePrincipal: options.useExistingServicePrincipal,
    });
    const appId = access._appIdReference();
    return {
      reference: (organization) => app.runnerCertificate._reference(APP_ID_PLACEHOLDER, organization),
      // The placeholder sits only where JSON.stringify wrote the appId property: user text in the
      // document is JSON-escaped, so it can never contain `"appId":"` with bare quotes.
      finishDocument: (text) => text.split(`"appId":"${APP_ID_PLACEHOLDER}"`).join(`"appId":"${appId}"`),
      appIdExpression: appId,
      dependencies: access._dependencies(),
      model: { path: access.node.path, kind: model.kind, directory: access._directoryModel(), app: app._toModel(), ...(options.roleGrant !== undefined ? { roleGrant: options.roleGrant } : {}) },
    };
  }
}
