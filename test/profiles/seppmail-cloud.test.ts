import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { seppmailCloudCertificateName, seppmailCloudHost, seppmailCloudObjects } from '../../lib/profiles/seppmail-cloud';
import { byName, cloudGateway, cloudTenant } from './fixtures';

const TENANT_ID = '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01';
const domains = [
  { path: 'd1', domain: 'Contoso.com' },
  { path: 'd2', domain: 'contoso.ch' },
  { path: 'd3', domain: 'contoso.onmicrosoft.com' },
];

describe('SEPPmail.cloud names (SEPPmail365cloud 2.0.2 New-SC365Connectors)', () => {
  test('smart hosts: the domain with dots as dashes under mail., relay. or gate.seppmail.cloud', () => {
    expect(seppmailCloudHost('Contoso.com', 'mail')).toBe('contoso-com.mail.seppmail.cloud');
    expect(seppmailCloudHost('sub.contoso.co.uk', 'relay')).toBe('sub-contoso-co-uk.relay.seppmail.cloud');
    expect(seppmailCloudHost('contoso.ch', 'gate')).toBe('contoso-ch.gate.seppmail.cloud');
  });

  test('the tenant certificate name is <tenant id>.<region>.seppmail.cloud', () => {
    expect(seppmailCloudCertificateName(TENANT_ID.toUpperCase(), 'de')).toBe(`${TENANT_ID}.de.seppmail.cloud`);
  });
});

describe('SEPPmail.cloud parallel', () => {
  const t = cloudTenant('Contoso', cloudGateway('parallel'), { tenantId: TENANT_ID, domains });
  const objects = seppmailCloudObjects(t);

  test('objects in creation order: inbound, outbound, rules 100, 110, 120, 200, 300-700 (no 060)', () => {
    expect(objects.map((o) => `${o.kind}:${o.name}`)).toEqual([
      'InboundConnector:[SEPPmail.cloud] Inbound-Parallel',
      'OutboundConnector:[SEPPmail.cloud] Outbound-Parallel',
      'TransportRule:[SEPPmail.cloud] - 100 Route incoming e-mails to SEPPmail',
      'TransportRule:[SEPPmail.cloud] - 110 Route incoming BGP e-mails to SEPPmail',
      'TransportRule:[SEPPmail.cloud] - 120 Route incoming tagged e-mails to SEPPmail',
      'TransportRule:[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail',
      'TransportRule:[SEPPmail.cloud] - 300 Clean outbound SEPPmail header decrypted',
      'TransportRule:[SEPPmail.cloud] - 400 Clean outbound SEPPmail header encrypted',
      'TransportRule:[SEPPmail.cloud] - 500 Clean outbound SEPPmail header outgoing',
      'TransportRule:[SEPPmail.cloud] - 600 Clean outbound SEPPmail header smarthost',
      'TransportRule:[SEPPmail.cloud] - 700 Clean outbound header X-sepp-smarthost',
    ]);
  });

  test('inbound connector: OnPremises, restricted to the tenant-id certificate, Enhanced Filtering on the last IP', () => {
    expect(byName(objects, '[SEPPmail.cloud] Inbound-Parallel')).toEqual({
      Name: '[SEPPmail.cloud] Inbound-Parallel',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      SenderDomains: ['*'],
      TlsSenderCertificateName: `${TENANT_ID}.ch.seppmail.cloud`,
      RequireTls: true,
      RestrictDomainsToCertificate: true,
      RestrictDomainsToIPAddresses: false,
      CloudServicesMailEnabled: false,
      EFSkipLastIP: true,
    });
  });

  test('outbound connector: rule-scoped OnPremises to <first domain>.mail.seppmail.cloud, validating *.<region>.seppmail.cloud', () => {
    expect(byName(objects, '[SEPPmail.cloud] Outbound-Parallel')).toEqual({
      Name: '[SEPPmail.cloud] Outbound-Parallel',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      IsTransportRuleScoped: true,
      SmartHosts: ['contoso-com.mail.seppmail.cloud'],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: '*.ch.seppmail.cloud',
      CloudServicesMailEnabled: false,
    });
  });

  test('rule 100: inbound crypto content of the managed domains (no onmicrosoft.com), excepting the X-SM markers', () => {
    const p = byName(objects, '[SEPPmail.cloud] - 100 Route incoming e-mails to SEPPmail');
    expect(p).toEqual({
      Name: '[SEPPmail.cloud] - 100 Route incoming e-mails to SEPPmail',
      FromScope: 'NotInOrganization',
      SentToScope: 'InOrganization',
      RecipientDomainIs: ['contoso.com', 'contoso.ch'],
      HeaderContainsMessageHeader: 'content-type',
      HeaderContainsWords: expect.arrayContaining(['application/pkcs7-mime', 'multipart/encrypted']),
      ExceptIfHeaderMatchesMessageHeader: 'X-SM-internal',
      ExceptIfHeaderMatchesPatterns: ['yes'],
      ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming',
      ExceptIfHeaderContainsWords: ['yes'],
      ExceptIfSCLOver: 5,
      RouteMessageOutboundConnector: '[SEPPmail.cloud] Outbound-Parallel',
      SetHeaderName: 'X-SM-maildirection',
      SetHeaderValue: 'inbound',
      SenderAddressLocation: 'HeaderOrEnvelope',
      StopRuleProcessing: true,
      SetAuditSeverity: 'Low',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
    expect(p.HeaderContainsWords).toHaveLength(9);
  });

  test('rules 110 and 120: PGP armour and subject tags, scoped like 100 (the module intends it for 110)', () => {
    expect(byName(objects, '[SEPPmail.cloud] - 110 Route incoming BGP e-mails to SEPPmail')).toMatchObject({ RecipientDomainIs: ['contoso.com', 'contoso.ch'], SubjectOrBodyContainsWords: ['-----BEGIN PGP'], StopRuleProcessing: true, ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming' });
    const r120 = byName(objects, '[SEPPmail.cloud] - 120 Route incoming tagged e-mails to SEPPmail');
    expect(r120).toMatchObject({ SubjectContainsWords: ['[signed OK]', '[secure]', '[secured by HIN]', '[signed invalid]', '[not secured by HIN]'], RecipientDomainIs: ['contoso.com', 'contoso.ch'] });
    expect(r120.SubjectOrBodyContainsWords).toBeUndefined();
  });

  test('rule 200: outbound mail of the managed domains, excepting X-SM-internal, X-SM-outgoing and OOF', () => {
    expect(byName(objects, '[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail')).toEqual({
      Name: '[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail',
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      SenderDomainIs: ['contoso.com', 'contoso.ch'],
      ExceptIfHeaderMatchesMessageHeader: 'X-SM-internal',
      ExceptIfHeaderMatchesPatterns: ['yes'],
      ExceptIfHeaderContainsMessageHeader: 'X-SM-outgoing',
      ExceptIfHeaderContainsWords: ['yes'],
      ExceptIfMessageTypeMatches: 'OOF',
      ExceptIfSCLOver: 9,
      RouteMessageOutboundConnector: '[SEPPmail.cloud] Outbound-Parallel',
      SetHeaderName: 'X-SM-maildirection',
      SetHeaderValue: 'outbound',
      SenderAddressLocation: 'Header',
      SetAuditSeverity: 'Low',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
  });

  test('rules 300-700 remove one cloud header each on the way out', () => {
    const removed = objects.filter((o) => o.parameters.RemoveHeader).map((o) => o.parameters.RemoveHeader);
    expect(removed).toEqual(['X-SM-decrypted', 'X-SM-encrypted', 'X-SM-outgoing', 'X-SM-smarthost', 'X-sepp-smarthost']);
    expect(byName(objects, '[SEPPmail.cloud] - 700 Clean outbound header X-sepp-smarthost')).toEqual({
      Name: '[SEPPmail.cloud] - 700 Clean outbound header X-sepp-smarthost',
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      RemoveHeader: 'X-sepp-smarthost',
      SenderAddressLocation: 'Header',
      SetAuditSeverity: 'Low',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
  });

  test('options: all content leaves out 110/120, threshold, staged rules, region and names', () => {
    const custom = seppmailCloudObjects(
      cloudTenant('Contoso', cloudGateway('parallel', {}, 'de'), {
        tenantId: TENANT_ID,
        domains,
        connector: { path: 'c', rulesEnabled: false, rulePlacement: 'Bottom', cryptoContentOnly: false, sclInboundThreshold: 6, connectorsEnabled: false, restrictDomainsToCertificate: false, inboundConnectorName: 'In', ruleNamePrefix: '[SC] ' },
      }),
    );
    expect(custom.map((o) => o.name)).not.toContain('[SC] 110 Route incoming BGP e-mails to SEPPmail');
    const r100 = byName(custom, '[SC] 100 Route incoming e-mails to SEPPmail');
    expect(r100).toMatchObject({ Enabled: false, ExceptIfSCLOver: 6 });
    expect(r100.HeaderContainsMessageHeader).toBeUndefined();
    expect(byName(custom, 'In')).toMatchObject({ Enabled: false, TlsSenderCertificateName: `${TENANT_ID}.de.seppmail.cloud`, RestrictDomainsToCertificate: true });
    expect(byName(custom, '[SEPPmail.cloud] Outbound-Parallel')).toMatchObject({ TlsDomain: '*.de.seppmail.cloud' });
  });
});

describe('SEPPmail.cloud inline', () => {
  const t = cloudTenant('Contoso', cloudGateway('inline'), { tenantId: TENANT_ID, domains });
  const objects = seppmailCloudObjects(t);

  test('objects: inbound, outbound, rule 200 only', () => {
    expect(objects.map((o) => `${o.kind}:${o.name}`)).toEqual([
      'InboundConnector:[SEPPmail.cloud] Inbound-InLine',
      'OutboundConnector:[SEPPmail.cloud] Outbound-InLine',
      'TransportRule:[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail',
    ]);
  });

  test('inbound connector: Partner for smtp:*;1, restricted to the tenant-id certificate', () => {
    expect(byName(objects, '[SEPPmail.cloud] Inbound-InLine')).toEqual({
      Name: '[SEPPmail.cloud] Inbound-InLine',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'Partner',
      Enabled: true,
      SenderDomains: ['smtp:*;1'],
      TlsSenderCertificateName: `${TENANT_ID}.ch.seppmail.cloud`,
      RequireTls: true,
      RestrictDomainsToCertificate: true,
      CloudServicesMailEnabled: false,
      EFSkipLastIP: true,
    });
  });

  test('outbound connector: rule-scoped Partner to <first domain>.relay.seppmail.cloud', () => {
    expect(byName(objects, '[SEPPmail.cloud] Outbound-InLine')).toEqual({
      Name: '[SEPPmail.cloud] Outbound-InLine',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'Partner',
      Enabled: true,
      IsTransportRuleScoped: true,
      SmartHosts: ['contoso-com.relay.seppmail.cloud'],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: '*.ch.seppmail.cloud',
      CloudServicesMailEnabled: false,
    });
  });

  test('rule 200 (inline variant): no marker exceptions, the cloud delivers outbound mail itself', () => {
    expect(byName(objects, '[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail')).toEqual({
      Name: '[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail',
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      SenderDomainIs: ['contoso.com', 'contoso.ch'],
      ExceptIfSCLOver: 9,
      RouteMessageOutboundConnector: '[SEPPmail.cloud] Outbound-InLine',
      SetHeaderName: 'X-SM-maildirection',
      SetHeaderValue: 'outbound',
      SenderAddressLocation: 'Header',
      SetAuditSeverity: 'Low',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
  });

  test('inbound only: the inbound connector alone', () => {
    const only = seppmailCloudObjects(cloudTenant('Contoso', cloudGateway('inline', { inboundOnly: true }), { tenantId: TENANT_ID, domains }));
    expect(only.map((o) => o.name)).toEqual(['[SEPPmail.cloud] Inbound-InLine']);
  });

  test('the smart host derives from the first domain that is not onmicrosoft.com', () => {
    const reordered = seppmailCloudObjects(cloudTenant('Contoso', cloudGateway('inline'), { domains: [domains[2], domains[1]] }));
    expect(byName(reordered, '[SEPPmail.cloud] Outbound-InLine').SmartHosts).toEqual(['contoso-ch.relay.seppmail.cloud']);
  });
});
