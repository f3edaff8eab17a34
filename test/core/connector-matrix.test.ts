import { checkConnectorMatrix, CONNECTOR_MATRIX, CONNECTOR_SCENARIOS } from '../../lib/core/connector-matrix';
import { DesiredObject, ExoParameters } from '../../lib/core/exo-model';
import { desiredObjectsFor } from '../../lib/profiles';
import { everyProfileVariant } from '../profiles/fixtures';

const inbound = (p: ExoParameters): DesiredObject => ({ kind: 'InboundConnector', name: 'In', parameters: { Name: 'In', ConnectorType: 'OnPremises', SenderDomains: ['*'], TlsSenderCertificateName: 'mail.contoso.com', RequireTls: true, ...p } });
const outbound = (p: ExoParameters): DesiredObject => ({ kind: 'OutboundConnector', name: 'Out', parameters: { Name: 'Out', ConnectorType: 'Partner', RecipientDomains: ['*'], SmartHosts: ['gw.provider.example'], UseMXRecord: false, TlsSettings: 'DomainValidation', TlsDomain: 'gw.provider.example', ...p } });
const rule = (p: ExoParameters): DesiredObject => ({ kind: 'TransportRule', name: 'Rule', parameters: { Name: 'Rule', FromScope: 'InOrganization', SentToScope: 'NotInOrganization', RouteMessageOutboundConnector: 'Out', ...p } });

function entries(objects: DesiredObject[]): string[] {
  return checkConnectorMatrix(objects).map((v) => `${v.level}:${v.entry}`);
}

describe('connector matrix', () => {
  test('encodes the admin center From/To scenarios of the seed (six pairs, two of them built in)', () => {
    expect(CONNECTOR_SCENARIOS.map((s) => `${s.from}->${s.to}:${s.connectorType ?? 'built in'}`)).toEqual([
      'Office 365->Your organization:OnPremises',
      'Office 365->Partner:Partner',
      'Office 365->Internet:built in',
      'Your organization->Office 365:OnPremises',
      'Partner->Office 365:Partner',
      'Internet->Office 365:built in',
    ]);
  });

  test('entry ids are unique, and every entry names its source', () => {
    const ids = CONNECTOR_MATRIX.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CONNECTOR_MATRIX) expect(e.source.length).toBeGreaterThan(5);
  });

  test.each(everyProfileVariant())('every built-in profile passes: %s', (_name, tenant) => {
    expect(checkConnectorMatrix(desiredObjectsFor(tenant))).toEqual([]);
  });

  test('a valid minimal pair passes', () => {
    expect(entries([inbound({}), outbound({}), rule({})])).toEqual([]);
  });

  test.each<[string, DesiredObject[], string]>([
    ['inbound without a connector type', [inbound({ ConnectorType: 'Internet' })], 'error:inbound.type'],
    ['OnPremises inbound without certificate or IP', [inbound({ TlsSenderCertificateName: null })], 'error:inbound.on-premises-identity'],
    ['a certificate name without TLS', [inbound({ RequireTls: false })], 'error:inbound.certificate-needs-tls'],
    ['RestrictDomainsToCertificate without a certificate', [inbound({ ConnectorType: 'Partner', TlsSenderCertificateName: null, SenderIPAddresses: ['203.0.113.1'], RestrictDomainsToCertificate: true })], 'error:inbound.restrict-certificate'],
    ['RestrictDomainsToIPAddresses without addresses', [inbound({ ConnectorType: 'Partner', RestrictDomainsToIPAddresses: true })], 'error:inbound.restrict-ip'],
    ['an IPv6 sender address', [inbound({ SenderIPAddresses: ['2001:db8::1'] })], 'error:inbound.sender-ip-format'],
    ['a /16 sender range', [inbound({ SenderIPAddresses: ['203.0.0.0/16'] })], 'error:inbound.sender-ip-format'],
    ['TreatMessagesAsInternal on a Partner connector', [inbound({ ConnectorType: 'Partner', TreatMessagesAsInternal: true })], 'error:inbound.treat-as-internal'],
    ['TreatMessagesAsInternal with CloudServicesMailEnabled', [inbound({ TreatMessagesAsInternal: true, CloudServicesMailEnabled: true })], 'error:inbound.treat-as-internal'],
    ['an embedded wildcard sender domain', [inbound({ SenderDomains: ['mail.*.contoso.com'] })], 'error:inbound.domain-patterns'],
    ['no sender domains', [inbound({ SenderDomains: [] })], 'error:inbound.domain-patterns'],
    ['a bare * certificate name', [inbound({ TlsSenderCertificateName: '*' })], 'error:inbound.domain-patterns'],
    ['EFSkipIPs beside EFSkipLastIP $true', [inbound({ EFSkipLastIP: true, EFSkipIPs: ['203.0.113.1'] })], 'warning:inbound.enhanced-filtering-list'],
    ['a private address in EFSkipIPs', [inbound({ EFSkipLastIP: false, EFSkipIPs: ['10.1.2.3'] })], 'warning:inbound.enhanced-filtering-private'],
    ['a word in EFSkipIPs', [inbound({ EFSkipLastIP: false, EFSkipIPs: ['not-an-ip'] })], 'error:inbound.enhanced-filtering-format'],
    ['an impossible address in EFSkipIPs', [inbound({ EFSkipLastIP: false, EFSkipIPs: ['300.1.1.1'] })], 'error:inbound.enhanced-filtering-format'],
    ['an empty EFSkipIPs entry', [inbound({ EFSkipLastIP: false, EFSkipIPs: [''] })], 'error:inbound.enhanced-filtering-format'],
    ['a range of two families in EFSkipIPs', [inbound({ EFSkipLastIP: false, EFSkipIPs: ['203.0.113.1-2001:db8::1'] })], 'error:inbound.enhanced-filtering-format'],
    ['a /33 in EFSkipIPs', [inbound({ EFSkipLastIP: false, EFSkipIPs: ['203.0.113.0/33'] })], 'error:inbound.enhanced-filtering-format'],
    ['certificate and IP restriction in one Partner connector', [inbound({ ConnectorType: 'Partner', SenderIPAddresses: ['203.0.113.1'], RestrictDomainsToCertificate: true, RestrictDomainsToIPAddresses: true })], 'warning:inbound.certificate-and-ip'],
    ['cross-premises headers from a Partner', [inbound({ ConnectorType: 'Partner', CloudServicesMailEnabled: true })], 'warning:inbound.cross-premises-headers-partner'],
    ['outbound without a connector type', [outbound({ ConnectorType: null })], 'error:outbound.type'],
    ['UseMXRecord $false without smart hosts', [outbound({ SmartHosts: [] })], 'error:outbound.smart-hosts-need-no-mx'],
    ['smart hosts with MX routing', [outbound({ UseMXRecord: true })], 'error:outbound.smart-hosts-need-no-mx'],
    ['smart hosts with the default UseMXRecord', [outbound({ UseMXRecord: null })], 'error:outbound.smart-hosts-need-no-mx'],
    ['TlsDomain without DomainValidation', [outbound({ TlsSettings: 'CertificateValidation' })], 'error:outbound.tls-domain'],
    ['RouteAllMessagesViaOnPremises on a Partner connector', [outbound({ RouteAllMessagesViaOnPremises: true })], 'error:outbound.on-premises-only'],
    ['SenderRewritingEnabled on a Partner connector', [outbound({ SenderRewritingEnabled: true })], 'error:outbound.on-premises-only'],
    ['* on an OnPremises outbound connector', [outbound({ ConnectorType: 'OnPremises' })], 'error:outbound.on-premises-no-star'],
    ['an outbound connector that selects nothing', [outbound({ RecipientDomains: null })], 'error:outbound.selects-mail'],
    ['an embedded wildcard TlsDomain', [outbound({ TlsDomain: 'gw.*.example' })], 'error:outbound.domain-patterns'],
    ['a rule-scoped connector with RecipientDomains', [outbound({ IsTransportRuleScoped: true }), rule({})], 'warning:outbound.rule-scoped-with-domains'],
    ['a rule-scoped connector no rule uses', [outbound({ IsTransportRuleScoped: true, RecipientDomains: null })], 'warning:outbound.rule-scoped-unused'],
    ['SetHeaderName without SetHeaderValue', [outbound({}), rule({ SetHeaderName: 'X-GW' })], 'error:rule.set-header-pair'],
    ['a header exception without words', [outbound({}), rule({ ExceptIfHeaderContainsMessageHeader: 'X-GW' })], 'error:rule.header-test-pair'],
    ['a rule routing to an inbound connector (the seed\'s FTAPI wording)', [inbound({}), rule({ RouteMessageOutboundConnector: 'In' })], 'error:rule.route-target'],
    ['a rule routing to an undeclared connector', [outbound({}), rule({ RouteMessageOutboundConnector: 'Elsewhere' })], 'error:rule.route-target'],
  ])('flags %s', (_what, objects, expected) => {
    expect(entries(objects)).toContain(expected);
  });

  test('every entry has a failing case above', () => {
    // keeps the table in step with the matrix: a new entry needs a test
    const tested = new Set([
      'inbound.type', 'inbound.on-premises-identity', 'inbound.certificate-needs-tls', 'inbound.restrict-certificate', 'inbound.restrict-ip', 'inbound.sender-ip-format',
      'inbound.treat-as-internal', 'inbound.domain-patterns', 'inbound.enhanced-filtering-format', 'inbound.enhanced-filtering-list', 'inbound.enhanced-filtering-private', 'inbound.certificate-and-ip',
      'inbound.cross-premises-headers-partner', 'outbound.type', 'outbound.smart-hosts-need-no-mx', 'outbound.tls-domain', 'outbound.on-premises-only',
      'outbound.on-premises-no-star', 'outbound.selects-mail', 'outbound.domain-patterns', 'outbound.rule-scoped-with-domains', 'outbound.rule-scoped-unused',
      'rule.set-header-pair', 'rule.header-test-pair', 'rule.route-target',
    ]);
    expect(CONNECTOR_MATRIX.map((e) => e.id).sort()).toEqual([...tested].sort());
  });

  test('accepted forms: smtp:*;1, *.domain, IPv4 /24-/32, OnPremises by IP alone', () => {
    expect(entries([inbound({ ConnectorType: 'Partner', SenderDomains: ['smtp:*;1', '*.contoso.com'] })])).toEqual([]);
    expect(entries([inbound({ TlsSenderCertificateName: null, SenderIPAddresses: ['203.0.113.0/24', '198.51.100.7'] })])).toEqual([]);
    // EFSkipIPs: an address, an a-b range or a CIDR range, IPv4 or IPv6 (New-InboundConnector EFSkipIPs)
    expect(entries([inbound({ EFSkipLastIP: false, EFSkipIPs: ['203.0.113.7', '198.51.100.1-198.51.100.20', '203.0.113.0/25', '2001:db8::/32', '2001:db8::1'] })])).toEqual([]);
    expect(entries([outbound({ ConnectorType: 'OnPremises', RecipientDomains: ['contoso.com'], AllAcceptedDomains: true, RouteAllMessagesViaOnPremises: true })])).toEqual([]);
  });
});
