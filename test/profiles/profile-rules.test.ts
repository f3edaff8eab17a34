/**
 * The rules of gateway profiles (CBC050-CBC060), one test per code, and the name rules that
 * became product-aware (CBC002, CBC005, CBC014, CBC015).
 */
import { profileTraits } from '../../lib/profiles/traits';
import { FLEET_RULES, validateFleet } from '../../lib/rules';
import { FleetModel, GatewayModel, TenantModel } from '../../lib/core/fleet';
import { desiredObjectsFor } from '../../lib/profiles';
import { CustomProfileModel } from '../../lib/profiles/custom';
import { CUSTOM_LAYOUT, cloudGateway, cloudTenant, customGateway, ftapiGateway, gatewayTenant, nspGateway } from './fixtures';

function findings(tenants: TenantModel[]) {
  const gateways = new Map<string, GatewayModel>();
  for (const t of tenants) gateways.set(t.gateway.path, t.gateway);
  const fleet: FleetModel = { gateways: [...gateways.values()], tenants };
  return validateFleet({ fleet, desiredObjects: desiredObjectsFor });
}
const withCode = (code: string, tenants: TenantModel[]) => findings(tenants).filter((f) => f.code === code);
const custom = (patch: Partial<CustomProfileModel>) => customGateway({ ...CUSTOM_LAYOUT, ...patch });

describe('profile rules', () => {
  test('the new codes are CBC050-CBC060 and every one explains itself', () => {
    const codes = FLEET_RULES.map((r) => r.code).filter((c) => c >= 'CBC050' && c <= 'CBC069');
    expect(codes).toEqual(['CBC050', 'CBC051', 'CBC052', 'CBC053', 'CBC054', 'CBC055', 'CBC056', 'CBC057', 'CBC058', 'CBC059', 'CBC060']);
  });

  test('a fleet of every product has no error; SEPPmail.cloud parallel carries its attribution warning', () => {
    const fleet = [
      cloudTenant('CloudP', cloudGateway('parallel')),
      cloudTenant('CloudI', cloudGateway('inline')),
      gatewayTenant('Nsp', nspGateway()),
      gatewayTenant('Ftapi', ftapiGateway()),
      gatewayTenant('Custom', customGateway()),
    ];
    const all = findings(fleet);
    expect(all.filter((f) => f.level === 'error')).toEqual([]);
    expect(all.map((f) => f.code)).toEqual(['CBC056']);
  });

  test('CBC050 fails on a layout Exchange Online does not allow, reported once on the custom gateway', () => {
    const g = custom({ outboundConnector: { ...CUSTOM_LAYOUT.outboundConnector!, tlsSettings: 'CertificateValidation', tlsDomain: 'gw.provider.example' } });
    const f = withCode('CBC050', [gatewayTenant('Contoso', g), gatewayTenant('Fabrikam', g)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', path: 'app/stack/Custom', value: 'gw.provider.example, CertificateValidation' });
    expect(f[0].message).toContain('[outbound.tls-domain]');
  });

  test('CBC051 warns on a discouraged combination', () => {
    const g = custom({ inboundConnector: { ...CUSTOM_LAYOUT.inboundConnector!, efSkipLastIp: false, efSkipIps: ['192.168.1.10'] } });
    const f = withCode('CBC051', [gatewayTenant('Contoso', g)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'warning', value: '192.168.1.10' });
  });

  test('CBC052 fails when a declared cbcCertificateName differs from the SEPPmail.cloud name, and accepts the same name', () => {
    const g = cloudGateway('parallel');
    const wrong = cloudTenant('Contoso', g, { declaredCbcCertificateName: 'seppmail.contoso.com' });
    const f = withCode('CBC052', [wrong]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', path: wrong.path, value: 'seppmail.contoso.com' });
    expect(f[0].fix).toContain(`${wrong.tenantId}.ch.seppmail.cloud`);
    const same = cloudTenant('Fabrikam', g);
    expect(withCode('CBC052', [{ ...same, declaredCbcCertificateName: same.cbcCertificateName.toUpperCase() }])).toEqual([]);
  });

  test('CBC053 fails on RouteAllMessagesViaOnPremises without a certificate-matched OnPremises inbound connector (the seed\'s dead end)', () => {
    const deadEnd = custom({
      inboundConnector: { ...CUSTOM_LAYOUT.inboundConnector!, connectorType: 'Partner' },
      outboundConnector: { name: 'All to gateway', connectorType: 'OnPremises', recipientDomains: ['contoso.com'], routeAllMessagesViaOnPremises: true, useMxRecord: false, tlsSettings: 'DomainValidation' },
      routingRules: [],
    });
    const f = withCode('CBC053', [gatewayTenant('Contoso', deadEnd)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', value: 'All to gateway' });
    const recognised = custom({ ...deadEnd.customProfile!, inboundConnector: CUSTOM_LAYOUT.inboundConnector });
    expect(withCode('CBC053', [gatewayTenant('Contoso', recognised)])).toEqual([]);
  });

  test('CBC054 fails on a routing rule without the gateway marker exception when the mail comes back', () => {
    const noGuard = custom({ routingRules: CUSTOM_LAYOUT.routingRules.map((r) => ({ ...r, exceptIfHeaderContains: undefined })) });
    const f = withCode('CBC054', [gatewayTenant('Contoso', noGuard)]);
    // inbound: always returns; outbound: returns because the inbound connector is OnPremises (relay)
    expect(f.map((x) => x.value)).toEqual(['[GW] Route inbound', '[GW] Route outbound']);
    // with a Partner inbound connector the gateway delivers outbound mail itself: only the inbound rule loops
    const partner = custom({ ...noGuard.customProfile!, inboundConnector: { ...CUSTOM_LAYOUT.inboundConnector!, connectorType: 'Partner' } });
    expect(withCode('CBC054', [gatewayTenant('Contoso', partner)]).map((x) => x.value)).toEqual(['[GW] Route inbound']);
  });

  test('CBC055 fails on an IP-only OnPremises inbound connector of a gateway shared by two tenants', () => {
    const ipOnly = custom({ inboundConnector: { ...CUSTOM_LAYOUT.inboundConnector!, identifyByCertificate: false, senderIpAddresses: ['203.0.113.25'] } });
    expect(withCode('CBC055', [gatewayTenant('Contoso', ipOnly)])).toEqual([]);
    const f = withCode('CBC055', [gatewayTenant('Contoso', ipOnly), gatewayTenant('Fabrikam', ipOnly)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', path: 'app/stack/Custom', value: '[GW] Gateway -> ExchangeOnline' });
  });

  test('CBC056 warns once per SEPPmail.cloud parallel gateway that its certificate names are not accepted domains (MC1226222)', () => {
    const g = cloudGateway('parallel');
    const f = withCode('CBC056', [cloudTenant('Contoso', g), cloudTenant('Fabrikam', g)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'warning', path: g.path });
    expect(f[0].message).toContain('Contoso, Fabrikam');
    expect(withCode('CBC056', [cloudTenant('Contoso', cloudGateway('inline'))])).toEqual([]);
  });

  test('CBC057 warns about the tenant settings SEPPmail.cloud needs until they are confirmed', () => {
    const f = withCode('CBC057', [cloudTenant('Contoso', cloudGateway('parallel', { tenantPrerequisitesConfirmed: false }))]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('ArcTrustedSealers');
    expect(f[0].message).toContain('MarkAsSpamSpfRecordHardFail');
    const inline = withCode('CBC057', [cloudTenant('Contoso', cloudGateway('inline', { tenantPrerequisitesConfirmed: false }))]);
    expect(inline[0].message).not.toContain('MarkAsSpamSpfRecordHardFail');
    expect(withCode('CBC057', [cloudTenant('Contoso', cloudGateway('parallel'))])).toEqual([]);
  });

  test("CBC058 fails when NoSpamProxy's external client certificate matches a tenant's CBC name", () => {
    const g = nspGateway({ externalClientCertificateName: '*.contoso.com' });
    const f = withCode('CBC058', [gatewayTenant('Contoso', g), gatewayTenant('Fabrikam', g)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', path: g.path, value: '*.contoso.com' });
    expect(f[0].message).toContain("tenant 'Contoso'");
  });

  test('CBC059 warns when NoSpamProxy does not say which client certificate it presents elsewhere', () => {
    const g = nspGateway({ externalClientCertificate: 'undeclared', externalClientCertificateName: undefined });
    expect(withCode('CBC059', [gatewayTenant('Contoso', g)])).toHaveLength(1);
    expect(withCode('CBC059', [gatewayTenant('Contoso', nspGateway({ externalClientCertificate: 'none', externalClientCertificateName: undefined }))])).toEqual([]);
  });

  test('CBC060 fails when a SEPPmail.cloud tenant routes only onmicrosoft.com domains', () => {
    const t = cloudTenant('Contoso', cloudGateway('parallel'), { domains: [{ path: 'd', domain: 'contoso.onmicrosoft.com' }] });
    const f = withCode('CBC060', [t]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', path: t.path, value: 'contoso.onmicrosoft.com' });
  });
});

describe('name rules are product-aware', () => {
  test('SEPPmail.cloud: the vendor names pass CBC002, CBC005, CBC014 and CBC015', () => {
    const codes = findings([cloudTenant('Contoso', cloudGateway('parallel')), cloudTenant('Fabrikam', cloudGateway('parallel'))]).map((f) => f.code);
    for (const code of ['CBC002', 'CBC005', 'CBC014', 'CBC015']) expect(codes).not.toContain(code);
  });

  test('the same names on an appliance fail CBC005 and CBC015', () => {
    const g = { ...cloudGateway('parallel'), product: 'seppmail-appliance' as const, traits: profileTraits('seppmail-appliance'), seppmailCloud: undefined, fqdn: 'gw.ch.seppmail.cloud' };
    const t = cloudTenant('Contoso', cloudGateway('parallel'));
    const codes = findings([{ ...t, gateway: g }]).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['CBC005', 'CBC015']));
  });

  test('NoSpamProxy and FTAPI keep the name rules: a certificate outside the tenant fails CBC005', () => {
    expect(withCode('CBC005', [gatewayTenant('Contoso', nspGateway(), { cbcCertificateName: 'mail.other.example' })])).toHaveLength(1);
    expect(withCode('CBC005', [gatewayTenant('Contoso', ftapiGateway(), { cbcCertificateName: 'mail.other.example' })])).toHaveLength(1);
  });
});
