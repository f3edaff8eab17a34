/**
 * The inbound connector entries of the connector matrix (connector-matrix.ts): what an inbound
 * connector from your organization (OnPremises) or a partner (Partner) must name and may combine.
 *
 * Sources:
 * - [seed] the From/To matrix of the Exchange admin center ("Office 365 Mail Connector",
 *   seeds/office365-mail-connectors.de.txt): inbound your organization's server -> Office 365
 *   (OnPremises): certificate name or source IP, TLS enforced when filtering by certificate name,
 *   sender must be of an accepted domain, mail is trusted; partner -> Office 365 (Partner): sender
 *   domain or source IP, TLS, certificate validation, IP filtering.
 * - [doc] the cmdlet reference (New-/Set-InboundConnector; shared reference exchange-online.md §1.5).
 *
 * No cdktf import, no I/O.
 */
import { filled, isOnPremises, isPartner } from './desired-object';
import { certificateNameProblem } from './names';
import { connectorTypeEntry, domainPatternProblem, eachValue, efSkipIpProblem, flagWithList, isPrivateIpv4, isTrue, list, MatrixEntry, param, senderIpProblem } from './connector-matrix-shared';

/** The inbound connector entries. */
export const INBOUND_MATRIX: readonly MatrixEntry[] = [
  connectorTypeEntry('inbound.type', 'InboundConnector', 'An inbound connector comes from your organization (OnPremises) or a partner (Partner); Internet -> Office 365 exists by default', 'set ConnectorType to Partner (a filtering service or partner) or OnPremises (a server that relays for the organization)'),
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
    check: eachValue('SenderIPAddresses', senderIpProblem, (ip, problem) => `lists the sender address '${ip}': ${problem}`, 'give IPv4 addresses or CIDR ranges from /24 to /32'),
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
    id: 'inbound.enhanced-filtering-format',
    level: 'error',
    kind: 'InboundConnector',
    rule: 'EFSkipIPs are IP addresses, ranges a-b or CIDR ranges',
    source: 'doc (New-InboundConnector EFSkipIPs; exchange-online.md §1.2)',
    check: eachValue('EFSkipIPs', efSkipIpProblem, (ip, problem) => `skips '${ip}': ${problem}`, 'give the public addresses the gateway sends from, as addresses, a-b ranges or CIDR ranges'),
  },
  {
    id: 'inbound.enhanced-filtering-list',
    level: 'warning',
    kind: 'InboundConnector',
    rule: 'EFSkipIPs is used only with EFSkipLastIP $false',
    source: 'doc (New-InboundConnector EFSkipLastIP: $true skips only the last source, $false skips EFSkipIPs)',
    check: flagWithList('EFSkipLastIP', 'EFSkipIPs', 'lists EFSkipIPs together with EFSkipLastIP $true, which ignores the list', 'either EFSkipLastIP $true alone, or EFSkipLastIP $false with the list'),
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
];
