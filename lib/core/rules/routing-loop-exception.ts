import { DesiredObject } from '../exo-model';
import { defineRule } from '../findings';
import { activeTenants, ValidationContext } from './context';
import { objectFindingPath, objectOwner } from './profile-aware';
import { filled, isOnPremises } from '../desired-object';

/** True when the rule excepts mail by a header (a gateway marker, or `Received` containing the gateway). */
export function hasHeaderException(rule: DesiredObject): boolean {
  const p = rule.parameters;
  return (filled(p.ExceptIfHeaderContainsMessageHeader) && filled(p.ExceptIfHeaderContainsWords)) || (filled(p.ExceptIfHeaderMatchesMessageHeader) && filled(p.ExceptIfHeaderMatchesPatterns));
}

/**
 * Whether mail a rule routes to the gateway can come back to the same tenant and match the rule
 * again: inbound mail always does (the gateway returns it to the mailbox); outbound mail only
 * when the gateway relays it back through the tenant, i.e. when an OnPremises inbound connector
 * accepts the gateway's mail as the organization's own.
 */
export function returnsToTenant(rule: DesiredObject, objects: readonly DesiredObject[]): boolean {
  const sentTo = String(rule.parameters.SentToScope ?? '').toLowerCase();
  if (sentTo === 'notinorganization') {
    return objects.some((o) => o.kind === 'InboundConnector' && isOnPremises(o));
  }
  return true;
}

export const RoutingLoopException = defineRule<ValidationContext>(
  {
    code: 'CBC054',
    level: 'error',
    title: "A routing rule whose mail the gateway returns to the same tenant excepts the gateway's marker (a header it stamps, or a Received header naming it)",
    explanation: "Mail the gateway has processed comes back to Exchange Online and meets the same rule; without an exception for what the gateway stamps (SEPPmail X-SM-incoming/X-SM-outgoing, FTAPI's Received header) it is routed to the gateway again and again until 554 5.4.14 or 550 5.7.128.",
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      const objects = ctx.desiredObjects(t);
      for (const r of objects) {
        if (r.kind !== 'TransportRule' || !filled(r.parameters.RouteMessageOutboundConnector)) continue;
        if (!returnsToTenant(r, objects) || hasHeaderException(r)) continue;
        report(objectFindingPath(t), `rule '${r.name}' ${objectOwner(t)} routes mail to ${String(r.parameters.RouteMessageOutboundConnector)} that the gateway ${t.gateway.fqdn} returns to the tenant, and excepts no marker of the gateway`, "except mail carrying the gateway's marker: ExceptIfHeaderContainsMessageHeader/ExceptIfHeaderContainsWords (e.g. X-SM-incoming: yes, or Received containing the gateway FQDN)", r.name);
      }
    }
  },
);
