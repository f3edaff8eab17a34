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
 */
import { isIP } from 'node:net';
import { DesiredObject, ExoObjectKind, ExoValue } from './exo-model';
import { FindingLevel } from './findings';
import { certificateNameProblem } from './names';
import { filled, isOnPremises, isPartner } from './desired-object';

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

/** One cell of the matrix that a desired object violates. */
export interface MatrixViolation {
  /** Stable id of the matrix entry, e.g. `outbound.tls-domain`. */
  readonly entry: string;
  readonly level: FindingLevel;
  readonly kind: ExoObjectKind;
  /** Name of the offending object. */
  readonly object: string;
  /** The parameter(s) concerned. */
  readonly parameter: string;
  /** The offending value, as text. */
  readonly value: string;
  readonly message: string;
  readonly fix: string;
}

/** One entry of the matrix: a pure check of one object against all objects of the tenant. */
export interface MatrixEntry {
  readonly id: string;
  readonly level: FindingLevel;
  readonly kind: ExoObjectKind;
  /** What the entry requires, in one line. */
  readonly rule: string;
  /** Where the rule comes from. */
  readonly source: string;
  readonly check: (object: DesiredObject, all: readonly DesiredObject[]) => Omit<MatrixViolation, 'entry' | 'level' | 'kind' | 'object'>[];
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function param(o: DesiredObject, name: string): ExoValue | undefined {
  return o.parameters[name];
}
function isTrue(v: ExoValue | undefined): boolean {
  return v === true;
}
function list(v: ExoValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v === '' ? [] : [v];
  return [String(v)];
}
function text(v: ExoValue | undefined): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** `smtp:<domain>;<cost>` -> `<domain>`. */
function addressSpaceDomain(value: string): string {
  const m = /^\s*smtp:(.*?)(;\s*\d+)?\s*$/i.exec(value);
  return m ? m[1] : value;
}
/** Why a domain pattern (`*`, `domain`, `*.domain`) is not valid, or undefined. */
function domainPatternProblem(value: string): string | undefined {
  const d = addressSpaceDomain(value);
  if (d === '*') return undefined;
  return certificateNameProblem(d);
}

/** IPv4 address or CIDR with a prefix of /24 to /32 (New-InboundConnector SenderIPAddresses). */
function senderIpProblem(value: string): string | undefined {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || isIP(address) !== 4) return isIP(address) === 6 ? 'IPv6 is not accepted (IPv4 only)' : 'not an IPv4 address or CIDR range';
  if (prefix === undefined) return undefined;
  const n = Number(prefix);
  if (!/^\d+$/.test(prefix) || n < 24 || n > 32) return `prefix /${prefix} is outside /24 to /32`;
  return undefined;
}

/** RFC 1918 private ranges (Enhanced Filtering "not supported"). */
function isPrivateIpv4(value: string): boolean {
  const address = value.split('/')[0].split('-')[0].trim();
  if (isIP(address) !== 4) return false;
  const [a, b] = address.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

const headerPairs: [string, string][] = [
  ['HeaderContainsMessageHeader', 'HeaderContainsWords'],
  ['HeaderMatchesMessageHeader', 'HeaderMatchesPatterns'],
  ['ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderContainsWords'],
  ['ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns'],
];

// ---------------------------------------------------------------------------------------------
// the matrix
// ---------------------------------------------------------------------------------------------

export const CONNECTOR_MATRIX: readonly MatrixEntry[] = [
  // ---- inbound ----------------------------------------------------------------------------
  {
    id: 'inbound.type',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'An inbound connector comes from your organization (OnPremises) or a partner (Partner); Internet -> Office 365 exists by default',
    source: 'seed; New-InboundConnector -ConnectorType',
    check: (o) => (isOnPremises(o) || isPartner(o) ? [] : [{ parameter: 'ConnectorType', value: text(param(o, 'ConnectorType')), message: 'has no ConnectorType Partner or OnPremises', fix: 'set ConnectorType to Partner (a filtering service or partner) or OnPremises (a server that relays for the organization)' }]),
  },
  {
    id: 'inbound.on-premises-identity',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'An OnPremises inbound connector identifies the sending server by certificate name or source IP',
    source: 'seed (Filter: Zertifikatsname oder Source-IP)',
    check: (o) =>
      isOnPremises(o) && !filled(param(o, 'TlsSenderCertificateName')) && !filled(param(o, 'SenderIPAddresses'))
        ? [{ parameter: 'TlsSenderCertificateName, SenderIPAddresses', value: '(none)', message: 'is an OnPremises connector that names neither a certificate nor source IPs, so no connection can match it', fix: "identify the gateway by the tenant's certificate name (TlsSenderCertificateName)" }]
        : [],
  },
  {
    id: 'inbound.certificate-needs-tls',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'A connector that identifies the sender by certificate requires TLS (RequireTls is not $false)',
    source: 'seed (TLS bei Filter nach Zertifikatsnamen erzwungen); a client certificate exists only inside TLS',
    check: (o) =>
      filled(param(o, 'TlsSenderCertificateName')) && param(o, 'RequireTls') === false
        ? [{ parameter: 'RequireTls', value: 'false', message: 'names a sender certificate but lets the sender skip TLS', fix: 'leave RequireTls $true' }]
        : [],
  },
  {
    id: 'inbound.restrict-certificate',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'RestrictDomainsToCertificate $true needs a TlsSenderCertificateName',
    source: 'doc (New-InboundConnector: the connector is used only if the certificate matches TlsSenderCertificateName)',
    check: (o) =>
      isTrue(param(o, 'RestrictDomainsToCertificate')) && !filled(param(o, 'TlsSenderCertificateName'))
        ? [{ parameter: 'RestrictDomainsToCertificate', value: 'true', message: 'restricts to a certificate but names none', fix: 'set TlsSenderCertificateName, or drop RestrictDomainsToCertificate' }]
        : [],
  },
  {
    id: 'inbound.restrict-ip',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'RestrictDomainsToIPAddresses $true needs SenderIPAddresses',
    source: 'doc (New-InboundConnector RestrictDomainsToIPAddresses, SenderIPAddresses)',
    check: (o) =>
      isTrue(param(o, 'RestrictDomainsToIPAddresses')) && !filled(param(o, 'SenderIPAddresses'))
        ? [{ parameter: 'RestrictDomainsToIPAddresses', value: 'true', message: 'restricts to source IPs but lists none: every message would be rejected', fix: 'list the gateway addresses in SenderIPAddresses, or drop the restriction' }]
        : [],
  },
  {
    id: 'inbound.sender-ip-format',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'SenderIPAddresses are IPv4 addresses or CIDR ranges from /24 to /32',
    source: 'doc (New-InboundConnector SenderIPAddresses; exchange-online.md §1.5 item 3)',
    check: (o) =>
      list(param(o, 'SenderIPAddresses')).flatMap((ip) => {
        const problem = senderIpProblem(ip);
        return problem ? [{ parameter: 'SenderIPAddresses', value: ip, message: `lists the sender address '${ip}': ${problem}`, fix: 'give IPv4 addresses or CIDR ranges from /24 to /32' }] : [];
      }),
  },
  {
    id: 'inbound.treat-as-internal',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'TreatMessagesAsInternal $true only on an OnPremises connector without CloudServicesMailEnabled $true',
    source: 'doc (New-InboundConnector TreatMessagesAsInternal; §1.5 item 1)',
    check: (o) =>
      isTrue(param(o, 'TreatMessagesAsInternal')) && (!isOnPremises(o) || isTrue(param(o, 'CloudServicesMailEnabled')))
        ? [{ parameter: 'TreatMessagesAsInternal', value: 'true', message: 'treats messages as internal on a connector that is not OnPremises, or that also keeps cross-premises headers', fix: 'use an OnPremises connector with CloudServicesMailEnabled $false, or drop TreatMessagesAsInternal' }]
        : [],
  },
  {
    id: 'inbound.domain-patterns',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'SenderDomains and TlsSenderCertificateName are domains, `*.domain` or `*`; no embedded wildcards',
    source: 'doc (New-InboundConnector SenderDomains, TlsSenderCertificateName; §1.5 item 7)',
    check: (o) => [
      ...(filled(param(o, 'SenderDomains')) ? [] : [{ parameter: 'SenderDomains', value: '(none)', message: 'has no SenderDomains (New-InboundConnector requires them)', fix: 'give * or the sender domains' }]),
      ...list(param(o, 'SenderDomains')).flatMap((d) => {
        const p = domainPatternProblem(d);
        return p ? [{ parameter: 'SenderDomains', value: d, message: `has the sender domain '${d}': ${p}`, fix: 'use *, a domain or *.domain' }] : [];
      }),
      ...list(param(o, 'TlsSenderCertificateName')).flatMap((d) => {
        const p = d === '*' ? 'a bare * matches every certificate' : certificateNameProblem(d);
        return p ? [{ parameter: 'TlsSenderCertificateName', value: d, message: `names the certificate '${d}': ${p}`, fix: 'name one domain (or *.domain) on the certificate the gateway presents' }] : [];
      }),
    ],
  },
  {
    id: 'inbound.enhanced-filtering-list',
    level: 'warning',
    kind: 'InboundConnector',
    rule: 'EFSkipIPs is used only with EFSkipLastIP $false',
    source: 'doc (New-InboundConnector EFSkipLastIP: $true skips only the last source, $false skips EFSkipIPs)',
    check: (o) =>
      isTrue(param(o, 'EFSkipLastIP')) && filled(param(o, 'EFSkipIPs'))
        ? [{ parameter: 'EFSkipIPs', value: text(param(o, 'EFSkipIPs')), message: 'lists EFSkipIPs together with EFSkipLastIP $true, which ignores the list', fix: 'either EFSkipLastIP $true alone, or EFSkipLastIP $false with the list' }]
        : [],
  },
  {
    id: 'inbound.enhanced-filtering-private',
    level: 'warning',
    kind: 'InboundConnector',
    rule: 'EFSkipIPs holds no RFC 1918 private addresses',
    source: 'doc (Enhanced Filtering for Connectors: private ranges in the skip list are not supported)',
    check: (o) =>
      list(param(o, 'EFSkipIPs'))
        .filter(isPrivateIpv4)
        .map((ip) => ({ parameter: 'EFSkipIPs', value: ip, message: `skips the private address '${ip}', which Enhanced Filtering does not support`, fix: 'list the public addresses the gateway sends from' })),
  },
  {
    id: 'inbound.certificate-and-ip',
    level: 'warning',
    kind: 'InboundConnector',
    rule: 'A Partner connector does not restrict by certificate and by IP at once',
    source: 'doc (Learn "Configure mail flow using connectors": use separate connectors; §1.5 item 10)',
    check: (o) =>
      isPartner(o) && isTrue(param(o, 'RestrictDomainsToCertificate')) && isTrue(param(o, 'RestrictDomainsToIPAddresses'))
        ? [{ parameter: 'RestrictDomainsToCertificate, RestrictDomainsToIPAddresses', value: 'true, true', message: 'restricts by certificate and by IP in one Partner connector', fix: 'restrict by certificate only (per-tenant identity), or use two connectors' }]
        : [],
  },
  {
    id: 'inbound.cross-premises-headers-partner',
    level: 'warning',
    kind: 'InboundConnector',
    rule: 'CloudServicesMailEnabled $true (retain internal Exchange headers) belongs on OnPremises connectors',
    source: 'doc (CloudServicesMailEnabled: cross-premises headers between the on-premises and cloud organization); seed (only "your organization" scenarios retain internal headers)',
    check: (o) =>
      isPartner(o) && isTrue(param(o, 'CloudServicesMailEnabled'))
        ? [{ parameter: 'CloudServicesMailEnabled', value: 'true', message: 'keeps cross-premises headers from a Partner source, which Exchange treats as external', fix: 'use CloudServicesMailEnabled only on OnPremises connectors' }]
        : [],
  },
  // ---- outbound ---------------------------------------------------------------------------
  {
    id: 'outbound.type',
    level: 'error',
    kind: 'OutboundConnector',
    rule: 'An outbound connector goes to your organization (OnPremises) or a partner (Partner); Office 365 -> Internet exists by default',
    source: 'seed; New-OutboundConnector -ConnectorType',
    check: (o) => (isOnPremises(o) || isPartner(o) ? [] : [{ parameter: 'ConnectorType', value: text(param(o, 'ConnectorType')), message: 'has no ConnectorType Partner or OnPremises', fix: 'set ConnectorType to Partner or OnPremises' }]),
  },
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
    check: (o) =>
      isTrue(param(o, 'IsTransportRuleScoped')) && filled(param(o, 'RecipientDomains'))
        ? [{ parameter: 'RecipientDomains', value: text(param(o, 'RecipientDomains')), message: 'is rule-scoped and also lists RecipientDomains, which a rule-scoped connector does not use', fix: 'drop RecipientDomains, or IsTransportRuleScoped' }]
        : [],
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
  // ---- transport rules ----------------------------------------------------------------------
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
