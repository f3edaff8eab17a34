import { ExchangeAccessReference } from '../core/exo-model';

/** Options for the app certificate's password. */
export interface CertificatePasswordOptions {
  /**
   * Name of an environment variable on the runner that holds the PFX password.
   * @default - the PFX has no password
   */
  readonly passwordEnv?: string;
}

/**
 * How the apply step reaches a tenant's Exchange Online: app-only, with an Entra app id and a
 * certificate that stays on the runner. Only references (a file path, variable names) are
 * written into the synthesized stack, never the certificate or its password.
 */
export class ExchangeAccess {
  /**
   * App-only access with a PFX file on the runner (`Connect-ExchangeOnline -CertificateFilePath`).
   * @param appId Application (client) id of the Entra app holding Exchange.ManageAsApp in the tenant.
   * @param pfxPath Path of the PFX on the runner, absolute or relative to the stack folder.
   */
  public static certificateFile(appId: string, pfxPath: string, options: CertificatePasswordOptions = {}): ExchangeAccess {
    return new ExchangeAccess(appId, pfxPath, undefined, options.passwordEnv);
  }

  /**
   * App-only access with the PFX in an environment variable of the runner, base64-encoded
   * (`Connect-ExchangeOnline -Certificate`); suits pipeline secrets.
   * @param appId Application (client) id of the Entra app.
   * @param variableName Name of the environment variable holding the base64 PFX.
   */
  public static certificateFromEnvironment(appId: string, variableName: string, options: CertificatePasswordOptions = {}): ExchangeAccess {
    return new ExchangeAccess(appId, undefined, variableName, options.passwordEnv);
  }

  /** Application (client) id of the Entra app. */
  public readonly appId: string;
  private readonly certificateFile?: string;
  private readonly certificateEnv?: string;
  private readonly passwordEnv?: string;

  private constructor(appId: string, certificateFile?: string, certificateEnv?: string, passwordEnv?: string) {
    this.appId = appId;
    this.certificateFile = certificateFile;
    this.certificateEnv = certificateEnv;
    this.passwordEnv = passwordEnv;
  }

  /** @internal The reference written into the tenant's desired state. */
  public _reference(organization: string): ExchangeAccessReference {
    return {
      appId: this.appId.toLowerCase(),
      organization: organization.toLowerCase(),
      ...(this.certificateFile !== undefined ? { certificateFile: this.certificateFile } : {}),
      ...(this.certificateEnv !== undefined ? { certificateEnv: this.certificateEnv } : {}),
      ...(this.passwordEnv !== undefined ? { certificatePasswordEnv: this.passwordEnv } : {}),
    };
  }
}
