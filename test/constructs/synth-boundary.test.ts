/**
 * What reaches the synthesized stack is what was validated, in its normal form: a rule that
 * throws fails synth, names are emitted lower-case, without trailing dot and in ASCII (xn--)
 * form, a construct added after validation is refused, and values an untyped caller can pass
 * (bogus enum members, out-of-range numbers, empty marker values) are coded findings.
 */
import { Aspects, IAspect, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { POSTFIX_TENANTS, PostfixMspStack } from '../../examples/postfix-msp/fleet';
import { SeppmailMspStack, TENANTS } from '../../examples/seppmail-msp/fleet';
import { CbcConnector, ConnectorType, CustomProfileOptions, ExchangeAccess, GatewayProfile, MailGateway, MailGatewayProps, PostfixDeployment, RoutingDirection, TenantGateway } from '../../lib';
import { GatewayFqdn } from '../../lib/core/rules/gateway-fqdn';
import { convergeDocument, synthWithAnnotations } from '../helpers/synth';

const APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
const ACCESS = ExchangeAccess.certificateFile(APP_ID, '/x.pfx');

function doc(json: any, tenant: string) {
  return convergeDocument(json, tenant);
}

function objectNamed(d: any, name: RegExp) {
  return d.objects.find((o: any) => name.test(o.name));
}

/** One gateway and one tenant in a fresh stack. */
function single(gatewayProps: Partial<MailGatewayProps> = {}, domains = ['contoso.com'], tenantName = 'seppmail.contoso.com') {
  const app = Testing.app();
  const stack = new TerraformStack(app, 's');
  const gateway = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example', ...gatewayProps } as MailGatewayProps);
  const tenant = new TenantGateway(stack, 'Contoso', { gateway, tenantId: TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: tenantName, access: ACCESS });
  domains.forEach((domain, i) => tenant.addManagedDomain(`D${i}`, { domain }));
  return { app, stack, gateway, tenant };
}

const CUSTOM: CustomProfileOptions = {
  inboundConnector: { name: '[Acme] In', connectorType: ConnectorType.ON_PREMISES },
  outboundConnector: { name: '[Acme] Out', connectorType: ConnectorType.ON_PREMISES, transportRuleScoped: true },
  routingRules: [{ name: '[Acme] Route inbound', direction: RoutingDirection.INBOUND, exceptIfHeaderContainsName: 'X-Acme-Processed', exceptIfHeaderContainsWords: ['yes'] }],
};

function errorsOf(stack: TerraformStack): string[] {
  return synthWithAnnotations(stack).errors;
}

describe('a rule that throws (CBC000)', () => {
  afterEach(() => jest.restoreAllMocks());

  test('fails synth with CBC000 on the stack, naming the rule and its error', () => {
    jest.spyOn(GatewayFqdn, 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    const stack = new SeppmailMspStack(Testing.app(), 'msp');
    const errors = errorsOf(stack);
    expect(errors).toEqual([expect.stringMatching(/^\[msp\] CBC000: rule CBC001 could not be evaluated: boom .*Fix: report this as a bug/)]);
  });

  test('a finding whose path is no construct of any stack is reported on every stack, as an error', () => {
    jest.spyOn(GatewayFqdn, 'check').mockImplementation((_ctx, report) => report('gone/Gw', 'lost', 'f', 'x', 'warning'));
    const app = Testing.app();
    const a = new SeppmailMspStack(app, 'a', [TENANTS[0]]);
    const b = new SeppmailMspStack(app, 'b', [TENANTS[1]]);
    expect(errorsOf(a)).toEqual([expect.stringMatching(/^\[a\] CBC001: lost .*\[gone\/Gw\]/)]);
    expect(errorsOf(b)).toEqual([expect.stringMatching(/^\[b\] CBC001: lost/)]);
  });
});

describe('names are normalised once and emitted in their normal form', () => {
  test('mixed case and a trailing dot reach no Exchange parameter', () => {
    const { stack, gateway, tenant } = single({ fqdn: 'SecureMail.Provider.Example.', tlsCertificateName: '*.Provider.EXAMPLE.' }, ['Contoso.COM.', 'contoso.CH'], 'SEPPmail.Contoso.com.');
    const { json, errors } = synthWithAnnotations(stack);
    expect(errors).toEqual([]);
    expect(gateway.fqdn).toBe('securemail.provider.example');
    expect(tenant.cbcCertificateName).toBe('seppmail.contoso.com');
    expect(tenant.managedDomains).toEqual(['contoso.com', 'contoso.ch']);
    const d = doc(json, 'Contoso');
    const outbound = objectNamed(d, /ExchangeOnline -> Appliance/);
    expect(outbound.parameters).toMatchObject({ SmartHosts: ['securemail.provider.example'], TlsDomain: '*.provider.example' });
    expect(objectNamed(d, /Appliance -> ExchangeOnline/).parameters.TlsSenderCertificateName).toBe('seppmail.contoso.com');
    const text = JSON.stringify(d);
    expect(text).not.toMatch(/Contoso\.COM|contoso\.CH|SecureMail|Provider\.EXAMPLE|SEPPmail\.Contoso/);
    expect(text).not.toMatch(/\.(com|ch|example)\.["\]]/);
  });

  test('the gateway files carry the normal form too', () => {
    const tenants = POSTFIX_TENANTS.map((t, i) => (i === 0 ? { ...t, domains: t.domains.map((x) => `${x.toUpperCase()}.`) } : t));
    const stack = new PostfixMspStack(Testing.app(), 'pf', { tenants, deployment: PostfixDeployment.files({ outputDir: '/srv/gateway-files' }) });
    const gwdoc = stack.gateway._gatewayDocument() as any;
    const first = gwdoc.tenants.find((t: any) => t.name === POSTFIX_TENANTS[0].id);
    expect(first.managedDomains).toEqual(POSTFIX_TENANTS[0].domains.map((x) => x.toLowerCase()));
  });
});

describe('internationalised domain names', () => {
  test('are accepted and emitted in ASCII (xn--) form', () => {
    const { stack, tenant } = single({ fqdn: 'mail.Provider.example', tlsCertificateName: '*.provider.example' }, ['Bücher.Example', 'contoso.com'], 'seppmail.bücher.example');
    const { json, errors } = synthWithAnnotations(stack);
    expect(errors).toEqual([]);
    expect(tenant.managedDomains).toEqual(['xn--bcher-kva.example', 'contoso.com']);
    expect(tenant.cbcCertificateName).toBe('seppmail.xn--bcher-kva.example');
    const d = doc(json, 'Contoso');
    expect(JSON.stringify(d)).not.toMatch(/ü/);
    expect(JSON.stringify(d)).toContain('xn--bcher-kva.example');
  });

  test('are shown in Unicode with their ASCII form in messages', () => {
    const app = Testing.app();
    const stack = new SeppmailMspStack(app, 'msp');
    stack.tenants[0].addManagedDomain('Idn', { domain: 'bücher.example' });
    stack.tenants[1].addManagedDomain('Idn', { domain: 'BÜCHER.example.' });
    const errors = errorsOf(stack);
    expect(errors).toEqual([expect.stringContaining("CBC003: managed domain 'bücher.example (xn--bcher-kva.example)' is declared in tenant 'Contoso' and in tenant 'Fabrikam'")]);
  });

  test.each([
    ['invalid punycode', 'xn--zz.example'],
    ['a joiner where none may stand', 'a\u200db.example'],
    ['a label of symbols only', '\u2764\ufe0f.example.com'.replace('\ufe0f', '\u0378')],
  ])('that are invalid (%s) are a coded finding', (_what, domain) => {
    const { stack } = single({}, ['contoso.com', domain]);
    const errors = errorsOf(stack);
    expect(errors).toEqual([expect.stringMatching(/^\[s\/Contoso\/D1\] CBC007: managed domain .* is malformed: .*internationali[sz]ed/)]);
  });
});

describe('a construct added after validation', () => {
  test("an Aspect that adds another tenant's domain fails synth with CBC016 instead of synthesizing it unvalidated", () => {
    const app = Testing.app();
    const stack = new SeppmailMspStack(app, 'msp');
    const fabrikam = stack.tenants[1];
    let added = false;
    const late: IAspect = {
      visit(node: IConstruct) {
        if (node === fabrikam && !added) {
          added = true;
          fabrikam.addManagedDomain('Late', { domain: 'contoso.com' });
        }
      },
    };
    Aspects.of(stack).add(late);
    expect(() => Testing.synth(stack)).toThrow(/CBC016: tenant 'Fabrikam' changed after the fleet was validated.*msp\/Fabrikam\/Late.*Fix:/s);
    expect(added).toBe(true);
  });

  test('a tenant added by an Aspect fails synth with CBC016', () => {
    const app = Testing.app();
    const stack = new SeppmailMspStack(app, 'msp', [TENANTS[0]]);
    let added = false;
    Aspects.of(stack).add({
      visit(node: IConstruct) {
        if (node === stack.tenants[0] && !added) {
          added = true;
          const late = new TenantGateway(stack, 'Late', { gateway: stack.tenants[0].gateway, tenantId: TENANTS[1].tenantId, initialDomain: 'late.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', access: ACCESS });
          late.addManagedDomain('D', { domain: 'contoso.com' });
        }
      },
    });
    expect(() => Testing.synth(stack)).toThrow(/CBC016: tenant 'Late' changed after the fleet was validated \(added after validation: msp\/Late\)/);
  });

  test("an Aspect of a later stack that adds a domain to a tenant of a stack already written fails synth with CBC016", () => {
    const app = Testing.app();
    const a = new SeppmailMspStack(app, 'a', [TENANTS[0]]);
    const b = new SeppmailMspStack(app, 'b', [TENANTS[1]]);
    let added = false;
    Aspects.of(b).add({
      visit(node: IConstruct) {
        if (node === b.tenants[0] && !added) {
          added = true;
          a.tenants[0].addManagedDomain('Late', { domain: 'fabrikam.com' });
        }
      },
    });
    expect(() => app.synth()).toThrow(/CBC016: the fleet changed after it was validated \(added or changed: a\/Contoso\/Late\).*Fix: .*\[b\]/s);
    expect(added).toBe(true);
  });

  test('constructs outside the fleet added by an Aspect do not stop synth', () => {
    const app = Testing.app();
    const stack = new SeppmailMspStack(app, 'msp');
    let added = false;
    Aspects.of(stack).add({
      visit(node: IConstruct) {
        if (node === stack.tenants[0] && !added) {
          added = true;
          new TerraformOutput(stack, 'Extra', { value: 'x' });
        }
      },
    });
    expect(synthWithAnnotations(stack).errors).toEqual([]);
    expect(added).toBe(true);
  });

  test('an unchanged fleet synthesizes twice', () => {
    const stack = new SeppmailMspStack(Testing.app(), 'msp');
    expect(synthWithAnnotations(stack).errors).toEqual([]);
    expect(synthWithAnnotations(stack).errors).toEqual([]);
  });
});

describe('untyped callers: enum members and numeric ranges (CBC017, CBC018)', () => {
  test.each([
    ['the rule placement', () => { const s = single(); new CbcConnector(s.tenant, 'C', { tenant: s.tenant, rulePlacement: 'top' as any }); return s.stack; }, 's/Contoso/C', /rulePlacement 'top'/],
    ['the custom connector type', () => single({ profile: GatewayProfile.custom({ ...CUSTOM, inboundConnector: { name: 'In', connectorType: 'onpremises' as any } }), fqdn: 'gw.provider.example' }).stack, 's/Gw', /connectorType 'onpremises'/],
    ['the custom rule direction', () => single({ profile: GatewayProfile.custom({ ...CUSTOM, routingRules: [{ ...CUSTOM.routingRules![0], direction: 'in' as any }] }), fqdn: 'gw.provider.example' }).stack, 's/Gw', /direction 'in'/],
    ['the custom sender address location', () => single({ profile: GatewayProfile.custom({ ...CUSTOM, routingRules: [{ ...CUSTOM.routingRules![0], senderAddressLocation: 'From' as any }] }), fqdn: 'gw.provider.example' }).stack, 's/Gw', /senderAddressLocation 'From'/],
    ['the custom TLS settings', () => single({ profile: GatewayProfile.custom({ ...CUSTOM, outboundConnector: { ...CUSTOM.outboundConnector!, tlsSettings: 'Domain' as any } }), fqdn: 'gw.provider.example' }).stack, 's/Gw', /tlsSettings 'Domain'/],
  ])('a value outside the enum of %s is CBC017', (_what, build, path, message) => {
    const errors = errorsOf(build());
    const f = errors.filter((e) => e.includes('CBC017'));
    expect(f).toEqual([expect.stringContaining(`[${path}] CBC017`)]);
    expect(f[0]).toMatch(message);
    expect(f[0]).toMatch(/Fix: use one of/);
    expect(errors.filter((e) => e.includes('CBC000'))).toEqual([]);
  });

  test.each([
    ['an SCL threshold SEPPmail does not accept', () => { const s = single(); s.tenant.addCbcConnector('C', { sclInboundThreshold: 7 }); return s.stack; }, 's/Contoso/C', /sclInboundThreshold 7/],
    ['an SCL threshold that is not a number', () => { const s = single(); s.tenant.addCbcConnector('C', { sclInboundThreshold: '5' as any }); return s.stack; }, 's/Contoso/C', /sclInboundThreshold 5/],
    ['an expiry warning below the error horizon', () => single({ certificateExpiryWarningDays: 3 }).stack, 's/Gw', /certificateExpiryWarningDays 3/],
    ['an expiry warning that is not a number', () => single({ certificateExpiryWarningDays: NaN }).stack, 's/Gw', /certificateExpiryWarningDays NaN/],
    ['a custom rule SCL outside -1 to 9', () => single({ profile: GatewayProfile.custom({ ...CUSTOM, routingRules: [{ ...CUSTOM.routingRules![0], exceptIfSclOver: 12 }] }), fqdn: 'gw.provider.example' }).stack, 's/Gw', /exceptIfSclOver 12/],
  ])('%s is CBC018', (_what, build, path, message) => {
    const f = errorsOf(build()).filter((e) => e.includes('CBC018'));
    expect(f).toEqual([expect.stringContaining(`[${path}] CBC018`)]);
    expect(f[0]).toMatch(message);
  });
});

describe('empty marker values (CBC019)', () => {
  const rule = CUSTOM.routingRules![0];
  test.each([
    ['an empty word in a custom header test', { ...CUSTOM, routingRules: [{ ...rule, exceptIfHeaderContainsWords: [''] }] }, /exceptIfHeaderContainsWords/],
    ['an empty words list in a custom header test', { ...CUSTOM, routingRules: [{ ...rule, exceptIfHeaderContainsWords: [] }] }, /exceptIfHeaderContainsWords/],
    ['an empty header name in a custom header test', { ...CUSTOM, routingRules: [{ ...rule, exceptIfHeaderContainsName: ' ' }] }, /exceptIfHeaderContainsName/],
    ['an empty set-header value', { ...CUSTOM, routingRules: [{ ...rule, setHeaderName: 'X-Acme-Direction', setHeaderValue: '' }] }, /setHeaderValue/],
  ])('%s is CBC019', (_what, customProfile, message) => {
    const f = errorsOf(single({ profile: GatewayProfile.custom(customProfile), fqdn: 'gw.provider.example' }).stack).filter((e) => e.includes('CBC019'));
    expect(f).toEqual([expect.stringContaining('[s/Gw] CBC019')]);
    expect(f[0]).toMatch(message);
  });

  test.each([
    ['an empty marker value', { incoming: { name: 'X-Acme-In', value: '' } }, /markerHeaders.incoming.value/],
    ['an empty marker name', { outgoing: { name: '' } }, /markerHeaders.outgoing.name/],
    ['an empty direction header', { directionHeader: '' }, /markerHeaders.directionHeader/],
    ['an empty header to clean', { cleanOutboundHeaders: ['X-SM-encrypted', ''] }, /markerHeaders.cleanOutboundHeaders/],
  ])('%s on a MailGateway is CBC019', (_what, markerHeaders, message) => {
    const f = errorsOf(single({ markerHeaders }).stack).filter((e) => e.includes('CBC019'));
    expect(f).toEqual([expect.stringContaining('[s/Gw] CBC019')]);
    expect(f[0]).toMatch(message);
  });

  test('an empty FTAPI Received marker is CBC019', () => {
    const f = errorsOf(single({ profile: GatewayProfile.ftapi({ receivedHeaderMarker: '' }), fqdn: 'ftapi.provider.example' }).stack).filter((e) => e.includes('CBC019'));
    expect(f).toEqual([expect.stringMatching(/\[s\/Gw\] CBC019: .*receivedHeaderMarker/)]);
  });
});
