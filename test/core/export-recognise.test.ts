/**
 * Recognition of `exo-gateway export` (lib/core/export): which layout a tenant's objects form,
 * the entry that declares it, and what is reported instead of guessed.
 */
import { FTAPI_LAYOUT, NOSPAMPROXY_LAYOUT, POSTFIX_LAYOUT, SEPPMAIL_APPLIANCE_LAYOUT, SEPPMAIL_CLOUD_LAYOUT } from '../../lib/core/export/layouts';
import { POSTFIX_NAMES } from '../../lib/profiles/postfix';
import { parseExportArguments } from '../../lib/runtime/export';
import { exportedFleetYaml } from '../../lib/core/export/fleet-yaml';
import { ExportTenantInput, recogniseTenant } from '../../lib/core/export/recognise';
import { reviewExport } from '../../lib/core/export/review';
import { parseTenantList } from '../../lib/core/export/tenant-list';
import { ObservedObject, ObservedState } from '../../lib/core/exo-model';
import { parseFleetFileText } from '../../lib/core/fleet-file-parse';
import { FTAPI_NAMES } from '../../lib/profiles/ftapi';
import { NOSPAMPROXY_NAMES } from '../../lib/profiles/nospamproxy';
import { SEPPMAIL_NAMES } from '../../lib/profiles/seppmail-appliance';
import { SEPPMAIL_CLOUD_NAMES } from '../../lib/profiles/seppmail-cloud';
import { exportedGatewayModel, exportedTenantDocument } from '../../lib/runtime/export-model';

const TENANT_ID = '0b3e4c53-1f1a-4c2e-9d0b-5c1e2a9f7a11';
const ACCESS = { appId: '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', organization: 'contoso.onmicrosoft.com', certificateEnv: 'EXO_CERT' };

function input(objects: Partial<ObservedState>, extra: Partial<ExportTenantInput> = {}): ExportTenantInput {
  return {
    name: 'Contoso',
    tenantId: TENANT_ID,
    initialDomain: 'contoso.onmicrosoft.com',
    acceptedDomains: ['contoso.onmicrosoft.com', 'contoso.com', 'contoso.example'],
    observed: { InboundConnector: [], OutboundConnector: [], TransportRule: [], ...objects },
    ...extra,
  };
}

const inbound = (name: string, p: ObservedObject = {}): ObservedObject => ({ Name: name, ConnectorType: 'OnPremises', ConnectorSource: 'AdminUI', SenderDomains: ['smtp:*;1'], TlsSenderCertificateName: 'mail.contoso.com', Enabled: true, ...p });
const outbound = (name: string, p: ObservedObject = {}): ObservedObject => ({ Name: name, ConnectorType: 'OnPremises', ConnectorSource: 'AdminUI', SmartHosts: ['securemail.msp.example'], TlsDomain: 'securemail.msp.example', TlsSettings: 'DomainValidation', IsTransportRuleScoped: true, UseMXRecord: false, Enabled: true, ...p });
const rule = (name: string, p: ObservedObject = {}): ObservedObject => ({ Name: name, State: 'Enabled', ...p });

test('the layouts\' names are the ones our profiles declare', () => {
  expect(SEPPMAIL_APPLIANCE_LAYOUT).toMatchObject({ inbound: [SEPPMAIL_NAMES.inboundConnector], outbound: [SEPPMAIL_NAMES.outboundConnector], rulePrefix: SEPPMAIL_NAMES.rulePrefix });
  expect(SEPPMAIL_CLOUD_LAYOUT).toMatchObject({
    parallel: { inbound: SEPPMAIL_CLOUD_NAMES.inboundParallel, outbound: SEPPMAIL_CLOUD_NAMES.outboundParallel },
    inline: { inbound: SEPPMAIL_CLOUD_NAMES.inboundInline, outbound: SEPPMAIL_CLOUD_NAMES.outboundInline },
    rulePrefix: SEPPMAIL_CLOUD_NAMES.rulePrefix,
  });
  expect(NOSPAMPROXY_LAYOUT).toMatchObject({ inbound: [NOSPAMPROXY_NAMES.inboundConnector], outbound: [NOSPAMPROXY_NAMES.outboundConnector], rulePrefix: NOSPAMPROXY_NAMES.rulePrefix });
  expect(FTAPI_LAYOUT).toMatchObject({ inbound: [FTAPI_NAMES.inboundConnector], outbound: [FTAPI_NAMES.outboundConnector], rulePrefix: FTAPI_NAMES.rulePrefix });
  expect(POSTFIX_LAYOUT).toMatchObject({ inbound: [POSTFIX_NAMES.inboundConnector], outbound: [POSTFIX_NAMES.outboundConnector] });
});

test('Postfix by its names: one connector pair, every accepted domain', () => {
  const r = recogniseTenant(input({
    InboundConnector: [inbound(POSTFIX_NAMES.inboundConnector)],
    OutboundConnector: [outbound(POSTFIX_NAMES.outboundConnector, { ConnectorType: 'Partner', RecipientDomains: ['*'], IsTransportRuleScoped: false, SmartHosts: ['relay.msp.example'], TlsDomain: 'relay.msp.example' })],
  }));
  expect(r.gateway).toEqual({ profile: 'postfix', fqdn: 'relay.msp.example' });
  expect(r.entry).toEqual({ tenantId: TENANT_ID, initialDomain: 'contoso.onmicrosoft.com', domains: ['contoso.com', 'contoso.example'], cbcCertificateName: 'mail.contoso.com', adoptExisting: true });
  expect(r.unmapped).toEqual([]);
});

test('an IP-based appliance connector is exported with the gateway\'s certificate name, said in a note, and the plan switches it', () => {
  const observed = {
    InboundConnector: [inbound(SEPPMAIL_NAMES.inboundConnector, { TlsSenderCertificateName: null, SenderIPAddresses: ['203.0.113.25'], RequireTls: false })],
    OutboundConnector: [outbound(SEPPMAIL_NAMES.outboundConnector, { TlsDomain: 'mail.contoso.com' })],
    TransportRule: [],
  };
  const r = recogniseTenant(input(observed));
  expect(r.entry!.cbcCertificateName).toBe('mail.contoso.com');
  expect(r.notes).toEqual([expect.stringMatching(/^inbound connector '\[SEPPmail\] Appliance -> ExchangeOnline' is IP-based \(SenderIPAddresses 203\.0\.113\.25, no TlsSenderCertificateName\): exported with the certificate name mail\.contoso\.com, the gateway's TLS certificate name/)]);
  const doc = exportedTenantDocument('Contoso', r.entry!, exportedGatewayModel('Contoso', r.gateway!), ACCESS);
  const set = reviewExport(r, doc, observed, ['contoso.com']).plan.steps.find((s) => s.kind === 'InboundConnector')!;
  expect(set.action).toBe('Set');
  expect(set.changes).toEqual(expect.arrayContaining([{ parameter: 'TlsSenderCertificateName', current: null, desired: 'mail.contoso.com' }]));
});

test('command line: the list is required, one at a time; options are checked (EXG201)', () => {
  expect(parseExportArguments(['tenants.yaml'])).toEqual({ list: 'tenants.yaml', out: 'fleet.export.yaml', json: false, concurrency: 10 });
  expect(parseExportArguments(['--json', '--out', 'f.yaml', '--concurrency', '4', 't.yaml'])).toEqual({ list: 't.yaml', out: 'f.yaml', json: true, concurrency: 4 });
  expect(() => parseExportArguments([])).toThrow(/^EXG201: name the tenant list/);
  expect(() => parseExportArguments(['a.yaml', 'b.yaml'])).toThrow(/^EXG201: one tenant list at a time/);
  expect(() => parseExportArguments(['--concurrency', '0', 'a.yaml'])).toThrow(/^EXG201: --concurrency needs a whole number/);
  expect(() => parseExportArguments(['--plan', 'a.yaml'])).toThrow(/^EXG201: unknown option --plan/);
});

test('SEPPmail set up by hand is recognised by its headers; its rules of other names are reported, not renamed', () => {
  const observed = {
    InboundConnector: [inbound('From SEPPmail')],
    OutboundConnector: [outbound('To SEPPmail')],
    TransportRule: [
      rule('Crypto in', { FromScope: 'NotInOrganization', RecipientDomainIs: ['contoso.com'], ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming', ExceptIfHeaderContainsWords: ['yes'], HeaderContainsMessageHeader: 'content-type', HeaderContainsWords: ['multipart/signed'], RouteMessageOutboundConnector: 'To SEPPmail' }),
      rule('Crypto out', { FromScope: 'InOrganization', SenderDomainIs: ['contoso.com'], RouteMessageOutboundConnector: 'To SEPPmail' }),
      rule('Disclaimer', { ApplyHtmlDisclaimerText: 'x' }),
    ],
  };
  const r = recogniseTenant(input(observed));
  expect(r.layout).toBe('seppmail-appliance');
  expect(r.gateway).toEqual({ profile: 'seppmail-appliance', fqdn: 'securemail.msp.example' });
  expect(r.entry).toEqual({ tenantId: TENANT_ID, initialDomain: 'contoso.onmicrosoft.com', domains: ['contoso.com'], cbcCertificateName: 'mail.contoso.com', adoptExisting: true, connector: { inboundConnectorName: 'From SEPPmail', outboundConnectorName: 'To SEPPmail' } });
  expect(r.unmapped).toEqual([{ kind: 'TransportRule', name: 'Disclaimer', reason: expect.stringMatching(/neither routes to the gateway/) }]);
  const doc = exportedTenantDocument('Contoso', r.entry!, exportedGatewayModel('Contoso', r.gateway!), ACCESS);
  const review = reviewExport(r, doc, observed, ['contoso.com', 'contoso.example']);
  expect(review.undeclared.map((u) => u.name)).toEqual(['Crypto in', 'Crypto out']);
  expect(review.undeclared[0].reason).toMatch(/declares no rule of this name .*remove it by hand once the profile's rules replace it/);
  expect(review.claims).toEqual([{ kind: 'InboundConnector', name: 'From SEPPmail' }, { kind: 'OutboundConnector', name: 'To SEPPmail' }]);
  expect(review.plan.steps.filter((s) => s.action === 'New').map((s) => s.name)).toContain('[SEPPmail] - 100 Route incoming e-mails to SEPPmail');
});

test('objects of two products, a custom pair, and no gateway at all are reported, never guessed', () => {
  const two = recogniseTenant(input({ InboundConnector: [inbound(SEPPMAIL_NAMES.inboundConnector)], OutboundConnector: [outbound(NOSPAMPROXY_NAMES.outboundConnector)] }));
  expect(two.entry).toBeUndefined();
  expect(two.unsupported).toMatch(/objects of several gateway products in one tenant \(seppmail-appliance: InboundConnector '\[SEPPmail\] Appliance -> ExchangeOnline'; nospamproxy: OutboundConnector/);
  expect(two.unmapped).toHaveLength(2);
  const custom = recogniseTenant(input({ InboundConnector: [inbound('Gateway in')], OutboundConnector: [outbound('Gateway out', { TestMode: true })] }));
  expect(custom.layout).toBe('custom');
  expect(custom.entry).toBeUndefined();
  expect(custom.unmapped.map((u) => `${u.name}: ${u.reason}`)).toEqual([
    expect.stringMatching(/^Gateway in: a custom layout .*cannot express on 1 object/),
    'Gateway out: TestMode true: GatewayProfile.custom has no option for TestMode',
  ]);
  const none = recogniseTenant(input({ TransportRule: [rule('Disclaimer')] }));
  expect(none.unsupported).toMatch(/no gateway connector in the tenant/);
  expect(none.unmapped).toEqual([{ kind: 'TransportRule', name: 'Disclaimer', reason: none.unsupported }]);
  const conflict = recogniseTenant(input({ InboundConnector: [inbound(SEPPMAIL_NAMES.inboundConnector)], OutboundConnector: [outbound(SEPPMAIL_NAMES.outboundConnector)] }, { profile: 'ftapi' }));
  expect(conflict.unsupported).toMatch(/names profile ftapi, but InboundConnector '\[SEPPmail\] Appliance -> ExchangeOnline', OutboundConnector .* belong to seppmail-appliance/);
});

test('an inbound connector with neither certificate nor addresses is not mapped to a profile', () => {
  const r = recogniseTenant(input({ InboundConnector: [inbound(SEPPMAIL_NAMES.inboundConnector, { TlsSenderCertificateName: null })], OutboundConnector: [outbound(SEPPMAIL_NAMES.outboundConnector)] }));
  expect(r.entry).toBeUndefined();
  expect(r.unsupported).toMatch(/identifies its sender by neither a certificate .* nor addresses/);
});

test('SEPPmail.cloud inline: region from the certificate names, every accepted domain, the smart host\'s domain first', () => {
  const r = recogniseTenant(input({
    InboundConnector: [inbound(SEPPMAIL_CLOUD_NAMES.inboundInline, { ConnectorType: 'Partner', TlsSenderCertificateName: `${TENANT_ID}.de.seppmail.cloud`, RestrictDomainsToCertificate: true })],
    OutboundConnector: [outbound(SEPPMAIL_CLOUD_NAMES.outboundInline, { ConnectorType: 'Partner', SmartHosts: ['contoso-example.relay.seppmail.cloud'], TlsDomain: '*.de.seppmail.cloud' })],
    TransportRule: [rule('[SEPPmail.cloud] - 200 Route outgoing e-mails to SEPPmail', { FromScope: 'InOrganization', SenderDomainIs: ['contoso.com'], RouteMessageOutboundConnector: SEPPMAIL_CLOUD_NAMES.outboundInline })],
  }));
  expect(r.gateway).toEqual({ profile: 'seppmail-cloud', seppmailCloud: { region: 'de', routing: 'inline' } });
  expect(r.entry!.domains).toEqual(['contoso.example', 'contoso.com']);
  expect(r.entry!.cbcCertificateName).toBeUndefined();
  expect(r.notes).toEqual([]);
});

test('FTAPI by its names: certificate validation and the Received marker become gateway options', () => {
  const r = recogniseTenant(input({
    InboundConnector: [inbound(FTAPI_NAMES.inboundConnector)],
    OutboundConnector: [outbound(FTAPI_NAMES.outboundConnector, { SmartHosts: ['smime.msp.example'], TlsSettings: 'CertificateValidation', TlsDomain: null })],
    TransportRule: [rule('FTAPI S/MIME inbound', { FromScope: 'NotInOrganization', RecipientDomainIs: ['contoso.com', 'contoso.example'], ExceptIfHeaderContainsWords: ['ftapi-gw-1'], RouteMessageOutboundConnector: FTAPI_NAMES.outboundConnector, State: 'Disabled' })],
  }));
  expect(r.gateway).toEqual({ profile: 'ftapi', fqdn: 'smime.msp.example', ftapi: { domainValidation: false, receivedHeaderMarker: 'ftapi-gw-1' } });
  expect(r.entry!.connector).toEqual({ rulesEnabled: false });
});

test('rules placed below the tenant\'s own rules are exported with rulePlacement Bottom', () => {
  const r = recogniseTenant(input({
    InboundConnector: [inbound(SEPPMAIL_NAMES.inboundConnector)],
    OutboundConnector: [outbound(SEPPMAIL_NAMES.outboundConnector)],
    TransportRule: [
      rule('Disclaimer', { Priority: 0 }),
      rule('[SEPPmail] - 100 Route incoming e-mails to SEPPmail', { Priority: 1, FromScope: 'NotInOrganization', RecipientDomainIs: ['contoso.com'], HeaderContainsWords: ['multipart/signed'], RouteMessageOutboundConnector: SEPPMAIL_NAMES.outboundConnector }),
    ],
  }));
  expect(r.entry!.connector).toEqual({ rulePlacement: 'Bottom' });
});

test('the written file is a fleet file: one gateway for tenants that share it, no alias for repeated values', () => {
  const r = recogniseTenant(input({ InboundConnector: [inbound(SEPPMAIL_NAMES.inboundConnector)], OutboundConnector: [outbound(SEPPMAIL_NAMES.outboundConnector)] }));
  const access = { appId: ACCESS.appId, certificateEnv: 'EXO_CERT' };
  const other = { ...r.entry!, tenantId: '7d9f1e2a-3b4c-4d5e-8f60-718293a4b5c6', initialDomain: 'fabrikam.onmicrosoft.com', domains: ['fabrikam.com'], cbcCertificateName: 'mail.fabrikam.com' };
  const yaml = exportedFleetYaml([{ name: 'Contoso', gateway: r.gateway!, entry: r.entry!, access }, { name: 'Fabrikam', gateway: r.gateway!, entry: other, access }], { access });
  expect(yaml).not.toMatch(/[&*]a\d/);
  const file = parseFleetFileText('fleet.yaml', yaml);
  expect(file.gateways.map((g) => g.name)).toEqual(['SeppmailAppliance']);
  expect(file.tenants.map((t) => [t.name, t.value.gateway, t.value.adoptExisting])).toEqual([['Contoso', 'SeppmailAppliance', true], ['Fabrikam', 'SeppmailAppliance', true]]);
});

test('the tenant list is read like the fleet file: every problem with file:line:column and the tenant', () => {
  const text = ['version: 1', 'tenants:', '  Contoso:', '    tenantId: not-a-guid', '    initialDomain: contoso.onmicrosoft.com', '  Fabrikam:', '    tenantId: 7d9f1e2a-3b4c-4d5e-8f60-718293a4b5c6', '    initialDomain: fabrikam.onmicrosoft.com', '    profile: sepmail-appliance', ''].join('\n');
  let message = '';
  try {
    parseTenantList('tenants.yaml', text);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^EXG013/);
  expect(message).toMatch(/tenants\.yaml:4:15: tenant Contoso: tenants\.Contoso\.tenantId is "not-a-guid"; expected a GUID/);
  expect(message).toMatch(/tenants\.yaml:9:14: tenant Fabrikam: tenants\.Fabrikam\.profile is "sepmail-appliance"; expected one of .*Did you mean "seppmail-appliance"\?/);
  expect(message).toMatch(/tenant Contoso: has no access and the list has no defaults\.access/);
});

describe('a custom layout', () => {
  const pair = { InboundConnector: [inbound('Gateway in', { EFSkipLastIP: true, RequireTls: true })], OutboundConnector: [outbound('Gateway out', { Comment: 'To the filter' })] };
  const routing = (name: string, p: ObservedObject) => rule(name, { RouteMessageOutboundConnector: 'Gateway out', Mode: 'Enforce', SenderAddressLocation: 'Header', Priority: 0, ...p });
  const inRule = routing('In', { FromScope: 'NotInOrganization', SentToScope: 'InOrganization', RecipientDomainIs: ['contoso.com'], ExceptIfHeaderContainsMessageHeader: 'X-Filtered', ExceptIfHeaderContainsWords: ['yes'], ExceptIfSCLOver: '5', StopRuleProcessing: true });
  const outRule = routing('Out', { Priority: 1, FromScope: 'InOrganization', SentToScope: 'NotInOrganization', SenderDomainIs: ['contoso.com'], ExceptIfMessageTypeMatches: 'OOF', SenderAddressLocation: 'HeaderOrEnvelope' });

  test('that the custom options express is written as profile custom with the options read back', () => {
    const r = recogniseTenant(input({ ...pair, TransportRule: [outRule, inRule, rule('Disclaimer', { Priority: 2 })] }));
    expect(r.layout).toBe('custom');
    expect(r.gateway).toEqual({
      profile: 'custom',
      fqdn: 'securemail.msp.example',
      customProfile: {
        inboundConnector: { name: 'Gateway in', connectorType: 'OnPremises', efSkipLastIp: true },
        outboundConnector: { name: 'Gateway out', connectorType: 'OnPremises', transportRuleScoped: true, comment: 'To the filter' },
        routingRules: [
          { name: 'In', direction: 'inbound', exceptIfHeaderContainsName: 'X-Filtered', exceptIfHeaderContainsWords: ['yes'], exceptIfSclOver: 5, stopRuleProcessing: true },
          { name: 'Out', direction: 'outbound', exceptIfOutOfOffice: true, senderAddressLocation: 'HeaderOrEnvelope' },
        ],
      },
    });
    expect(r.entry).toEqual({ tenantId: TENANT_ID, initialDomain: 'contoso.onmicrosoft.com', domains: ['contoso.com'], cbcCertificateName: 'mail.contoso.com', adoptExisting: true });
    expect(r.unmapped).toEqual([{ kind: 'TransportRule', name: 'Disclaimer', reason: expect.stringMatching(/neither routes to the gateway's outbound connector/) }]);
    const yaml = exportedFleetYaml([{ name: 'Contoso', gateway: r.gateway!, entry: r.entry! }], { access: { appId: ACCESS.appId, certificateEnv: 'EXO_CERT' } });
    expect(parseFleetFileText('fleet.yaml', yaml).gateways.map((g) => [g.name, g.value])).toEqual([['Custom', { profile: 'custom', fqdn: 'securemail.msp.example' }]]);
    // The review plans the document the options build: the objects are claimed in place, nothing new or removed.
    const doc = exportedTenantDocument('Contoso', r.entry!, exportedGatewayModel('Contoso', r.gateway!), ACCESS);
    const review = reviewExport(r, doc, input({ ...pair, TransportRule: [outRule, inRule] }).observed, ['contoso.com']);
    expect(review.claims.map((c) => c.name)).toEqual(['Gateway in', 'Gateway out', 'In', 'Out']);
    expect(review.plan.steps.filter((s) => s.action === 'New' || s.action === 'Remove')).toEqual([]);
  });

  test('a rule predicate, a scope or a TLS setting the options lack is reported on its object, nothing written', () => {
    const r = recogniseTenant(input({
      InboundConnector: pair.InboundConnector,
      OutboundConnector: [outbound('Gateway out', { TlsSettings: null })],
      TransportRule: [{ ...inRule, SubjectContainsWords: ['[encrypt]'] }, { ...outRule, SentToScope: null }],
    }));
    expect(r.entry).toBeUndefined();
    expect(r.unsupported).toMatch(/a custom layout .* with values GatewayProfile\.custom cannot express on 3 object\(s\)/);
    const reasons = Object.fromEntries(r.unmapped.map((u) => [u.name, u.reason]));
    expect(reasons['Gateway out']).toMatch(/^TlsSettings null: GatewayProfile\.custom's tlsSettings takes EncryptionOnly, CertificateValidation, DomainValidation/);
    expect(reasons.In).toBe('SubjectContainsWords ["[encrypt]"]: GatewayProfile.custom has no option for SubjectContainsWords');
    expect(reasons.Out).toMatch(/^FromScope 'InOrganization' with SentToScope '': GatewayProfile\.custom's rules are inbound/);
    expect(reasons['Gateway in']).toMatch(/^a custom layout/);
  });
});
