/**
 * The Entra side of a tenant's access as the fleet model carries it: the azuread providers, app
 * registrations and their certificates that synth found. Plain data.
 */

/** The azuread provider through which an access declaration reaches one Entra tenant. */
export interface DirectoryProviderModel {
  /** Construct path of the provider. */
  readonly path: string;
  /** The provider's alias; undefined for a default (unaliased) provider. */
  readonly alias?: string;
  /** The provider's tenant id as written; undefined when it is not set. */
  readonly tenantId?: string;
  /** True when the tenant id is a token (a variable, a reference) that synth cannot compare. */
  readonly tenantIdUnresolved: boolean;
  /** True when the library created the provider from settings; false when the user passed it. */
  readonly createdByLibrary: boolean;
}

/** What synth found in an app's public certificate file (inspected with node:crypto). */
export interface AppCertificateFacts {
  /** The file as declared. */
  readonly file: string;
  /** Why the file is not a usable public certificate; undefined when it is one. */
  readonly problem?: 'unreadable' | 'not-a-certificate' | 'private-key';
  /** Detail for the problem (the reader's error, the kind of key found). */
  readonly detail?: string;
  readonly subject?: string;
  /** SHA-256 fingerprint of the certificate. */
  readonly fingerprint?: string;
  /** ISO 8601. */
  readonly validFrom?: string;
  /** ISO 8601. */
  readonly validTo?: string;
  /** The time the certificate is judged at (ISO 8601), normally the synth time. */
  readonly checkedAt: string;
}

/** An Entra app registration declared by the library, that holds Exchange.ManageAsApp. */
export interface DirectoryAppModel {
  /** Construct path of the app declaration. */
  readonly path: string;
  /** The tenant the app is registered in. */
  readonly tenantId: string;
  /** The declared sign_in_audience (`AzureADMultipleOrgs`, `AzureADMyOrg`). */
  readonly signInAudience: string;
  /** The provider of the app's own tenant. */
  readonly directory: DirectoryProviderModel;
  readonly certificate: AppCertificateFacts;
}

/** How a tenant's app-only access is declared with the azuread provider. */
export interface DirectoryAccessModel {
  /** Construct path of the tenant's access declaration. */
  readonly path: string;
  /** `multi-tenant-app`: one app in the provider's own tenant; `app-per-tenant`: an app inside the tenant. */
  readonly kind: 'multi-tenant-app' | 'app-per-tenant';
  /** The provider that reaches this tenant's directory. */
  readonly directory: DirectoryProviderModel;
  readonly app: DirectoryAppModel;
  /** The declared ExchangeRoleGrant value (`ExchangeAdministrator`, `ExchangeRoleGroup`); undefined: the default. */
  readonly roleGrant?: string;
}
