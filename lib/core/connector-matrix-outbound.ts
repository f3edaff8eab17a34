/**
 * The outbound connector entries of the connector matrix (connector-matrix.ts): how an outbound
 * connector to your organization (OnPremises) or a partner (Partner) selects and delivers mail.
 *
 * Sources:
 * - [seed] the From/To matrix of the Exchange admin center ("Office 365 Mail Connector",
 *   seeds/office365-mail-connectors.de.txt): outbound Office 365 -> your organization's server
 *   (OnPremises): transport rule, accepted domains or a domain list, "aber kein *", smart host;
 *   Office 365 -> partner (Partner): recipient domains (also `*`) or transport rule, MX record
 *   **or** smart hosts.
 * - [doc] the cmdlet reference (New-/Set-OutboundConnector; shared reference exchange-online.md §1.5).
 *
 * No cdktf import, no I/O.
 */
import { filled, isOnPremises } from './desired-object';
import { certificateNameProblem } from './names';
import { addressSpaceDomain, connectorTypeEntry, domainPatternProblem, flagWithList, isTrue, list, MatrixEntry, param, text } from './connector-matrix-shared';

/** The outbound connector entries. */
export const OUTBOUND_MATRIX: readonly MatrixEntry[] = [
  connectorTypeEntry('outbound.type', 'OutboundConnector', 'An outbound connector goes to your organization (OnPremises) or a partner (Partner); Office 365 -> Internet exists by default', 'set ConnectorType to Partner or OnPremises'),
  {
    id: 'outbound.smart-hosts-need-no-mx',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'Delivery is by MX record or by smart hosts: UseMXRecord $false with SmartHosts, SmartHosts only with UseMXRecord $false',
    source: 'seed (MX-Record oder Smarthosts); doc (New-OutboundConnector SmartHosts: required with UseMXRecord $false; §1.5 item 4)',
    check: (o) => {
      const hosts = filled(param(o, 'SmartHosts'));
      const noMx = param(o, 'UseMXRecord') === false;
      if (noMx && !hosts) return [{ parameter: 'UseMXRecord, SmartHosts', value: 'false, (none)', message: 'turns off MX routing but names no smart host', fix: 'give the gateway FQDN as SmartHosts' }];
      if (hosts && !noMx) return [{ parameter: 'SmartHosts, UseMXRecord', value: `${text(param(o, 'SmartHosts'))}, ${text(param(o, 'UseMXRecord') ?? '(default $true)')}`, message: 'names smart hosts but keeps MX routing, so the smart hosts are not used', fix: 'set UseMXRecord $false' }];
      return [];
    },
  },
  {
    id: 'outbound.tls-domain',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'TlsDomain only with TlsSettings DomainValidation',
    source: 'doc (New-OutboundConnector TlsDomain: meaningful only with DomainValidation; §1.5 item 5)',
    check: (o) =>
      filled(param(o, 'TlsDomain')) && String(param(o, 'TlsSettings') ?? '').toLowerCase() !== 'domainvalidation'
        ? [{ parameter: 'TlsDomain, TlsSettings', value: `${text(param(o, 'TlsDomain'))}, ${text(param(o, 'TlsSettings') ?? '(none)')}`, message: 'names a TlsDomain that is never checked because TlsSettings is not DomainValidation', fix: 'use TlsSettings DomainValidation, or drop TlsDomain' }]
        : [],
  },
  {
    id: 'outbound.on-premises-only',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'RouteAllMessagesViaOnPremises, AllAcceptedDomains and SenderRewritingEnabled need ConnectorType OnPremises',
    source: 'doc (New-OutboundConnector; §1.5 item 6)',
    check: (o) =>
      isOnPremises(o)
        ? []
        : ['RouteAllMessagesViaOnPremises', 'AllAcceptedDomains', 'SenderRewritingEnabled']
            .filter((p) => isTrue(param(o, p)))
            .map((p) => ({ parameter: p, value: 'true', message: `sets ${p} on a connector that is not OnPremises`, fix: 'use ConnectorType OnPremises, or drop the parameter' })),
  },
  {
    id: 'outbound.on-premises-no-star',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'An OnPremises outbound connector routes by transport rule, accepted domains or a domain list, never `*`',
    source: 'seed (Eigene Organisation: Transportregel oder AcceptedDomains oder Domainliste, aber kein "*")',
    check: (o) =>
      isOnPremises(o) && list(param(o, 'RecipientDomains')).some((d) => addressSpaceDomain(d) === '*')
        ? [{ parameter: 'RecipientDomains', value: '*', message: 'routes every recipient domain (*) to your organization', fix: 'use a Partner connector for *, or IsTransportRuleScoped $true with a routing rule' }]
        : [],
  },
  {
    id: 'outbound.selects-mail',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'An outbound connector selects mail: recipient domains, a transport rule, or (OnPremises) all accepted domains',
    source: 'seed (Filter column)',
    check: (o) =>
      filled(param(o, 'RecipientDomains')) || isTrue(param(o, 'IsTransportRuleScoped')) || (isOnPremises(o) && isTrue(param(o, 'AllAcceptedDomains')))
        ? []
        : [{ parameter: 'RecipientDomains, IsTransportRuleScoped', value: '(none)', message: 'selects no mail, so it routes nothing', fix: 'give RecipientDomains, or IsTransportRuleScoped $true with a routing rule' }],
  },
  {
    id: 'outbound.domain-patterns',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'RecipientDomains and TlsDomain are domains, `*.domain` or (RecipientDomains) `*`; no embedded wildcards',
    source: 'doc (New-OutboundConnector RecipientDomains, TlsDomain; §1.5 item 7)',
    check: (o) => [
      ...list(param(o, 'RecipientDomains')).flatMap((d) => {
        const p = domainPatternProblem(d);
        return p ? [{ parameter: 'RecipientDomains', value: d, message: `routes the recipient domain '${d}': ${p}`, fix: 'use *, a domain or *.domain' }] : [];
      }),
      ...list(param(o, 'TlsDomain')).flatMap((d) => {
        const p = certificateNameProblem(d);
        return p ? [{ parameter: 'TlsDomain', value: d, message: `validates the gateway certificate against '${d}': ${p}`, fix: "give the name on the gateway's certificate (host or *.domain)" }] : [];
      }),
    ],
  },
  {
    id: 'outbound.rule-scoped-with-domains',
    level: 'warning',
    kind: 'OutboundConnector',
    rule: 'A rule-scoped connector lists no RecipientDomains',
    source: 'doc (IsTransportRuleScoped: used only through RouteMessageOutboundConnector); the combination is not documented (exchange-online.md §1.5, unconfirmed)',
    check: flagWithList('IsTransportRuleScoped', 'RecipientDomains', 'is rule-scoped and also lists RecipientDomains, which a rule-scoped connector does not use', 'drop RecipientDomains, or IsTransportRuleScoped'),
  },
  {
    id: 'outbound.rule-scoped-unused',
    level: 'warning',
    kind: 'OutboundConnector',
    rule: 'A rule-scoped connector is the target of at least one routing rule',
    source: 'doc (IsTransportRuleScoped)',
    check: (o, all) =>
      isTrue(param(o, 'IsTransportRuleScoped')) && !all.some((r) => r.kind === 'TransportRule' && String(param(r, 'RouteMessageOutboundConnector') ?? '').toLowerCase() === o.name.toLowerCase())
        ? [{ parameter: 'IsTransportRuleScoped', value: 'true', message: 'is rule-scoped but no declared rule routes to it, so it carries no mail', fix: 'add a routing rule to it, or route by RecipientDomains' }]
        : [],
  },
];
