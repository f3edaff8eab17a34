import { MANAGED_MARKER, markerWithId } from '../../lib/core/exo-model';
import { stableObjectId } from '../../lib/core/desired-state';
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { inboundConnectorObject, outboundConnectorObject, routingRuleObject, customProfileObjects } from '../../lib/profiles/custom';
import { CUSTOM_LAYOUT, customGateway, gatewayTenant } from './fixtures';

describe('typed parts', () => {
  test('a parameter left undefined is not emitted; false is', () => {
    const o = inboundConnectorObject({ name: 'In', comment: 'c', connectorType: 'Partner', enabled: true, senderDomains: ['*'], restrictDomainsToIpAddresses: false });
    expect(o.parameters).toEqual({ Name: 'In', Comment: `c ${markerWithId(MANAGED_MARKER, stableObjectId('InboundConnector', 'In'))}`, ConnectorSource: 'Default', ConnectorType: 'Partner', Enabled: true, SenderDomains: ['*'], RestrictDomainsToIPAddresses: false });
  });

  test('every part parameter binds against New-<kind> in the catalogue', () => {
    const objects = [
      inboundConnectorObject({ name: 'In', comment: 'c', connectorType: 'OnPremises', enabled: true, senderDomains: ['*'], tlsSenderCertificateName: 'mail.contoso.com', senderIpAddresses: ['203.0.113.1'], requireTls: true, restrictDomainsToCertificate: true, restrictDomainsToIpAddresses: false, cloudServicesMailEnabled: false, treatMessagesAsInternal: false, efSkipLastIp: false, efSkipIps: ['203.0.113.1'] }),
      outboundConnectorObject({ name: 'Out', comment: 'c', connectorType: 'OnPremises', enabled: true, recipientDomains: ['contoso.com'], isTransportRuleScoped: false, smartHosts: ['gw.example'], useMxRecord: false, tlsSettings: 'DomainValidation', tlsDomain: 'gw.example', cloudServicesMailEnabled: false, routeAllMessagesViaOnPremises: false, allAcceptedDomains: false, senderRewritingEnabled: false }),
      routingRuleObject({
        name: 'R', comment: 'c', enabled: true, fromScope: 'InOrganization', sentToScope: 'NotInOrganization', recipientDomainIs: ['a.com'], senderDomainIs: ['a.com'],
        headerContains: { header: 'content-type', values: ['multipart/signed'] }, subjectContainsWords: ['x'], subjectOrBodyContainsWords: ['y'],
        exceptIfHeaderContains: { header: 'X-A', values: ['yes'] }, exceptIfHeaderMatches: { header: 'X-B', values: ['yes'] }, exceptIfMessageTypeMatches: 'OOF', exceptIfSclOver: 5,
        routeMessageOutboundConnector: 'Out', setHeaderName: 'X-C', setHeaderValue: 'v', removeHeader: 'X-D', senderAddressLocation: 'HeaderOrEnvelope', stopRuleProcessing: true, setAuditSeverity: 'Low', mode: 'Enforce',
      }),
    ];
    for (const o of objects) {
      const spec = EXO_CATALOGUE[`New-${o.kind}`];
      for (const name of Object.keys(o.parameters)) expect({ name, known: spec.parameters[name] !== undefined }).toEqual({ name, known: true });
    }
  });
});

describe('custom profile', () => {
  const objects = customProfileObjects(gatewayTenant('Contoso', customGateway(), { domains: [{ path: 'd', domain: 'contoso.com' }] }));

  test('inbound, outbound, then the rules in order, filled in per tenant', () => {
    expect(objects.map((o) => o.name)).toEqual(['[GW] Gateway -> ExchangeOnline', '[GW] ExchangeOnline -> Gateway', '[GW] Route inbound', '[GW] Route outbound']);
    expect(objects[0].parameters).toMatchObject({ ConnectorType: 'OnPremises', TlsSenderCertificateName: 'mail.contoso.com', RequireTls: true, EFSkipLastIP: true });
    expect(objects[1].parameters).toMatchObject({ SmartHosts: ['gw.provider.example'], TlsDomain: 'gw.provider.example', UseMXRecord: false });
    expect(objects[2].parameters).toMatchObject({ FromScope: 'NotInOrganization', SentToScope: 'InOrganization', RecipientDomainIs: ['contoso.com'], RouteMessageOutboundConnector: '[GW] ExchangeOnline -> Gateway', ExceptIfHeaderContainsMessageHeader: 'X-GW-processed' });
    expect(objects[3].parameters).toMatchObject({ FromScope: 'InOrganization', SenderDomainIs: ['contoso.com'], ExceptIfMessageTypeMatches: 'OOF' });
  });

  test('identified by IP only: no TlsSenderCertificateName', () => {
    const ipOnly = customProfileObjects(gatewayTenant('Contoso', customGateway({ ...CUSTOM_LAYOUT, inboundConnector: { ...CUSTOM_LAYOUT.inboundConnector!, identifyByCertificate: false, senderIpAddresses: ['203.0.113.9'] } })));
    expect(ipOnly[0].parameters).not.toHaveProperty('TlsSenderCertificateName');
    expect(ipOnly[0].parameters.SenderIPAddresses).toEqual(['203.0.113.9']);
  });

  test('unscoped rules and rules that only set headers', () => {
    const r = customProfileObjects(gatewayTenant('Contoso', customGateway({ ...CUSTOM_LAYOUT, routingRules: [{ name: 'Tag', direction: 'inbound', scopeToManagedDomains: false, routeToGateway: false, setHeaderName: 'X-Seen', setHeaderValue: '1' }] })));
    expect(r[2].parameters).not.toHaveProperty('RecipientDomainIs');
    expect(r[2].parameters).not.toHaveProperty('RouteMessageOutboundConnector');
    expect(r[2].parameters).toMatchObject({ SetHeaderName: 'X-Seen', SetHeaderValue: '1' });
  });
});
