/**
 * The warnings of the simulated Exchange Online, in Exchange's wording (exchange-online.md §1.7
 * and §2.5): a Set that changes nothing, a Get-* cut at its default ResultSize, test-mode
 * connectors left out, and a restricted service offering's inbound connector rules.
 */

/** Exchange's warning for a Set that changes nothing. */
export function noChangeWarning(identity: string): string {
  return `The command completed successfully but no settings of '${identity}' have been modified.`;
}

/** Exchange's warning when a restricted service offering creates an inbound connector (§2.5). */
export const INBOUND_CREATED_DISABLED_WARNING =
  'Inbound connector for this service offering is created in a disabled state. Contact Support to enable it.';

/** Exchange's warning when Get-OutboundConnector leaves test-mode connectors out (§1.7). */
export const TEST_MODE_CONNECTORS_WARNING =
  'There is at least one test mode connector which is not included in the result. Please use -IncludeTestModeConnectors to view test mode connectors.';

/** Exchange's warning when a Get-* without -ResultSize hits the default 1000. */
export const MORE_RESULTS_WARNING =
  'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.';

/** Exchange's warning when a restricted service offering refuses to enable an inbound connector (§2.5). */
export const INBOUND_ENABLE_RESTRICTED_WARNING =
  "For this service offering, you can't enable an inbound connector. Contact Support to enable it.";
