import type { TenantReportEntry } from '../../core/report-entry';

/** What a tenant synthesizes, computed once per synth. */
export interface TenantRender {
  /** sha256 of the document's text: the document's file name. */
  readonly hash: string;
  /** The Converge step's trigger: the hash, then the summary lines (Terraform-escaped). */
  readonly trigger: string[];
  /**
   * The document as written into the stack folder; let go once the file is written (see
   * TenantGateway's takeDocumentFile), so a large fleet does not hold every document while cdktf
   * builds the stack's JSON.
   */
  documentText?: string;
  /** The teardown document, as synthesized into the Teardown step. */
  readonly teardownJson: string;
  /** The tenant's line and access in the fleet registry, as synthesized. */
  readonly registryLine: string;
  readonly registryAccess: string;
  /** The tenant's entry in the stack's report.json. */
  readonly reportEntry: TenantReportEntry;
}
