/**
 * Get-* of the simulated Exchange Online: one object by -Identity or all of a kind, with
 * Get-OutboundConnector's test-mode split (Get-OutboundConnector.md: -IncludeTestModeConnectors
 * $true = only test-mode connectors, $false/absent = only the others, with Exchange's warning,
 * exchange-online.md §1.7), the -IsTransportRuleScoped and -State filters, and -ResultSize
 * (default 1000, with Exchange's "more results" warning).
 */
import { ExoReadableKind, ExoValue, ObservedObject } from '../../core/exo-model';
import { BoundParameters, MultiValuedEdit } from './backend-binding';
import { HandlerResult } from './backend-steps';
import { MORE_RESULTS_WARNING, TEST_MODE_CONNECTORS_WARNING } from './backend-warnings';
import { ManagementObjectNotFoundError } from './errors';
import { cloneObject, findByIdentity } from './objects';
import { TenantState } from './store';

/** Get-InboundConnector / Get-OutboundConnector / Get-TransportRule / Get-AcceptedDomain. */
export function getCmdlet(state: TenantState, kind: ExoReadableKind, bound: BoundParameters): HandlerResult {
  const warnings: string[] = [];
  let objects: ObservedObject[] = state[kind];
  if (typeof bound.Identity === 'string') {
    const found = findByIdentity(objects, bound.Identity);
    if (!found) throw new ManagementObjectNotFoundError(bound.Identity);
    objects = [found];
  } else if (kind === 'OutboundConnector') {
    // Doc semantics (Get-OutboundConnector.md): $true = only test-mode connectors, $false/absent = only the others.
    const testMode = bound.IncludeTestModeConnectors === true;
    const hidden = objects.filter((object) => (object.TestMode === true) !== testMode);
    objects = objects.filter((object) => (object.TestMode === true) === testMode);
    if (!testMode && hidden.length > 0) warnings.push(TEST_MODE_CONNECTORS_WARNING);
  }
  if (kind === 'OutboundConnector' && typeof bound.IsTransportRuleScoped === 'boolean') {
    objects = objects.filter((object) => object.IsTransportRuleScoped === bound.IsTransportRuleScoped);
  }
  if (kind === 'TransportRule' && typeof bound.State === 'string') {
    objects = objects.filter((object) => object.State === bound.State);
  }
  const limit = resultLimit(bound.ResultSize);
  if (objects.length > limit) {
    objects = objects.slice(0, limit);
    if (bound.ResultSize === undefined || bound.ResultSize === null) warnings.push(MORE_RESULTS_WARNING);
  }
  return { result: objects.map(cloneObject), warnings, changed: false };
}

/** -ResultSize: absent = 1000 (Exchange's default), 'Unlimited' = all, a number = that many. */
function resultLimit(resultSize: ExoValue | MultiValuedEdit | undefined): number {
  if (resultSize === undefined || resultSize === null) return 1000;
  if (typeof resultSize === 'string' && resultSize.toLowerCase() === 'unlimited') return Number.POSITIVE_INFINITY;
  const number = Number(resultSize);
  return Number.isFinite(number) && number >= 0 ? number : Number.POSITIVE_INFINITY;
}
