/**
 * The transport rule entries of the connector matrix (connector-matrix.ts): header settings and
 * conditions given in pairs, and routing only to a declared outbound connector.
 *
 * Sources: [doc] the cmdlet reference (New-TransportRule; shared reference exchange-online.md §1.5);
 * [seed] the admin center's From/To matrix (seeds/office365-mail-connectors.de.txt).
 *
 * No cdktf import, no I/O.
 */
import { filled } from './desired-object';
import { headerPairs, MatrixEntry, param, text } from './connector-matrix-shared';

/** The transport rule entries. */
export const RULE_MATRIX: readonly MatrixEntry[] = [
  {
    id: 'rule.set-header-pair',
    level: 'error',
    kind: 'TransportRule',
    rule: 'SetHeaderName and SetHeaderValue come together',
    source: 'doc (New-TransportRule SetHeaderName; §1.5 item 8)',
    check: (o) =>
      filled(param(o, 'SetHeaderName')) !== filled(param(o, 'SetHeaderValue'))
        ? [{ parameter: 'SetHeaderName, SetHeaderValue', value: `${text(param(o, 'SetHeaderName') ?? '(none)')}, ${text(param(o, 'SetHeaderValue') ?? '(none)')}`, message: 'sets a header without both its name and its value', fix: 'give both SetHeaderName and SetHeaderValue' }]
        : [],
  },
  {
    id: 'rule.header-test-pair',
    level: 'error',
    kind: 'TransportRule',
    rule: 'A header condition or exception names the header and the words or patterns together',
    source: 'doc (New-TransportRule HeaderContainsMessageHeader/HeaderContainsWords, HeaderMatches…; implied by the descriptions, §1.5 item 8)',
    check: (o) =>
      headerPairs
        .filter(([h, w]) => filled(param(o, h)) !== filled(param(o, w)))
        .map(([h, w]) => ({ parameter: `${h}, ${w}`, value: `${text(param(o, h) ?? '(none)')}, ${text(param(o, w) ?? '(none)')}`, message: `has ${filled(param(o, h)) ? h : w} without ${filled(param(o, h)) ? w : h}`, fix: 'give the header name and the words or patterns' })),
  },
  {
    id: 'rule.route-target',
    level: 'error',
    kind: 'TransportRule',
    rule: 'RouteMessageOutboundConnector names an outbound connector declared for the same tenant',
    source: 'doc (RouteMessageOutboundConnector: OutboundConnectorIdParameter); the seed\'s "redirect to the inbound connector" cannot exist',
    check: (o, all) => {
      const target = param(o, 'RouteMessageOutboundConnector');
      if (!filled(target)) return [];
      const name = String(target).toLowerCase();
      if (all.some((c) => c.kind === 'OutboundConnector' && c.name.toLowerCase() === name)) return [];
      const inbound = all.some((c) => c.kind === 'InboundConnector' && c.name.toLowerCase() === name);
      return [{ parameter: 'RouteMessageOutboundConnector', value: String(target), message: inbound ? `routes to '${String(target)}', an inbound connector; rules can route only to outbound connectors` : `routes to '${String(target)}', which is not a declared outbound connector`, fix: 'route to the outbound connector to the gateway' }];
    },
  },
];
