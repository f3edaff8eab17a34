/**
 * The model of `exo-gateway report`'s results: one row per tenant and the report `report --json`
 * writes.
 */

/** The schema id of `report --json`. */
export const FLEET_REPORT_SCHEMA = 'cdktf-exo-gateway/fleet-report@1';

/**
 * Whether the tenant's current document was applied, from the stack's local state:
 * `current` (the converge step in the state carries the document's hash), `outdated` (it carries
 * an older one: apply pending), `never` (no converge step in the state), `unknown` (no local state).
 */
export type ConvergeState = 'current' | 'outdated' | 'never' | 'unknown';

/** One tenant of the report. */
export interface FleetReportRow {
  /** The stack's name (its folder's name). */
  readonly stack: string;
  readonly tenant: string;
  readonly tenantId?: string;
  readonly organization?: string;
  readonly inboundConnector?: string;
  readonly outboundConnector?: string;
  readonly certificateName?: string;
  /** From the certificate file inspected at synth; absent when none was given. */
  readonly certificate?: { readonly subject: string; readonly fingerprint: string; readonly notAfter: string };
  /** Whole days from the report time to notAfter (negative: expired); absent: unknown. */
  readonly daysLeft?: number;
  readonly profile?: string;
  readonly lastConverge: ConvergeState;
  /** When the local state file was last written (an upper bound of the last apply), if there is one. */
  readonly stateWrittenAt?: string;
  /** Why the tenant's document could not be read. */
  readonly error?: string;
}

/** `report --json`. */
export interface FleetReport {
  readonly schema: typeof FLEET_REPORT_SCHEMA;
  readonly generatedAt: string;
  /** Set when --expiring-within filtered the rows. */
  readonly expiringWithinDays?: number;
  readonly rows: FleetReportRow[];
}
