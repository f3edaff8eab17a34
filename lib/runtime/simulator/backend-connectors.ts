/**
 * New-/Set- of inbound and outbound connectors, and Set-AcceptedDomain, in the simulated Exchange
 * Online. A restricted service offering (exchange-online.md §2.5) creates inbound connectors
 * disabled and refuses to enable them, with Exchange's warnings; renaming an outbound connector
 * updates the rules that route to it. Accepted domains exist only as seeded (New-/Remove-
 * AcceptedDomain are on-premises only); Set-AcceptedDomain serves admins' edits and tests.
 */
import { ExoValue } from '../../core/exo-model';
import { BoundParameters } from './backend-binding';
import { applyName, commitSet, findObject, HandlerContext, HandlerResult, requireUniqueName } from './backend-steps';
import { validateObject } from './backend-validate';
import { applyParameters } from './backend-values';
import { INBOUND_CREATED_DISABLED_WARNING, INBOUND_ENABLE_RESTRICTED_WARNING } from './backend-warnings';
import { ManagementObjectNotFoundError, MatchSubDomainsRequiresInternalRelayError } from './errors';
import { cloneObject, findByIdentity, newObjectRecord } from './objects';
import { TenantState } from './store';

/** New-InboundConnector / New-OutboundConnector. */
export function newConnector(context: HandlerContext, state: TenantState, kind: 'InboundConnector' | 'OutboundConnector', bound: BoundParameters): HandlerResult {
  const name = bound.Name as string;
  requireUniqueName(state, kind, name);
  const now = context.now().toISOString();
  const record = newObjectRecord(kind, name, context.newGuid(), now);
  const warnings: string[] = [];
  applyParameters(state, kind, record, bound);
  if (kind === 'InboundConnector' && state.restrictedInboundConnectors) {
    record.Enabled = false;
    warnings.push(INBOUND_CREATED_DISABLED_WARNING);
  }
  validateObject(kind, record);
  state[kind].push(record);
  return { result: cloneObject(record), warnings, changed: true };
}

/** Set-InboundConnector / Set-OutboundConnector. */
export function setConnector(context: HandlerContext, state: TenantState, kind: 'InboundConnector' | 'OutboundConnector', bound: BoundParameters): HandlerResult {
  const current = findObject(state, kind, bound.Identity as string);
  const next = cloneObject(current);
  const oldName = current.Name as string;
  applyName(state, kind, current, next, bound);
  applyParameters(state, kind, next, bound);
  // §2.5 (Learn, "Inbound connector: FAQ"): in a restricted service offering, updating a
  // connector "may" show the WARNING "For this service offering, you can't enable an inbound
  // connector. Contact Support to enable it."; the connector stays disabled. That the other
  // parameters of the same Set still apply, and that this warning replaces the "no settings
  // modified" one, is not documented; the simulator applies them and reports this warning only.
  let restricted = false;
  if (kind === 'InboundConnector' && state.restrictedInboundConnectors && bound.Enabled === true && current.Enabled !== true) {
    next.Enabled = current.Enabled;
    restricted = true;
  }
  validateObject(kind, next);
  if (kind === 'OutboundConnector' && next.Name !== oldName) {
    for (const rule of state.TransportRule) {
      if (typeof rule.RouteMessageOutboundConnector === 'string' && rule.RouteMessageOutboundConnector.toLowerCase() === oldName.toLowerCase()) {
        rule.RouteMessageOutboundConnector = next.Name as string;
      }
    }
  }
  const outcome = commitSet(context, state, kind, current, next, bound.Identity as string);
  return restricted ? { ...outcome, warnings: [INBOUND_ENABLE_RESTRICTED_WARNING] } : outcome;
}

/** Set-AcceptedDomain (served for admins' edits and tests; the catalogue does not list it). */
export function setAcceptedDomain(context: HandlerContext, state: TenantState, bound: BoundParameters): HandlerResult {
  const current = findByIdentity(state.AcceptedDomain, bound.Identity as string);
  if (!current) throw new ManagementObjectNotFoundError(bound.Identity as string);
  const next = cloneObject(current);
  for (const parameter of ['DomainType', 'MatchSubDomains', 'OutboundOnly', 'SendingFromDomainDisabled', 'SendingToDomainDisabled']) {
    if (Object.prototype.hasOwnProperty.call(bound, parameter)) next[parameter] = bound[parameter] as ExoValue;
  }
  // Learn, "Enable mail flow for subdomains in Exchange Online": "In order to enable match
  // subdomains, an accepted domain must be set up as an internal relay domain." Checked on the
  // resulting domain, so DomainType and MatchSubDomains may change in one command.
  if (next.MatchSubDomains === true && next.DomainType !== 'InternalRelay') {
    throw new MatchSubDomainsRequiresInternalRelayError(String(current.DomainName), String(next.DomainType));
  }
  return commitSet(context, state, 'AcceptedDomain', current, next, bound.Identity as string);
}
