/**
 * The connector matrix: which connector layouts Exchange Online allows, as pure checks over a
 * tenant's desired objects. Every profile's output passes through it at synth (rules CBC050 for
 * what Exchange refuses or what cannot work, CBC051 for what is discouraged), so a connector that
 * cannot exist is never synthesized.
 *
 * Sources:
 * - [seed] the From/To matrix of the Exchange admin center ("Office 365 Mail Connector",
 *   seeds/office365-mail-connectors.de.txt): outbound Office 365 -> your organization's server
 *   (OnPremises): transport rule, accepted domains or a domain list, "aber kein *", smart host;
 *   Office 365 -> partner (Partner): recipient domains (also `*`) or transport rule, MX record
 *   **or** smart hosts; inbound your organization's server -> Office 365 (OnPremises): certificate
 *   name or source IP, TLS enforced when filtering by certificate name, sender must be of an
 *   accepted domain, mail is trusted; partner -> Office 365 (Partner): sender domain or source IP,
 *   TLS, certificate validation, IP filtering; Internet -> Office 365 and Office 365 -> Internet
 *   exist by default and cannot be added.
 * - [doc] the cmdlet reference (MicrosoftDocs office-docs-powershell, New-/Set-InboundConnector,
 *   New-/Set-OutboundConnector, New-TransportRule; shared reference exchange-online.md §1.5).
 *
 * No cdktf import, no I/O.
 *
 * The entries live in connector-matrix-inbound.ts, connector-matrix-outbound.ts and
 * connector-matrix-rules.ts; their shape and shared predicates in connector-matrix-shared.ts.
 */
import { DesiredObject, ExoObjectKind } from './exo-model';
import { INBOUND_MATRIX } from './connector-matrix-inbound';
import { OUTBOUND_MATRIX } from './connector-matrix-outbound';
import { RULE_MATRIX } from './connector-matrix-rules';
import { MatrixEntry, MatrixViolation } from './connector-matrix-shared';

export type { MatrixEntry, MatrixProblem, MatrixViolation } from './connector-matrix-shared';

/** The connector scenarios the admin center offers (seed), one row per From/To pair. */
export interface ConnectorScenario {
  readonly from: 'Office 365' | 'Your organization' | 'Partner' | 'Internet';
  readonly to: 'Office 365' | 'Your organization' | 'Partner' | 'Internet';
  /** The object and ConnectorType it makes; undefined when it cannot be added. */
  readonly kind?: ExoObjectKind;
  readonly connectorType?: 'Partner' | 'OnPremises';
  /** How the scenario selects mail. */
  readonly selects: string;
  readonly note: string;
}

/** The admin center's From/To matrix (seed office365-mail-connectors). */
export const CONNECTOR_SCENARIOS: readonly ConnectorScenario[] = [
  { from: 'Office 365', to: 'Your organization', kind: 'OutboundConnector', connectorType: 'OnPremises', selects: 'transport rule, accepted domains or a domain list (never *); smart host', note: 'internal headers can be retained' },
  { from: 'Office 365', to: 'Partner', kind: 'OutboundConnector', connectorType: 'Partner', selects: 'recipient domains (also *) or transport rule; MX record or smart hosts', note: 'internal headers are not retained' },
  { from: 'Office 365', to: 'Internet', selects: 'built in', note: 'exists by default and cannot be configured' },
  { from: 'Your organization', to: 'Office 365', kind: 'InboundConnector', connectorType: 'OnPremises', selects: 'certificate name or source IP; TLS enforced with a certificate name', note: 'senders must be of accepted domains (or the certificate domain one); mail is treated as the organization\'s own and may be relayed' },
  { from: 'Partner', to: 'Office 365', kind: 'InboundConnector', connectorType: 'Partner', selects: 'sender domains or source IP; TLS, certificate, IP restrictions', note: 'mail stays external: filtered, never relayed' },
  { from: 'Internet', to: 'Office 365', selects: 'built in', note: 'exists by default (the MX record)' },
];

/** Every entry of the matrix: inbound connectors, outbound connectors, transport rules. */
export const CONNECTOR_MATRIX: readonly MatrixEntry[] = [...INBOUND_MATRIX, ...OUTBOUND_MATRIX, ...RULE_MATRIX];

/** Checks a tenant's desired objects against every matrix entry. */
export function checkConnectorMatrix(objects: readonly DesiredObject[]): MatrixViolation[] {
  const out: MatrixViolation[] = [];
  for (const o of objects) {
    for (const entry of CONNECTOR_MATRIX) {
      if (entry.kind !== o.kind) continue;
      for (const v of entry.check(o, objects)) out.push({ ...v, entry: entry.id, level: entry.level, kind: o.kind, object: o.name });
    }
  }
  return out;
}
