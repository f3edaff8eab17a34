import * as fs from 'fs';
import * as path from 'path';
import {
  DOCUMENT_SCHEMA,
  DesiredObject,
  ExoObjectKind,
  ExoParameters,
  MANAGED_MARKER,
  ObservedObject,
  ObservedState,
  PlanStep,
  RulePlacementValue,
  TenantDesiredState,
} from '../../lib/core/exo-model';
import {
  applyRuleSteps,
  canonicalEqual,
  describePlan,
  normaliseInboundConnector,
  normaliseOutboundConnector,
  normaliseTransportRule,
  normaliseValue,
  observedRuleOrder,
  planTenant,
  PlanOptions,
  stripAddressSpace,
} from '../../lib/core/planner';

// ---------------------------------------------------------------------------------------------
// A tiny local builder of desired states (SEPPmail-like connectors and rules)
// ---------------------------------------------------------------------------------------------

const MARK = MANAGED_MARKER;
const INBOUND = '[SEPPmail] Appliance -> ExchangeOnline';
const OUTBOUND = '[SEPPmail] ExchangeOnline -> Appliance';
const RULE_IN = '[SEPPmail] - 100 Route incoming e-mails to SEPPmail';
const RULE_OUT = '[SEPPmail] - 200 Route outgoing e-mails to SEPPmail';
const RULE_CLEAN = '[SEPPmail] - 300 Clean outbound SEPPmail header decrypted';
const OURS = [RULE_IN, RULE_OUT, RULE_CLEAN];

function object(kind: ExoObjectKind, name: string, parameters: ExoParameters): DesiredObject {
  return { kind, name, parameters: { Name: name, ...parameters } };
}

function inbound(extra: ExoParameters = {}): DesiredObject {
  return object('InboundConnector', INBOUND, {
    ConnectorType: 'OnPremises',
    ConnectorSource: 'Default',
    SenderDomains: ['*'],
    TlsSenderCertificateName: 'mail.contoso.com',
    RequireTls: true,
    RestrictDomainsToCertificate: true,
    CloudServicesMailEnabled: false,
    EFSkipLastIP: true,
    EFSkipIPs: [],
    Enabled: true,
    Comment: `Accept e-mail from the SEPPmail gateway ${MARK}`,
    ...extra,
  });
}

function outbound(extra: ExoParameters = {}): DesiredObject {
  return object('OutboundConnector', OUTBOUND, {
    ConnectorType: 'OnPremises',
    ConnectorSource: 'Default',
    IsTransportRuleScoped: true,
    UseMXRecord: false,
    SmartHosts: ['gw1.provider.example', 'gw2.provider.example'],
    RecipientDomains: [],
    TlsSettings: 'DomainValidation',
    TlsDomain: '*.provider.example',
    CloudServicesMailEnabled: false,
    Comment: `Route e-mail to the SEPPmail gateway ${MARK}`,
    ...extra,
  });
}

function ruleIn(extra: ExoParameters = {}): DesiredObject {
  return object('TransportRule', RULE_IN, {
    FromScope: 'NotInOrganization',
    SentToScope: 'InOrganization',
    RecipientDomainIs: ['contoso.com', 'contoso.de'],
    ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming',
    ExceptIfHeaderContainsWords: ['yes'],
    RouteMessageOutboundConnector: OUTBOUND,
    SetHeaderName: 'X-SM-maildirection',
    SetHeaderValue: 'inbound',
    SenderAddressLocation: 'HeaderOrEnvelope',
    StopRuleProcessing: true,
    Mode: 'Enforce',
    Enabled: true,
    Comments: `Route inbound mail through the gateway ${MARK}`,
    ...extra,
  });
}

function ruleOut(extra: ExoParameters = {}): DesiredObject {
  return object('TransportRule', RULE_OUT, {
    FromScope: 'InOrganization',
    SentToScope: 'NotInOrganization',
    ExceptIfHeaderContainsMessageHeader: 'X-SM-outgoing',
    ExceptIfHeaderContainsWords: ['yes'],
    ExceptIfMessageTypeMatches: 'OOF',
    RouteMessageOutboundConnector: OUTBOUND,
    SetHeaderName: 'X-SM-maildirection',
    SetHeaderValue: 'outbound',
    SenderAddressLocation: 'Header',
    StopRuleProcessing: false,
    Mode: 'Enforce',
    Enabled: true,
    Comments: `Route outbound mail through the gateway ${MARK}`,
    ...extra,
  });
}

function ruleClean(extra: ExoParameters = {}): DesiredObject {
  return object('TransportRule', RULE_CLEAN, {
    FromScope: 'InOrganization',
    SentToScope: 'NotInOrganization',
    RemoveHeader: 'X-SM-decrypted',
    ExceptIfSenderDomainIs: [],
    Mode: 'Enforce',
    Enabled: false,
    Comments: `Strip the gateway's decryption marker ${MARK}`,
    ...extra,
  });
}

interface TenantOptions {
  readonly objects?: DesiredObject[];
  readonly retired?: boolean;
  readonly adoptExisting?: boolean;
  readonly rulePlacement?: RulePlacementValue;
}

function tenant(options: TenantOptions = {}): TenantDesiredState {
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: {
      name: 'contoso',
      tenantId: '2f3a6c1e-8b1d-4c55-9a0e-6d1f0b7c9e42',
      initialDomain: 'contoso.onmicrosoft.com',
      managedDomains: ['contoso.com', 'contoso.de'],
    },
    access: {
      appId: 'a1b2c3d4-0000-4000-8000-00000000beef',
      organization: 'contoso.onmicrosoft.com',
      certificateEnv: 'CONTOSO_EXO_PFX_SECRET',
      certificatePasswordEnv: 'CONTOSO_EXO_PFX_PASSWORD',
    },
    marker: MARK,
    retired: options.retired ?? false,
    adoptExisting: options.adoptExisting ?? false,
    rulePlacement: options.rulePlacement ?? 'Top',
    objects: options.objects ?? [inbound(), outbound(), ruleIn(), ruleOut(), ruleClean()],
  };
}

/** Set parameters per kind, local to the tests (the shared catalogue is tested apart). */
const SETTABLE: { [K in ExoObjectKind]: string[] } = {
  InboundConnector: [
    'Name', 'Comment', 'Enabled', 'ConnectorType', 'ConnectorSource', 'SenderDomains', 'SenderIPAddresses',
    'TlsSenderCertificateName', 'RequireTls', 'RestrictDomainsToCertificate', 'RestrictDomainsToIPAddresses',
    'TrustedOrganizations', 'AssociatedAcceptedDomains', 'CloudServicesMailEnabled', 'TreatMessagesAsInternal',
    'EFSkipLastIP', 'EFSkipIPs', 'EFUsers',
  ],
  OutboundConnector: [
    'Name', 'Comment', 'Enabled', 'ConnectorType', 'ConnectorSource', 'RecipientDomains', 'SmartHosts', 'UseMXRecord',
    'TlsSettings', 'TlsDomain', 'IsTransportRuleScoped', 'RouteAllMessagesViaOnPremises', 'AllAcceptedDomains',
    'SenderRewritingEnabled', 'CloudServicesMailEnabled', 'TestMode', 'MtaStsMode', 'SmtpDaneMode',
  ],
  TransportRule: [
    'Name', 'Comments', 'Priority', 'Mode', 'StopRuleProcessing', 'RuleErrorAction', 'SenderAddressLocation', 'FromScope',
    'SentToScope', 'RecipientDomainIs', 'ExceptIfSenderDomainIs', 'ExceptIfHeaderContainsMessageHeader',
    'ExceptIfHeaderContainsWords', 'ExceptIfMessageTypeMatches', 'RouteMessageOutboundConnector', 'SetHeaderName',
    'SetHeaderValue', 'RemoveHeader',
  ],
};
const LOCAL: PlanOptions = { canSet: (kind, parameter) => SETTABLE[kind].includes(parameter) };

function fixture(name: string): ObservedState {
  const file = path.join(__dirname, 'fixtures', 'observed', `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ObservedState;
}

const summary = (steps: readonly PlanStep[]): string[] => steps.map((s) => `${s.cmdlet} ${s.name}`);

// ---------------------------------------------------------------------------------------------

describe('normalisers', () => {
  test('SenderDomains in address-space form equal the declared domains', () => {
    expect(stripAddressSpace('smtp:*;1')).toBe('*');
    expect(stripAddressSpace('SMTP:contoso.com;1')).toBe('contoso.com');
    const declared = normaliseValue('InboundConnector', 'SenderDomains', ['*']);
    expect(canonicalEqual(declared, normaliseValue('InboundConnector', 'SenderDomains', ['smtp:*;1']))).toBe(true);
    expect(
      canonicalEqual(
        normaliseValue('InboundConnector', 'SenderDomains', ['contoso.com', 'Fabrikam.com']),
        normaliseValue('InboundConnector', 'SenderDomains', ['smtp:fabrikam.com;1', 'smtp:contoso.com;1']),
      ),
    ).toBe(true);
    expect(
      canonicalEqual(normaliseValue('InboundConnector', 'SenderDomains', ['*']), normaliseValue('InboundConnector', 'SenderDomains', ['smtp:contoso.com;1'])),
    ).toBe(false);
  });

  test('ConnectorSource AdminUI reads as Default, enum values ignore case', () => {
    const observed = normaliseInboundConnector({ ConnectorSource: 'AdminUI', ConnectorType: 'onPremises' });
    const declared = normaliseInboundConnector({ ConnectorSource: 'Default', ConnectorType: 'OnPremises' });
    expect(observed).toEqual(declared);
    expect(normaliseOutboundConnector({ ConnectorSource: 'HybridWizard' }).ConnectorSource).not.toEqual(declared.ConnectorSource);
  });

  test('rule State maps onto Enabled', () => {
    expect(normaliseTransportRule({ State: 'Enabled' }).Enabled).toBe(true);
    expect(normaliseTransportRule({ State: 'Disabled' }).Enabled).toBe(false);
    expect(normaliseTransportRule({ Priority: '3' }).Priority).toBe(3);
  });

  test.each([
    ['boolean read back as text', 'OutboundConnector', 'UseMXRecord', false, 'False'],
    ['boolean read back as True', 'InboundConnector', 'RequireTls', true, 'True'],
    ['number read back as text', 'TransportRule', 'SetSCL', -1, '-1'],
    ['declared empty list, null read back', 'InboundConnector', 'EFSkipIPs', [], null],
    ['declared empty text, null read back', 'TransportRule', 'Comments', '', null],
    ['multi-values in other order, case and with duplicates', 'OutboundConnector', 'SmartHosts', ['a.example', 'b.example'], ['B.example', 'a.example', 'A.EXAMPLE']],
    ['host names ignore case', 'OutboundConnector', 'TlsDomain', '*.provider.example', '*.Provider.EXAMPLE'],
    ['header names ignore case', 'TransportRule', 'RemoveHeader', 'X-SM-decrypted', 'x-sm-decrypted'],
    ['comments are trimmed', 'InboundConnector', 'Comment', 'hello', '  hello\n'],
  ] as const)('%s: no drift', (_title, kind, parameter, declared, readBack) => {
    const d = normaliseValue(kind, parameter, declared as never, declared as never);
    const o = normaliseValue(kind, parameter, readBack as never, declared as never);
    expect(canonicalEqual(d, o)).toBe(true);
  });

  test.each([
    ['comment text keeps its case', 'InboundConnector', 'Comment', 'Hello', 'hello'],
    ['header values keep their case', 'TransportRule', 'SetHeaderValue', 'Inbound', 'inbound'],
    ['a boolean is not null', 'InboundConnector', 'RequireTls', false, null],
    ['an extra list element', 'OutboundConnector', 'SmartHosts', ['a.example'], ['a.example', 'b.example']],
    ['unknown parameters are typed from the declared value', 'OutboundConnector', 'SomethingNew', true, 'False'],
  ] as const)('%s: drift', (_title, kind, parameter, declared, readBack) => {
    const d = normaliseValue(kind, parameter, declared as never, declared as never);
    const o = normaliseValue(kind, parameter, readBack as never, declared as never);
    expect(canonicalEqual(d, o)).toBe(false);
  });
});

describe('planTenant', () => {
  describe('when the tenant is empty', () => {
    test('creates connectors, then rules at the top in declared order', () => {
      // WHEN
      const plan = planTenant(tenant(), fixture('empty'), LOCAL);
      // THEN
      expect(plan.blockers).toEqual([]);
      expect(summary(plan.steps)).toEqual([
        `New-InboundConnector ${INBOUND}`,
        `New-OutboundConnector ${OUTBOUND}`,
        `New-TransportRule ${RULE_IN}`,
        `New-TransportRule ${RULE_OUT}`,
        `New-TransportRule ${RULE_CLEAN}`,
      ]);
      expect(plan.steps[0].parameters).toEqual(inbound().parameters);
      expect(plan.steps.slice(2).map((s) => s.parameters.Priority)).toEqual([0, 1, 2]);
      expect(plan.steps[4].parameters).toEqual({ ...ruleClean().parameters, Priority: 2 });
      expect(applyRuleSteps([], plan.steps)).toEqual(OURS);
    });

    test('with Bottom placement appends the rules without a priority', () => {
      const plan = planTenant(tenant({ rulePlacement: 'Bottom' }), fixture('empty'), LOCAL);
      expect(plan.blockers).toEqual([]);
      expect(plan.steps.filter((s) => s.kind === 'TransportRule').map((s) => [s.action, s.parameters.Priority])).toEqual([
        ['New', undefined],
        ['New', undefined],
        ['New', undefined],
      ]);
    });
  });

  describe('update not required', () => {
    test('read-back forms (smtp:*;1, AdminUI, State, strings for booleans, null for [], order and case) plan nothing', () => {
      const plan = planTenant(tenant(), fixture('converged-readback'), LOCAL);
      expect(plan).toEqual({ steps: [], blockers: [] });
    });

    test('also with the shared catalogue, since nothing differs', () => {
      expect(planTenant(tenant(), fixture('converged-readback'))).toEqual({ steps: [], blockers: [] });
    });

    test('unmarked objects with other names are left alone', () => {
      const observed = fixture('converged-readback');
      const plan = planTenant(tenant(), observed, LOCAL);
      expect(observed.InboundConnector.map((o) => o.Name)).toContain('Fax service inbound');
      expect(plan.steps.some((s) => s.name === 'Fax service inbound' || s.name === 'Company disclaimer')).toBe(false);
    });
  });

  describe('update needed', () => {
    test('one Set per object with only the differing parameters, then Enable/Disable', () => {
      const plan = planTenant(tenant(), fixture('drifted'), LOCAL);
      expect(plan.blockers).toEqual([]);
      expect(plan.steps).toEqual([
        {
          action: 'Set',
          kind: 'InboundConnector',
          name: INBOUND,
          cmdlet: 'Set-InboundConnector',
          parameters: { Identity: INBOUND, RequireTls: true },
          changes: [{ parameter: 'RequireTls', current: 'False', desired: true }],
        },
        {
          action: 'Set',
          kind: 'OutboundConnector',
          name: OUTBOUND,
          cmdlet: 'Set-OutboundConnector',
          parameters: { Identity: OUTBOUND, SmartHosts: ['gw1.provider.example', 'gw2.provider.example'] },
          changes: [{ parameter: 'SmartHosts', current: ['gw-old.provider.example'], desired: ['gw1.provider.example', 'gw2.provider.example'] }],
        },
        { action: 'Enable', kind: 'TransportRule', name: RULE_IN, cmdlet: 'Enable-TransportRule', parameters: { Identity: RULE_IN } },
        {
          action: 'Disable',
          kind: 'TransportRule',
          name: RULE_CLEAN,
          cmdlet: 'Disable-TransportRule',
          parameters: { Identity: RULE_CLEAN, Confirm: false },
        },
      ]);
    });

    test('a changed rule parameter is Set with current in read-back form, before its priority move', () => {
      // GIVEN a foreign rule now sits on top, and our 200 rule's header value changed
      const observed = fixture('converged-readback');
      const foreign: ObservedObject = { Name: 'Top foreign', Priority: 0, State: 'Enabled', Comments: 'by hand' };
      observed.TransportRule.forEach((r) => (r.Priority = Number(r.Priority) + 1));
      observed.TransportRule.push(foreign);
      const desired = tenant({ objects: [inbound(), outbound(), ruleIn(), ruleOut({ SetHeaderValue: 'Outbound' }), ruleClean()] });
      // WHEN
      const plan = planTenant(desired, observed, LOCAL);
      // THEN
      expect(plan.blockers).toEqual([]);
      const forRule = plan.steps.filter((s) => s.name === RULE_OUT);
      expect(forRule.map((s) => s.parameters)).toEqual([
        { Identity: RULE_OUT, SetHeaderValue: 'Outbound' },
        { Identity: RULE_OUT, Priority: 1 },
      ]);
      expect(forRule[0].changes).toEqual([{ parameter: 'SetHeaderValue', current: 'outbound', desired: 'Outbound' }]);
      expect(plan.steps.findIndex((s) => s.name === RULE_OUT && s.parameters.Priority === undefined)).toBeLessThan(
        plan.steps.findIndex((s) => s.name === RULE_OUT && s.parameters.Priority !== undefined),
      );
    });

    test('fails with a blocker, never a delete and recreate, when Set cannot change a parameter', () => {
      const observed = fixture('drifted');
      const noSmartHosts: PlanOptions = { canSet: (kind, p) => LOCAL.canSet!(kind, p) && p !== 'SmartHosts' };
      const plan = planTenant(tenant(), observed, noSmartHosts);
      expect(plan.steps).toEqual([]);
      expect(plan.blockers).toHaveLength(1);
      expect(plan.blockers[0]).toMatch(/OutboundConnector '\[SEPPmail\] ExchangeOnline -> Appliance': SmartHosts .*Set-OutboundConnector cannot change SmartHosts/);
    });

    test('fails with a blocker for ClientHostNames, which the catalogue has on New-InboundConnector only', () => {
      const desired = tenant({ objects: [inbound({ ClientHostNames: ['gw1.provider.example'] }), outbound(), ruleIn(), ruleOut(), ruleClean()] });
      const plan = planTenant(desired, fixture('converged-readback'));
      expect(plan.steps).toEqual([]);
      expect(plan.blockers).toEqual([expect.stringMatching(/InboundConnector '\[SEPPmail\] Appliance -> ExchangeOnline': ClientHostNames .*Set-InboundConnector cannot change/)]);
    });

    test('rule Enabled is changed by Enable/Disable-TransportRule, never by Set (catalogue has no Set -Enabled)', () => {
      const plan = planTenant(tenant(), fixture('drifted'), { canSet: (kind, p) => kind === 'TransportRule' || LOCAL.canSet!(kind, p) });
      const ruleSteps = plan.steps.filter((s) => s.kind === 'TransportRule');
      expect(ruleSteps.map((s) => s.cmdlet)).toEqual(['Enable-TransportRule', 'Disable-TransportRule']);
      expect(ruleSteps.some((s) => 'Enabled' in s.parameters)).toBe(false);
      // and with the shared catalogue, a converged tenant whose rule was disabled by hand
      const observed = fixture('converged-readback');
      observed.TransportRule[1].State = 'Disabled';
      expect(summary(planTenant(tenant(), observed).steps)).toEqual([`Enable-TransportRule ${RULE_OUT}`]);
    });
  });

  describe('removal', () => {
    test('marked objects no longer declared are removed: rules, then outbound, then inbound', () => {
      const plan = planTenant(tenant(), fixture('stale-managed'), LOCAL);
      expect(plan.blockers).toEqual([]);
      expect(plan.steps).toEqual([
        {
          action: 'Remove',
          kind: 'TransportRule',
          name: '[SEPPmail] - 050 Route to old appliance',
          cmdlet: 'Remove-TransportRule',
          parameters: { Identity: '[SEPPmail] - 050 Route to old appliance', Confirm: false },
        },
        {
          action: 'Remove',
          kind: 'OutboundConnector',
          name: '[SEPPmail] ExchangeOnline -> Old appliance',
          cmdlet: 'Remove-OutboundConnector',
          parameters: { Identity: '[SEPPmail] ExchangeOnline -> Old appliance', Confirm: false },
        },
        {
          action: 'Remove',
          kind: 'InboundConnector',
          name: '[SEPPmail] Old appliance -> ExchangeOnline',
          cmdlet: 'Remove-InboundConnector',
          parameters: { Identity: '[SEPPmail] Old appliance -> ExchangeOnline', Confirm: false },
        },
      ]);
    });

    test('a retired tenant removes every managed object in reverse order and leaves the rest', () => {
      const plan = planTenant(tenant({ retired: true }), fixture('stale-managed'), LOCAL);
      expect(plan.blockers).toEqual([]);
      expect(plan.steps.every((s) => s.action === 'Remove')).toBe(true);
      expect(plan.steps.map((s) => s.kind)).toEqual([
        'TransportRule', 'TransportRule', 'TransportRule', 'TransportRule',
        'OutboundConnector', 'OutboundConnector',
        'InboundConnector', 'InboundConnector',
      ]);
      expect(plan.steps.map((s) => s.name)).not.toContain('Company disclaimer');
      expect(plan.steps.map((s) => s.name)).not.toContain('Fax service inbound');
    });

    test('fails when an unmanaged rule still routes to an outbound connector that would be removed', () => {
      const observed = fixture('converged-readback');
      observed.TransportRule.push({ Name: 'Journal via gateway', Priority: 4, State: 'Enabled', Comments: 'by hand', RouteMessageOutboundConnector: OUTBOUND });
      const plan = planTenant(tenant({ retired: true }), observed, LOCAL);
      expect(plan.steps).toEqual([]);
      expect(plan.blockers).toEqual([expect.stringMatching(/'Journal via gateway' \(not managed by this library\) routes to outbound connector/)]);
    });
  });

  describe('unmarked objects holding declared names', () => {
    test('fails with blockers (names compared case-insensitively); similar names are not blockers', () => {
      const plan = planTenant(tenant(), fixture('unmarked-namesakes'), LOCAL);
      expect(plan.steps).toEqual([]);
      expect(plan.blockers).toHaveLength(2);
      expect(plan.blockers[0]).toMatch(/^InboundConnector '\[SEPPmail\] Appliance -> ExchangeOnline' already exists .* adoptExisting/);
      expect(plan.blockers[1]).toMatch(/^TransportRule '\[SEPPmail\] - 100 route incoming e-mails to seppmail' already exists/);
    });

    test('with adoptExisting they are taken over: Set carries the marked Comment and what differs', () => {
      const plan = planTenant(tenant({ adoptExisting: true }), fixture('unmarked-namesakes'), LOCAL);
      expect(plan.blockers).toEqual([]);
      const setInbound = plan.steps.find((s) => s.cmdlet === 'Set-InboundConnector');
      expect(setInbound?.changes?.map((c) => c.parameter)).toEqual(['RestrictDomainsToCertificate', 'Comment']);
      expect(setInbound?.parameters.Comment).toContain(MARK);
      expect(summary(plan.steps)).toEqual([
        `Set-InboundConnector ${INBOUND}`,
        `New-OutboundConnector ${OUTBOUND}`,
        `Set-TransportRule ${RULE_IN}`,
        `New-TransportRule ${RULE_OUT}`,
        `New-TransportRule ${RULE_CLEAN}`,
      ]);
      expect(plan.steps.some((s) => /\((test|copy)\)$/.test(s.name))).toBe(false);
      const order = applyRuleSteps(observedRuleOrder(fixture('unmarked-namesakes').TransportRule), plan.steps);
      expect(order.map((n) => n.toLowerCase())).toEqual([...OURS, '[SEPPmail] - 100 Route incoming e-mails to SEPPmail (copy)'].map((n) => n.toLowerCase()));
    });
  });

  describe('declaration errors', () => {
    test('fails when a declared object does not carry the marker', () => {
      const plan = planTenant(tenant({ objects: [inbound({ Comment: 'no marker here' })] }), fixture('empty'), LOCAL);
      expect(plan.steps).toEqual([]);
      expect(plan.blockers).toEqual([expect.stringMatching(/does not contain the marker/)]);
    });

    test('fails when a name is declared twice', () => {
      const plan = planTenant(tenant({ objects: [ruleIn(), ruleIn()] }), fixture('empty'), LOCAL);
      expect(plan.blockers).toEqual([expect.stringMatching(/declared twice/)]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Priorities
// ---------------------------------------------------------------------------------------------

const RULES = [ruleIn(), ruleOut(), ruleClean()];

/** A declared rule as Exchange reads it back. */
function readBack(rule: DesiredObject, priority: number): ObservedObject {
  const { Enabled, ...rest } = rule.parameters;
  return { ...rest, Identity: rule.name, State: Enabled === false ? 'Disabled' : 'Enabled', Priority: String(priority) };
}

const foreignRule = (name: string, priority: number): ObservedObject => ({ Name: name, Identity: name, Priority: priority, State: 'Enabled', Comments: 'made by hand' });
const staleRule = (name: string, priority: number): ObservedObject => ({ Name: name, Priority: priority, State: 'Enabled', Comments: `old ${MARK}` });

/** Observed state with converged connectors and the given rule names in priority order. */
function withRules(order: string[], stale: string[] = []): ObservedState {
  const base = fixture('converged-readback');
  return {
    InboundConnector: base.InboundConnector,
    OutboundConnector: base.OutboundConnector,
    TransportRule: order.map((name, i) => {
      const ours = RULES.find((r) => r.name === name);
      if (ours) return readBack(ours, i);
      return stale.includes(name) ? staleRule(name, i) : foreignRule(name, i);
    }),
  };
}

function priorityPlan(placement: RulePlacementValue, order: string[], stale: string[] = []) {
  const observed = withRules(order, stale);
  const plan = planTenant(tenant({ rulePlacement: placement }), observed, LOCAL);
  return { plan, final: applyRuleSteps(observedRuleOrder(observed.TransportRule), plan.steps) };
}

const moves = (steps: readonly PlanStep[]): [string, unknown][] =>
  steps.filter((s) => s.action === 'Set' && s.parameters.Priority !== undefined).map((s) => [s.name, s.parameters.Priority]);

describe('rule priorities', () => {
  test('Top: converged with foreign rules below plans no moves', () => {
    const { plan } = priorityPlan('Top', [...OURS, 'F1', 'F2']);
    expect(plan).toEqual({ steps: [], blockers: [] });
  });

  test('Bottom: converged with foreign rules above plans no moves', () => {
    const { plan } = priorityPlan('Bottom', ['F1', 'F2', ...OURS]);
    expect(plan).toEqual({ steps: [], blockers: [] });
  });

  test('Top: a foreign rule added at the top needs our rules moved back up', () => {
    const { plan, final } = priorityPlan('Top', ['F0', ...OURS, 'F1']);
    expect(moves(plan.steps)).toEqual([
      [RULE_IN, 0],
      [RULE_OUT, 1],
      [RULE_CLEAN, 2],
    ]);
    expect(plan.steps[0].changes).toEqual([{ parameter: 'Priority', current: 1, desired: 0 }]);
    expect(final).toEqual([...OURS, 'F0', 'F1']);
  });

  test('Bottom: a foreign rule added at the top needs nothing', () => {
    const { plan } = priorityPlan('Bottom', ['F0', 'F1', ...OURS]);
    expect(plan.steps).toEqual([]);
  });

  test('Bottom: a foreign rule added last needs our rules moved below it', () => {
    const { plan, final } = priorityPlan('Bottom', ['F1', ...OURS, 'F9']);
    expect(moves(plan.steps)).toEqual([
      [RULE_CLEAN, 4],
      [RULE_OUT, 3],
      [RULE_IN, 2],
    ]);
    expect(final).toEqual(['F1', 'F9', ...OURS]);
  });

  test('Top: new rules are inserted among foreign ones at their priority', () => {
    const { plan, final } = priorityPlan('Top', ['F1', RULE_IN, 'F2']);
    expect(plan.steps.map((s) => [s.action, s.name, s.parameters.Priority])).toEqual([
      ['Set', RULE_IN, 0],
      ['New', RULE_OUT, 1],
      ['New', RULE_CLEAN, 2],
    ]);
    expect(final).toEqual([...OURS, 'F1', 'F2']);
  });

  test('Bottom: new rules are appended, then moved into place', () => {
    const { plan, final } = priorityPlan('Bottom', ['F1', RULE_IN, 'F2']);
    expect(plan.steps.map((s) => [s.action, s.name, s.parameters.Priority])).toEqual([
      ['New', RULE_OUT, undefined],
      ['New', RULE_CLEAN, undefined],
      ['Set', RULE_IN, 2],
    ]);
    expect(final).toEqual(['F1', 'F2', ...OURS]);
  });

  test('managed rules that are going away cause no moves of their own', () => {
    const { plan, final } = priorityPlan('Top', ['S1', RULE_IN, 'S2', RULE_OUT, RULE_CLEAN, 'F1'], ['S1', 'S2']);
    expect(summary(plan.steps)).toEqual(['Remove-TransportRule S1', 'Remove-TransportRule S2']);
    expect(final).toEqual([...OURS, 'F1']);
  });

  test('applyRuleSteps follows Exchange: New shifts down, Set moves, out of range throws', () => {
    const step = (action: PlanStep['action'], name: string, parameters: ExoParameters): PlanStep => ({
      action,
      kind: 'TransportRule',
      name,
      cmdlet: `${action}-TransportRule`,
      parameters,
    });
    expect(applyRuleSteps(['a', 'b', 'c'], [step('New', 'x', { Name: 'x', Priority: 1 })])).toEqual(['a', 'x', 'b', 'c']);
    expect(applyRuleSteps(['a', 'b', 'c'], [step('New', 'x', { Name: 'x' })])).toEqual(['a', 'b', 'c', 'x']);
    expect(applyRuleSteps(['a', 'b', 'c'], [step('Set', 'c', { Identity: 'c', Priority: 0 })])).toEqual(['c', 'a', 'b']);
    expect(applyRuleSteps(['a', 'b', 'c'], [step('Set', 'a', { Identity: 'a', Priority: 2 })])).toEqual(['b', 'c', 'a']);
    expect(() => applyRuleSteps(['a', 'b'], [step('Set', 'a', { Identity: 'a', Priority: 2 })])).toThrow(/outside 0..1/);
    expect(() => applyRuleSteps(['a', 'b'], [step('New', 'x', { Name: 'x', Priority: 3 })])).toThrow(/outside 0..2/);
  });

  /** mulberry32: a small seeded PRNG, so failures reproduce. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  test.each([1, 7, 2024])('random layouts converge to the declared order in one plan (seed %i)', (seed) => {
    const random = prng(seed);
    for (let trial = 0; trial < 150; trial++) {
      // GIVEN some foreign rules, some stale managed rules and some of ours, shuffled
      const placement: RulePlacementValue = random() < 0.5 ? 'Top' : 'Bottom';
      const foreign = Array.from({ length: Math.floor(random() * 6) }, (_, i) => `F${i}`);
      const stale = Array.from({ length: Math.floor(random() * 3) }, (_, i) => `S${i}`);
      const present = OURS.filter(() => random() < 0.7);
      const order = [...foreign, ...stale, ...present];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      // WHEN
      const { plan, final } = priorityPlan(placement, order, stale);
      // THEN ours sit in declared order at the top or the bottom; foreign rules keep their order
      const context = `seed ${seed} trial ${trial} ${placement} [${order.join(', ')}]`;
      expect(plan.blockers).toEqual([]);
      const foreignInOrder = order.filter((n) => foreign.includes(n));
      expect({ context, final }).toEqual({ context, final: placement === 'Top' ? [...OURS, ...foreignInOrder] : [...foreignInOrder, ...OURS] });
      // each of our rules is created or moved at most once
      const touched = plan.steps.filter((s) => s.action === 'New' || s.parameters.Priority !== undefined).map((s) => s.name);
      expect(new Set(touched).size).toBe(touched.length);
      // and planning again against the result plans nothing
      const again = planTenant(tenant({ rulePlacement: placement }), withRules(final), LOCAL);
      expect({ context, steps: again.steps }).toEqual({ context, steps: [] });
    }
  });
});

describe('describePlan', () => {
  test('one line per step for what-if output, without the access section', () => {
    const observed = fixture('stale-managed');
    observed.OutboundConnector[0].SmartHosts = ['gw-old.provider.example'];
    observed.TransportRule.push(foreignRule('Top foreign', -1));
    const plan = planTenant(tenant(), observed, LOCAL);
    const lines = describePlan(plan, 'contoso');
    expect(lines).toEqual([
      "Tenant 'contoso': 0 to add, 4 to change, 3 to remove",
      `~ Set-OutboundConnector '${OUTBOUND}': SmartHosts [gw-old.provider.example] -> [gw1.provider.example, gw2.provider.example]`,
      `~ Set-TransportRule '${RULE_IN}': Priority 2 -> 0`,
      `~ Set-TransportRule '${RULE_OUT}': Priority 3 -> 1`,
      `~ Set-TransportRule '${RULE_CLEAN}': Priority 4 -> 2`,
      "- Remove-TransportRule '[SEPPmail] - 050 Route to old appliance'",
      "- Remove-OutboundConnector '[SEPPmail] ExchangeOnline -> Old appliance'",
      "- Remove-InboundConnector '[SEPPmail] Old appliance -> ExchangeOnline'",
    ]);
    const text = lines.join('\n');
    expect(text).not.toMatch(/CONTOSO_EXO_PFX|a1b2c3d4/);
  });

  test('new objects, blockers and an empty plan', () => {
    const created = describePlan(planTenant(tenant(), fixture('empty'), LOCAL), 'contoso');
    expect(created).toContain(`+ New-InboundConnector '${INBOUND}'`);
    expect(created).toContain(`+ New-TransportRule '${RULE_IN}' (Priority 0)`);
    expect(describePlan(planTenant(tenant(), fixture('converged-readback'), LOCAL), 'contoso')).toEqual([
      "Tenant 'contoso': no changes; Exchange Online matches the desired state",
    ]);
    const blocked = describePlan(planTenant(tenant(), fixture('unmarked-namesakes'), LOCAL), 'contoso');
    expect(blocked[0]).toMatch(/blocked, nothing will be changed \(2 problems\)/);
    expect(blocked[1]).toMatch(/^! InboundConnector/);
  });
});
