import { Testing, TerraformStack } from 'cdktf';
import {
  CbcConnector,
  ConnectorType,
  ExchangeAccess,
  GatewayProfile,
  MailGateway,
  MailGatewayProps,
  RoutingDirection,
  RulePlacement,
  SeppmailCloudRegion,
  SeppmailCloudRouting,
  TenantGateway,
} from '../../lib';
import { CustomGatewayStack } from '../../examples/custom-gateway/fleet';
import { FtapiMspStack } from '../../examples/ftapi-msp/fleet';
import { NoSpamProxyMspStack } from '../../examples/nospamproxy-msp/fleet';
import { CLOUD_TENANTS, SeppmailCloudMspStack } from '../../examples/seppmail-cloud-msp/fleet';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { convergeDocument, synthWithAnnotations } from '../helpers/synth';

const APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
const access = ExchangeAccess.certificateFromEnvironment(APP_ID, 'EXO_CERT');
const cloud = { region: SeppmailCloudRegion.CH, routing: SeppmailCloudRouting.PARALLEL };

function gateway(props: MailGatewayProps) {
  const stack = new TerraformStack(Testing.app(), 'msp');
  return new MailGateway(stack, 'Gw', props);
}

function doc(json: any, tenant: string) {
  return convergeDocument(json, tenant);
}

describe('MailGateway product options', () => {
  test.each<[string, MailGatewayProps, RegExp]>([
    ['SEPPmail.cloud without its options (an untyped caller)', { profile: GatewayProfile.seppmailCloud(undefined as any) }, /GatewayProfile\.seppmailCloud needs options\. Give GatewayProfile\.seppmailCloud\(\{ region/],
    ['a custom profile without options (an untyped caller)', { profile: GatewayProfile.custom(undefined as any), fqdn: 'gw.provider.example' }, /GatewayProfile\.custom needs options/],
    ['inboundOnly with parallel routing', { profile: GatewayProfile.seppmailCloud({ ...cloud, inboundOnly: true }) }, /inboundOnly is set with parallel routing/],
    ['an fqdn for SEPPmail.cloud', { profile: GatewayProfile.seppmailCloud(cloud), fqdn: 'securemail.provider.example' }, /smart hosts are derived per tenant.*Leave fqdn out/],
    ['another certificate name for SEPPmail.cloud', { profile: GatewayProfile.seppmailCloud(cloud), tlsCertificateName: '*.de.seppmail.cloud' }, /differs from the certificate of SEPPmail.cloud region ch/],
    ['no fqdn for FTAPI', { profile: GatewayProfile.ftapi() }, /fqdn is required for product ftapi/],
    ['both external certificate settings for NoSpamProxy', { profile: GatewayProfile.noSpamProxy({ externalClientCertificateName: 'nsp.provider.example', presentsNoExternalClientCertificate: true }), fqdn: 'nsp.provider.example' }, /sets both externalClientCertificateName and presentsNoExternalClientCertificate/],
    ['a NoSpamProxy skip entry that is no address', { profile: GatewayProfile.noSpamProxy({ enhancedFilteringSkipIps: ['203.0.113.7', '300.1.1.1'] }), fqdn: 'nsp.provider.example' }, /enhancedFilteringSkipIps '300\.1\.1\.1' is not usable: not an IP address, a range a-b or a CIDR range\. List the public addresses/],
    ['a custom skip entry that is no address', { profile: GatewayProfile.custom({ inboundConnector: { name: 'In', connectorType: ConnectorType.ON_PREMISES, identifyByCertificate: true, efSkipLastIp: false, efSkipIps: ['gw.provider.example'] } }), fqdn: 'gw.provider.example' }, /inboundConnector\.efSkipIps 'gw\.provider\.example' is not usable/],
    ['a custom profile without connectors', { profile: GatewayProfile.custom({}), fqdn: 'gw.provider.example' }, /declares neither an inbound nor an outbound connector/],
    ['a custom rule routing to a missing outbound connector', { profile: GatewayProfile.custom({ inboundConnector: { name: 'In', connectorType: ConnectorType.PARTNER }, routingRules: [{ name: 'R', direction: RoutingDirection.INBOUND }] }), fqdn: 'gw.provider.example' }, /routes to the gateway, but the profile has no outboundConnector/],
    ['a custom IP smart host', { profile: GatewayProfile.custom({ outboundConnector: { name: 'Out', connectorType: ConnectorType.PARTNER, recipientDomains: ['*'], smartHosts: ['192.0.2.1'] } }), fqdn: 'gw.provider.example' }, /smartHosts '192.0.2.1' is not usable: it is an IP address/],
  ])('throws, naming the path and the fix, for %s', (_what, props, message) => {
    expect(() => gateway(props)).toThrow(/MailGateway at msp\/Gw: /);
    expect(() => gateway(props)).toThrow(message);
  });

  test('SEPPmail.cloud derives the fqdn and certificate name of the routing mode and region', () => {
    const g = gateway({ profile: GatewayProfile.seppmailCloud({ region: SeppmailCloudRegion.DE, routing: SeppmailCloudRouting.INLINE }) });
    expect([g.fqdn, g.tlsCertificateName]).toEqual(['relay.seppmail.cloud', '*.de.seppmail.cloud']);
    expect(gateway({ profile: GatewayProfile.seppmailCloud(cloud), fqdn: 'MAIL.seppmail.cloud' }).fqdn).toBe('mail.seppmail.cloud');
  });
});

describe('TenantGateway on the new products', () => {
  test('cbcCertificateName is required except for SEPPmail.cloud, which derives it', () => {
    const stack = new TerraformStack(Testing.app(), 'msp');
    const nsp = new MailGateway(stack, 'Nsp', { profile: GatewayProfile.noSpamProxy(), fqdn: 'nsp.provider.example' });
    expect(() => new TenantGateway(stack, 'Contoso', { gateway: nsp, tenantId: CLOUD_TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', access })).toThrow(/TenantGateway at msp\/Contoso: cbcCertificateName is required for a nospamproxy gateway/);
    const sc = new MailGateway(stack, 'Cloud', { profile: GatewayProfile.seppmailCloud(cloud) });
    const t = new TenantGateway(stack, 'Fabrikam', { gateway: sc, tenantId: '0A9B8C7D-6E5F-4A3B-8C2D-1E0F9A8B7C02', initialDomain: 'fabrikam.onmicrosoft.com', access });
    expect(t.cbcCertificateName).toBe('0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02.ch.seppmail.cloud');
  });

  test('SEPPmail.cloud holds the tenant certificates: a cbcCertificate file throws', () => {
    const stack = new TerraformStack(Testing.app(), 'msp');
    const sc = new MailGateway(stack, 'Cloud', { profile: GatewayProfile.seppmailCloud(cloud) });
    const { CertificateSource } = require('../../lib');
    expect(() => new TenantGateway(stack, 'Contoso', { gateway: sc, tenantId: CLOUD_TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', cbcCertificate: CertificateSource.fromPemFile('x.pem'), access })).toThrow(/presents its own certificate/);
  });

  test('a declared SEPPmail.cloud name that differs fails synth with CBC052', () => {
    const stack = new TerraformStack(Testing.app(), 'msp');
    const sc = new MailGateway(stack, 'Cloud', { profile: GatewayProfile.seppmailCloud({ ...cloud, tenantPrerequisitesConfirmed: true }) });
    const t = new TenantGateway(stack, 'Contoso', { gateway: sc, tenantId: CLOUD_TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', access });
    t.addManagedDomain('D', { domain: 'contoso.com' });
    const { errors } = synthWithAnnotations(stack);
    expect(errors).toEqual([expect.stringContaining('CBC052: tenant \'Contoso\' declares the certificate name \'seppmail.contoso.com\'')]);
  });
});

describe('the examples of the new profiles synthesize', () => {
  test('SEPPmail.cloud: parallel tenants get Bottom placement unless their CbcConnector says; inline asks converge to check every accepted domain', () => {
    const { json, errors, warnings } = synthWithAnnotations(new SeppmailCloudMspStack(Testing.app(), 'msp'));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('CBC056: the OnPremises inbound connectors of 2 tenant(s) (Contoso, Fabrikam)')]);
    const contoso = doc(json, 'Contoso');
    expect(contoso.rulePlacement).toBe('Bottom');
    expect(contoso).not.toHaveProperty('requireAllAcceptedDomainsManaged');
    expect(contoso.objects[0].parameters.TlsSenderCertificateName).toBe(`${CLOUD_TENANTS[0].tenantId}.ch.seppmail.cloud`);
    expect(contoso.objects[1].parameters.SmartHosts).toEqual(['contoso-com.mail.seppmail.cloud']);
    expect(doc(json, 'Fabrikam').rulePlacement).toBe('Top');
    const tailspin = doc(json, 'Tailspin');
    expect(tailspin.requireAllAcceptedDomainsManaged).toBe(true);
    expect(tailspin.objects.map((o: any) => o.name)).toEqual(['[SEPPmail.cloud] Inbound-InLine', '[SEPPmail.cloud] Outbound-InLine', '[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail']);
  });

  test('a CbcConnector without rulePlacement keeps SEPPmail.cloud\'s Bottom', () => {
    const stack = new TerraformStack(Testing.app(), 'msp');
    const sc = new MailGateway(stack, 'Cloud', { profile: GatewayProfile.seppmailCloud({ ...cloud, tenantPrerequisitesConfirmed: true }) });
    const t = new TenantGateway(stack, 'Contoso', { gateway: sc, tenantId: CLOUD_TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', access });
    t.addManagedDomain('D', { domain: 'contoso.com' });
    new CbcConnector(t, 'Connector', { tenant: t, rulesEnabled: false });
    const { json } = synthWithAnnotations(stack);
    expect(doc(json, 'Contoso').rulePlacement).toBe('Bottom');
    expect(RulePlacement.BOTTOM).toBe('Bottom');
  });

  test('NoSpamProxy: no finding; restricted tenants ask converge to check every accepted domain', () => {
    const { json, errors, warnings } = synthWithAnnotations(new NoSpamProxyMspStack(Testing.app(), 'msp'));
    expect([...errors, ...warnings]).toEqual([]);
    const contoso = doc(json, 'Contoso');
    expect(contoso.requireAllAcceptedDomainsManaged).toBe(true);
    expect(contoso.objects[0].parameters).toMatchObject({ ConnectorType: 'Partner', EFSkipLastIP: false, EFSkipIPs: ['203.0.113.10', '203.0.113.11'], TlsSenderCertificateName: 'nsp.contoso.com' });
    expect(doc(json, 'Northwind').objects.map((o: any) => o.kind)).toEqual(['InboundConnector', 'OutboundConnector', 'TransportRule']);
  });

  test('FTAPI: no finding, and the gateway-side tls-policy lines as an output', () => {
    const { json, errors, warnings } = synthWithAnnotations(new FtapiMspStack(Testing.app(), 'msp'));
    expect([...errors, ...warnings]).toEqual([]);
    const outputs = Object.entries(json.output ?? {}).filter(([k]) => k.includes('FtapiTlsPolicy'));
    expect(outputs).toHaveLength(1);
    expect((outputs[0][1] as any).value).toEqual([
      '[contoso-com.mail.protection.outlook.com]:25 verify match=mail.protection.outlook.com',
      '[fabrikam-com.mail.protection.outlook.com]:25 verify match=mail.protection.outlook.com',
      '[fabrikam-de.mail.protection.outlook.com]:25 verify match=mail.protection.outlook.com',
    ]);
    expect(doc(json, 'Contoso')).not.toHaveProperty('requireAllAcceptedDomainsManaged');
  });

  test('custom: the parts become the declared objects, with no finding', () => {
    const { json, errors, warnings } = synthWithAnnotations(new CustomGatewayStack(Testing.app(), 'msp'));
    expect([...errors, ...warnings]).toEqual([]);
    const d = doc(json, 'Fabrikam');
    expect(d.objects.map((o: any) => o.name)).toEqual(['[Acme] Gateway -> ExchangeOnline', '[Acme] ExchangeOnline -> Gateway', '[Acme] Route inbound to the gateway', '[Acme] Route outbound to the gateway']);
    expect(d.objects[0].parameters).toMatchObject({ ConnectorType: 'OnPremises', TlsSenderCertificateName: 'acme.fabrikam.com', SenderDomains: ['*'], RequireTls: true, EFSkipLastIP: true });
    expect(d.objects[1].parameters).toMatchObject({ IsTransportRuleScoped: true, SmartHosts: ['filter.acme-gateway.example'], UseMXRecord: false, TlsSettings: 'DomainValidation', TlsDomain: 'filter.acme-gateway.example' });
    expect(d.objects[2].parameters).toMatchObject({ FromScope: 'NotInOrganization', RecipientDomainIs: ['fabrikam.com'], ExceptIfHeaderContainsMessageHeader: 'X-Acme-Processed', ExceptIfSCLOver: 5, SenderAddressLocation: 'HeaderOrEnvelope', StopRuleProcessing: true, RouteMessageOutboundConnector: '[Acme] ExchangeOnline -> Gateway' });
    expect(d.objects[3].parameters).toMatchObject({ SentToScope: 'NotInOrganization', SenderDomainIs: ['fabrikam.com'], ExceptIfMessageTypeMatches: 'OOF' });
  });

  test('the SEPPmail appliance documents are unchanged: Top placement, no accepted-domain check', () => {
    const { json } = synthWithAnnotations(new SeppmailMspStack(Testing.app(), 'msp'));
    const d = doc(json, 'Contoso');
    expect(d.rulePlacement).toBe('Top');
    expect(d).not.toHaveProperty('requireAllAcceptedDomainsManaged');
  });
});
