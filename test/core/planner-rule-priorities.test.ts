/**
 * The planner: rule priorities (placement of the declared rules among foreign and stale ones), and
 * describePlan (the what-if lines).
 */
import {
  DesiredObject,
  ExoParameters,
  ObservedObject,
  ObservedState,
  PlanStep,
  RulePlacementValue,
} from '../../lib/core/exo-model';
import { applyRuleSteps, describePlan, observedRuleOrder, planTenant } from '../../lib/core/planner';
import {
  MARK,
  INBOUND,
  OUTBOUND,
  RULE_IN,
  RULE_OUT,
  RULE_CLEAN,
  OURS,
  ruleIn,
  ruleOut,
  ruleClean,
  tenant,
  LOCAL,
  fixture,
  summary,
} from './planner-fixtures';

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
