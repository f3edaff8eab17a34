/**
 * The planner: normalisers of what Exchange reads back, and planTenant (what to add, change and
 * remove).
 */
import { ObservedObject } from '../../lib/core/exo-model';
import {
  applyRuleSteps,
  canonicalEqual,
  normaliseInboundConnector,
  normaliseOutboundConnector,
  normaliseTransportRule,
  normaliseValue,
  observedRuleOrder,
  planTenant,
  PlanOptions,
  stripAddressSpace,
} from '../../lib/core/planner';
import {
  MARK,
  INBOUND,
  OUTBOUND,
  RULE_IN,
  RULE_OUT,
  RULE_CLEAN,
  OURS,
  inbound,
  outbound,
  ruleIn,
  ruleOut,
  ruleClean,
  tenant,
  LOCAL,
  fixture,
  summary,
} from './planner-fixtures';

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
