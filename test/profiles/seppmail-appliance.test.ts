import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { seppmailApplianceObjects } from '../../lib/profiles/seppmail-appliance';
import { tenant } from '../helpers/fleet-fixtures';

function byName(objects: ReturnType<typeof seppmailApplianceObjects>, name: string) {
  const o = objects.find((x) => x.name === name);
  if (!o) throw new Error(`no object ${name}; have ${objects.map((x) => x.name).join(', ')}`);
  return o.parameters;
}

describe('SEPPmail appliance profile (SEPPmail365 1.3.0 parameter sets)', () => {
  const t = tenant('Contoso', { domains: [{ path: 'd1', domain: 'Contoso.com' }, { path: 'd2', domain: 'contoso.ch' }] });
  const objects = seppmailApplianceObjects(t);

  test('objects come in creation order: inbound, outbound, rules 100..600', () => {
    expect(objects.map((o) => `${o.kind}:${o.name}`)).toEqual([
      'InboundConnector:[SEPPmail] Appliance -> ExchangeOnline',
      'OutboundConnector:[SEPPmail] ExchangeOnline -> Appliance',
      'TransportRule:[SEPPmail] - 100 Route incoming e-mails to SEPPmail',
      'TransportRule:[SEPPmail] - 110 Route incoming PGP e-mails to SEPPmail',
      'TransportRule:[SEPPmail] - 120 Route incoming tagged e-mails to SEPPmail',
      'TransportRule:[SEPPmail] - 200 Route outgoing e-mails to SEPPmail',
      'TransportRule:[SEPPmail] - 300 Clean outbound SEPPmail header decrypted',
      'TransportRule:[SEPPmail] - 400 Clean outbound SEPPmail header encrypted',
      'TransportRule:[SEPPmail] - 500 Clean outbound SEPPmail header outgoing',
      'TransportRule:[SEPPmail] - 600 Clean outbound SEPPmail header smarthost',
    ]);
  });

  test('inbound connector: OnPremises, identified by the tenant certificate name', () => {
    const p = byName(objects, '[SEPPmail] Appliance -> ExchangeOnline');
    expect(p).toEqual({
      Name: '[SEPPmail] Appliance -> ExchangeOnline',
      Comment: expect.stringContaining(MANAGED_MARKER),
      CloudServicesMailEnabled: false,
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      EFSkipLastIP: true,
      RequireTls: true,
      SenderDomains: ['*'],
      TlsSenderCertificateName: 'seppmail.contoso.com',
    });
  });

  test('outbound connector: rule-scoped, smart host with DomainValidation on the gateway certificate', () => {
    const p = byName(objects, '[SEPPmail] ExchangeOnline -> Appliance');
    expect(p).toEqual({
      Name: '[SEPPmail] ExchangeOnline -> Appliance',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      IsTransportRuleScoped: true,
      CloudServicesMailEnabled: false,
      SmartHosts: ['securemail.provider.example'],
      TlsDomain: '*.provider.example',
      TlsSettings: 'DomainValidation',
      UseMXRecord: false,
      Enabled: true,
    });
  });

  test('rule 100 routes inbound crypto content of the managed domains, excepting the gateway markers', () => {
    const p = byName(objects, '[SEPPmail] - 100 Route incoming e-mails to SEPPmail');
    expect(p).toMatchObject({
      FromScope: 'NotInOrganization',
      SentToScope: 'InOrganization',
      RecipientDomainIs: ['contoso.com', 'contoso.ch'],
      HeaderContainsMessageHeader: 'content-type',
      ExceptIfHeaderMatchesMessageHeader: 'X-SM-internal',
      ExceptIfHeaderMatchesPatterns: ['yes'],
      ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming',
      ExceptIfHeaderContainsWords: ['yes'],
      ExceptIfSCLOver: 5,
      RouteMessageOutboundConnector: '[SEPPmail] ExchangeOnline -> Appliance',
      SetHeaderName: 'X-SM-maildirection',
      SetHeaderValue: 'inbound',
      SenderAddressLocation: 'HeaderOrEnvelope',
      StopRuleProcessing: true,
      SetAuditSeverity: 'Low',
      Mode: 'Enforce',
      Enabled: true,
    });
    expect(p.HeaderContainsWords).toContain('application/pkcs7-mime');
    expect(p.HeaderContainsWords).toHaveLength(9);
  });

  test('rule 200 routes outbound mail of the managed domains, excepting OOF and the gateway markers', () => {
    const p = byName(objects, '[SEPPmail] - 200 Route outgoing e-mails to SEPPmail');
    expect(p).toMatchObject({
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      SenderDomainIs: ['contoso.com', 'contoso.ch'],
      ExceptIfHeaderContainsMessageHeader: 'X-SM-outgoing',
      ExceptIfMessageTypeMatches: 'OOF',
      ExceptIfSCLOver: 9,
      SetHeaderValue: 'outbound',
      SenderAddressLocation: 'Header',
    });
    expect(p.StopRuleProcessing).toBeUndefined();
  });

  test('header cleaning rules remove one gateway header each on the way out', () => {
    expect(byName(objects, '[SEPPmail] - 300 Clean outbound SEPPmail header decrypted')).toMatchObject({ FromScope: 'InOrganization', SentToScope: 'NotInOrganization', RemoveHeader: 'X-SM-decrypted' });
    expect(byName(objects, '[SEPPmail] - 600 Clean outbound SEPPmail header smarthost').RemoveHeader).toBe('X-SM-smarthost');
  });

  test('every object carries the managed marker in its comment', () => {
    for (const o of objects) {
      expect(String(o.parameters.Comment ?? o.parameters.Comments)).toContain(MANAGED_MARKER);
    }
  });

  test('options: staged rollout, all content, threshold and names', () => {
    const custom = seppmailApplianceObjects(
      tenant('Contoso', {
        connector: { path: 'c', rulesEnabled: false, rulePlacement: 'Bottom', cryptoContentOnly: false, sclInboundThreshold: 6, connectorsEnabled: true, restrictDomainsToCertificate: true, ruleNamePrefix: '[GW] ', outboundConnectorName: 'To GW' },
      }),
    );
    const names = custom.map((o) => o.name);
    expect(names).not.toContain('[GW] 110 Route incoming PGP e-mails to SEPPmail');
    const r100 = byName(custom, '[GW] 100 Route incoming e-mails to SEPPmail');
    expect(r100).toMatchObject({ Enabled: false, ExceptIfSCLOver: 6, RouteMessageOutboundConnector: 'To GW' });
    expect(r100.HeaderContainsMessageHeader).toBeUndefined();
    expect(byName(custom, '[SEPPmail] Appliance -> ExchangeOnline').RestrictDomainsToCertificate).toBe(true);
  });

  test('marker headers come from the gateway, not constants', () => {
    const gw = { ...t.gateway, markers: { ...t.gateway.markers, incoming: { name: 'X-GW-in', value: '1' } } };
    const r100 = byName(seppmailApplianceObjects(tenant('Contoso', { gateway: gw })), '[SEPPmail] - 100 Route incoming e-mails to SEPPmail');
    expect(r100).toMatchObject({ ExceptIfHeaderContainsMessageHeader: 'X-GW-in', ExceptIfHeaderContainsWords: ['1'] });
  });
});

describe('every parameter the profile can emit is a real cmdlet parameter', () => {
  const { EXO_CATALOGUE } = require('../../lib/core/exo-catalogue');
  const variants = [
    tenant('Contoso'),
    tenant('Fabrikam', { connector: { path: 'c', rulesEnabled: false, rulePlacement: 'Bottom', cryptoContentOnly: false, sclInboundThreshold: -1, connectorsEnabled: false, restrictDomainsToCertificate: true } }),
  ];
  test.each(variants.map((t) => [t.name, t]))('%s: New-<kind> binds every parameter, with allowed values', (_n, t) => {
    for (const o of seppmailApplianceObjects(t as any)) {
      const spec = EXO_CATALOGUE[`New-${o.kind}`];
      for (const [name, value] of Object.entries(o.parameters)) {
        const p = spec.parameters[name];
        expect({ cmdlet: spec.cmdlet, name, known: p !== undefined }).toEqual({ cmdlet: spec.cmdlet, name, known: true });
        if (p.type === 'Enum') expect(p.values.map((v: string) => v.toLowerCase())).toContain(String(value).toLowerCase());
        if (p.type === 'Boolean') expect(typeof value).toBe('boolean');
        if (p.type === 'MultiValued') expect(Array.isArray(value)).toBe(true);
        if (p.maxLength !== undefined) expect(String(value).length).toBeLessThanOrEqual(p.maxLength);
      }
      for (const r of spec.required) expect(Object.keys(o.parameters)).toContain(r);
    }
  });
});
