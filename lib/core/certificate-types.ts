/**
 * The plain data of certificate inspection, apart from lib/core/certificates.ts so that the
 * public declarations (constructs, fleet model) reach no Node type: consumers compile without
 * @types/node.
 */

/** Where a certificate comes from (paths are absolute, resolved at declaration). */
export interface CertificateReference {
  readonly kind: 'pem' | 'pfx' | 'name';
  readonly file?: string;
  /** PEM private key file on the runner (for deployment to the gateway). */
  readonly keyFile?: string;
  /** Name of the environment variable holding the PFX password. */
  readonly passwordEnv?: string;
}

/** Facts about one certificate. */
export interface CertificateFacts {
  readonly subject: string;
  readonly commonName?: string;
  /** DNS names from the subjectAltName extension. */
  readonly dnsNames: string[];
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  readonly fingerprint: string;
  /** Extended key usage OIDs (empty = none). */
  readonly extendedKeyUsage: string[];
  readonly crlUrls: string[];
  readonly ocspUrls: string[];
  readonly caIssuerUrls: string[];
  readonly selfSigned: boolean;
  readonly isCa: boolean;
}

/** How the chain from the leaf to a trusted root came out. */
export type ChainStatus = 'complete' | 'self-signed' | 'missing-intermediate' | 'untrusted-root' | 'invalid-link';

/** A loaded and inspected certificate. */
export interface InspectedCertificate {
  readonly source: string;
  readonly leaf: CertificateFacts;
  readonly chain: CertificateFacts[];
  readonly chainStatus: ChainStatus;
  /** Why the chain is not complete (names the missing issuer or the broken link). */
  readonly chainDetail?: string;
}

/** The outcome of loading: the inspection, or why the file could not be read. */
export interface CertificateLoad {
  readonly certificate?: InspectedCertificate;
  readonly error?: string;
}
