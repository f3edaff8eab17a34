import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { exoMxHost } from '../../lib/core/names';
import { ftapiObjects, ftapiTlsPolicyLines } from '../../lib/profiles/ftapi';
import { byName, ftapiGateway, gatewayTenant } from './fixtures';

const domains = [{ path: 'd1', domain: 'Contoso.com' }, { path: 'd2', domain: 'contoso.de' }];

describe('FTAPI S/MIME gateway profile (seed ftapi-smime-connectors)', () => {
  const objects = ftapiObjects(gatewayTenant('Contoso', ftapiGateway(), { domains }));

  test('objects: inbound connector, outbound connector, rule inbound, rule outbound', () => {
    expect(objects.map((o) => `${o.kind}:${o.name}`)).toEqual([
      'InboundConnector:FTAPI S/MIME Inbound Connector',
      'OutboundConnector:FTAPI S/MIME Outbound Connector',
      'TransportRule:FTAPI S/MIME inbound',
      'TransportRule:FTAPI S/MIME outbound',
    ]);
  });

  test('inbound: from your organization (OnPremises), identified by certificate, internal headers kept', () => {
    expect(byName(objects, 'FTAPI S/MIME Inbound Connector')).toEqual({
      Name: 'FTAPI S/MIME Inbound Connector',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      SenderDomains: ['*'],
      TlsSenderCertificateName: 'mail.contoso.com',
      RequireTls: true,
      CloudServicesMailEnabled: true,
    });
  });

  test('outbound: rule-scoped OnPremises to the gateway, TLS with a trusted CA and the optional domain validation', () => {
    expect(byName(objects, 'FTAPI S/MIME Outbound Connector')).toEqual({
      Name: 'FTAPI S/MIME Outbound Connector',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      IsTransportRuleScoped: true,
      SmartHosts: ['ftapi-smime.provider.example'],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: '*.provider.example',
      CloudServicesMailEnabled: true,
    });
  });

  test('without domain validation: CertificateValidation and no TlsDomain', () => {
    const p = byName(ftapiObjects(gatewayTenant('Contoso', ftapiGateway({ domainValidation: false }), { domains })), 'FTAPI S/MIME Outbound Connector');
    expect(p.TlsSettings).toBe('CertificateValidation');
    expect(p).not.toHaveProperty('TlsDomain');
  });

  test('both rules route to the outbound connector except when a Received header contains the gateway FQDN', () => {
    expect(byName(objects, 'FTAPI S/MIME inbound')).toEqual({
      Name: 'FTAPI S/MIME inbound',
      FromScope: 'NotInOrganization',
      SentToScope: 'InOrganization',
      RecipientDomainIs: ['contoso.com', 'contoso.de'],
      ExceptIfHeaderContainsMessageHeader: 'Received',
      ExceptIfHeaderContainsWords: ['ftapi-smime.provider.example'],
      RouteMessageOutboundConnector: 'FTAPI S/MIME Outbound Connector',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
    expect(byName(objects, 'FTAPI S/MIME outbound')).toEqual({
      Name: 'FTAPI S/MIME outbound',
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      SenderDomainIs: ['contoso.com', 'contoso.de'],
      ExceptIfHeaderContainsMessageHeader: 'Received',
      ExceptIfHeaderContainsWords: ['ftapi-smime.provider.example'],
      RouteMessageOutboundConnector: 'FTAPI S/MIME Outbound Connector',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
  });

  test('a different Received marker and name overrides', () => {
    const r = ftapiObjects(gatewayTenant('Contoso', ftapiGateway({ receivedMarker: 'smime01.provider.example' }), { domains, connector: { path: 'c', rulesEnabled: false, rulePlacement: 'Top', cryptoContentOnly: true, sclInboundThreshold: 5, connectorsEnabled: true, restrictDomainsToCertificate: false, outboundConnectorName: 'To FTAPI', ruleNamePrefix: '[S/MIME] ' } }));
    expect(byName(r, '[S/MIME] S/MIME inbound')).toMatchObject({ ExceptIfHeaderContainsWords: ['smime01.provider.example'], RouteMessageOutboundConnector: 'To FTAPI', Enabled: false });
  });

  test("the gateway-side tls-policy line per managed domain's Exchange Online host", () => {
    expect(exoMxHost('Contoso.com')).toBe('contoso-com.mail.protection.outlook.com');
    expect(ftapiTlsPolicyLines(gatewayTenant('Contoso', ftapiGateway(), { domains }))).toEqual([
      '[contoso-com.mail.protection.outlook.com]:25 verify match=mail.protection.outlook.com',
      '[contoso-de.mail.protection.outlook.com]:25 verify match=mail.protection.outlook.com',
    ]);
  });
});
