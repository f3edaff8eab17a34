import * as path from 'node:path';
import { CertificateReference } from '../core/certificate-types';
import { checkEnvName } from '../core/env-name';

/** Options of a PEM certificate source. */
export interface PemCertificateOptions {
  /**
   * PEM file with the private key, on the runner. Needed only where the library deploys the
   * certificate to the gateway (Postfix); never read at synth and never synthesized.
   * @default - the certificate cannot be deployed by the library
   */
  readonly keyFile?: string;
}

/** Options of a PFX/PKCS#12 certificate source. */
export interface PfxCertificateOptions {
  /**
   * Name of the environment variable that holds the PFX password, at synth (to inspect the
   * certificate) and at apply time (to deploy it). The value is never synthesized.
   * @default - the PFX has no password
   */
  readonly passwordEnv?: string;
}

/**
 * Where a certificate comes from, so that synth can inspect it: a PEM file (leaf first, then
 * the chain), a PFX/PKCS#12 file, or its name only (when the file cannot be handed to synth;
 * then only the name rules apply).
 */
export class CertificateSource {
  /** A PEM file holding the leaf certificate followed by its intermediates. */
  public static fromPemFile(pemPath: string, options: PemCertificateOptions = {}): CertificateSource {
    return new CertificateSource({ kind: 'pem', file: path.resolve(pemPath), keyFile: options.keyFile ? path.resolve(options.keyFile) : undefined });
  }

  /** A PFX/PKCS#12 file with key, leaf and chain. */
  public static fromPfxFile(pfxPath: string, options: PfxCertificateOptions = {}): CertificateSource {
    return new CertificateSource({ kind: 'pfx', file: path.resolve(pfxPath), passwordEnv: options.passwordEnv === undefined ? undefined : checkEnvName(options.passwordEnv, 'passwordEnv') });
  }

  /** No file: synth checks only the names (docs/certificates.md lists what is then not checked). */
  public static nameOnly(): CertificateSource {
    return new CertificateSource({ kind: 'name' });
  }

  private readonly ref: CertificateReference;

  private constructor(ref: CertificateReference) {
    this.ref = ref;
  }

  /** @internal */
  public _reference(): CertificateReference {
    return this.ref;
  }
}
