/**
 * What synth writes per stack for `exo-gateway report` (`exo-gateway-documents/report.json`): per
 * tenant the gateway product and the CBC certificate's name and, when a certificate file was
 * given, its inspected subject, fingerprint and validity. Never key material. Kept apart from the
 * desired-state documents, so it changes no Exchange plan and no converge trigger.
 *
 * Pure: no I/O.
 */
import { TenantModel } from './fleet';

/** The file's name in the stack's documents folder. */
export const STACK_REPORT_FILE = 'report.json';

/** The schema id of the file. */
export const STACK_REPORT_SCHEMA = 'cdktf-exo-gateway/stack-report@1';

/** One tenant of the file. */
export interface TenantReportEntry {
  readonly tenant: string;
  readonly tenantId: string;
  /** sha256 of the tenant's desired-state document (its file name and converge trigger). */
  readonly documentHash: string;
  /** The gateway product (profile). */
  readonly profile: string;
  /** The name on the certificate the gateway presents to the tenant (TlsSenderCertificateName). */
  readonly certificateName: string;
  /** The certificate file inspected at synth, if one was given. */
  readonly certificate?: {
    readonly subject: string;
    /** SHA-256, colon-separated upper-case hex. */
    readonly fingerprint: string;
    readonly notBefore: string;
    readonly notAfter: string;
  };
}

/** The file. */
export interface StackReportFile {
  readonly schema: typeof STACK_REPORT_SCHEMA;
  readonly tenants: TenantReportEntry[];
}

/** The entry of a tenant whose document hashes to `documentHash`. */
export function tenantReportEntry(tenant: TenantModel, documentHash: string): TenantReportEntry {
  const leaf = tenant.cbcCertificate?.load.certificate?.leaf;
  return {
    tenant: tenant.name,
    tenantId: tenant.tenantId.toLowerCase(), // as in the tenant's document and the registry
    documentHash,
    profile: tenant.gateway.product,
    certificateName: tenant.cbcCertificateName,
    ...(leaf ? { certificate: { subject: leaf.subject, fingerprint: leaf.fingerprint, notBefore: leaf.notBefore, notAfter: leaf.notAfter } } : {}),
  };
}
