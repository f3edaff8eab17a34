import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { noSpamProxyObjects } from '../../lib/profiles/nospamproxy';
import { byName, gatewayTenant, nspGateway } from './fixtures';

const domains = [{ path: 'd1', domain: 'contoso.com' }, { path: 'd2', domain: 'contoso.de' }];

describe('NoSpamProxy profile (seed exo-with-nospamproxy, MX at the gateway)', () => {
  const objects = noSpamProxyObjects(gatewayTenant('Contoso', nspGateway(), { domains }));

  test('address-space routing: inbound and outbound connector, no rules', () => {
    expect(objects.map((o) => `${o.kind}:${o.name}`)).toEqual(['InboundConnector:[NoSpamProxy] NoSpamProxy -> ExchangeOnline', 'OutboundConnector:[NoSpamProxy] ExchangeOnline -> NoSpamProxy']);
  });

  test('inbound: Partner for every sender domain, TLS, the exclusive certificate, restricted to it, Enhanced Filtering skips the last IP', () => {
    expect(byName(objects, '[NoSpamProxy] NoSpamProxy -> ExchangeOnline')).toEqual({
      Name: '[NoSpamProxy] NoSpamProxy -> ExchangeOnline',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'Partner',
      Enabled: true,
      SenderDomains: ['*'],
      TlsSenderCertificateName: 'mail.contoso.com',
      RequireTls: true,
      RestrictDomainsToCertificate: true,
      EFSkipLastIP: true,
    });
  });

  test('outbound (address space): Partner connector for * to the NoSpamProxy smart host, validating its name', () => {
    expect(byName(objects, '[NoSpamProxy] ExchangeOnline -> NoSpamProxy')).toEqual({
      Name: '[NoSpamProxy] ExchangeOnline -> NoSpamProxy',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'Partner',
      Enabled: true,
      RecipientDomains: ['*'],
      SmartHosts: ['nsp.provider.example'],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: 'nsp.provider.example',
    });
  });

  test('outbound (transport rule): a rule-scoped connector and one rule for recipients outside the organization', () => {
    const r = noSpamProxyObjects(gatewayTenant('Contoso', nspGateway({ outboundRouting: 'transport-rule' }), { domains }));
    expect(r.map((o) => o.name)).toEqual(['[NoSpamProxy] NoSpamProxy -> ExchangeOnline', '[NoSpamProxy] ExchangeOnline -> NoSpamProxy', '[NoSpamProxy] - Route outgoing e-mails to NoSpamProxy']);
    expect(byName(r, '[NoSpamProxy] ExchangeOnline -> NoSpamProxy')).toEqual({
      Name: '[NoSpamProxy] ExchangeOnline -> NoSpamProxy',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      IsTransportRuleScoped: true,
      SmartHosts: ['nsp.provider.example'],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: 'nsp.provider.example',
    });
    expect(byName(r, '[NoSpamProxy] - Route outgoing e-mails to NoSpamProxy')).toEqual({
      Name: '[NoSpamProxy] - Route outgoing e-mails to NoSpamProxy',
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      SenderDomainIs: ['contoso.com', 'contoso.de'],
      RouteMessageOutboundConnector: '[NoSpamProxy] ExchangeOnline -> NoSpamProxy',
      SenderAddressLocation: 'Header',
      Mode: 'Enforce',
      Enabled: true,
      Comments: expect.stringContaining(MANAGED_MARKER),
    });
  });

  test('Enhanced Filtering with listed addresses: EFSkipLastIP $false and EFSkipIPs', () => {
    const r = noSpamProxyObjects(gatewayTenant('Contoso', nspGateway({ enhancedFilteringSkipIps: ['203.0.113.10', '198.51.100.0/28'] }), { domains }));
    expect(byName(r, '[NoSpamProxy] NoSpamProxy -> ExchangeOnline')).toMatchObject({ EFSkipLastIP: false, EFSkipIPs: ['203.0.113.10', '198.51.100.0/28'] });
  });

  test('without the certificate restriction (e.g. during the MX move)', () => {
    const r = noSpamProxyObjects(gatewayTenant('Contoso', nspGateway({ restrictToCertificate: false }), { domains }));
    expect(byName(r, '[NoSpamProxy] NoSpamProxy -> ExchangeOnline').RestrictDomainsToCertificate).toBe(false);
  });
});
