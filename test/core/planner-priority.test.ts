/**
 * A declared transport rule Priority: planned with Set-TransportRule -Priority, with Exchange's
 * priority shifting, around the placement (Top/Bottom) of the other managed rules.
 */
import { ObservedObject, ObservedState, DesiredObject, RulePlacementValue } from '../../lib/core/exo-model';
import { applyRuleSteps, observedRuleOrder, planTenant } from '../../lib/core/planner';
import { R1, R2, outbound, rule, tenant, readBack, observedOf } from './drift-helpers';

const foreign = (name: string, priority: number): ObservedObject => ({ Name: name, Identity: name, Priority: priority, State: 'Enabled', Comments: 'by hand' });

// ---------------------------------------------------------------------------------------------
// 10. A declared rule priority
// ---------------------------------------------------------------------------------------------

describe('declared rule priority', () => {


  function run(objects: DesiredObject[], observed: ObservedState, placement: RulePlacementValue = 'Top') {
    const plan = planTenant(tenant(objects, placement), observed);
    expect(plan.blockers).toEqual([]);
    const final = applyRuleSteps(observedRuleOrder(observed.TransportRule), plan.steps);
    return { plan, final };
  }

  test('a rule whose observed priority differs from its declared one is moved there, and then stays', () => {
    const objects = [outbound(), rule(R1, { Priority: 2 })];
    const observed = observedOf(objects);
    observed.TransportRule.push(foreign('A', 1), foreign('B', 2));
    const { plan, final } = run(objects, observed);
    expect(plan.steps.map((s) => [s.cmdlet, s.name, s.parameters.Priority])).toEqual([['Set-TransportRule', R1, 2]]);
    expect(final).toEqual(['A', 'B', R1]);
    // converged: nothing more
    const again = observedOf([outbound()]);
    again.TransportRule.push(foreign('A', 0), foreign('B', 1), readBack(rule(R1, { Priority: 2 }), 2));
    expect(planTenant(tenant(objects), again)).toEqual({ steps: [], blockers: [] });
  });

  test('unpinned rules keep their placement around pinned ones; a missing pinned rule is created at its priority', () => {
    const objects = [outbound(), rule(R1), rule(R2, { Priority: 3 }), rule('Third')];
    const observed = observedOf([outbound()]);
    observed.TransportRule.push(foreign('A', 0), foreign('B', 1));
    const { plan, final } = run(objects, observed);
    expect(final).toEqual([R1, 'Third', 'A', R2, 'B']);
    expect(plan.steps.filter((s) => s.name === R2).map((s) => [s.action, s.parameters.Priority])).toEqual([['New', 3]]);
    // re-planned against the result: nothing
    const after: ObservedState = { ...observed, TransportRule: final.map((name, i) => (['A', 'B'].includes(name) ? foreign(name, i) : readBack(objects.find((o) => o.name === name)!, i))) };
    expect(planTenant(tenant(objects), after).steps).toEqual([]);
  });

  test('with Bottom placement, a pinned rule may sit above the other rules', () => {
    const objects = [outbound(), rule(R1, { Priority: 0 }), rule(R2)];
    const observed = observedOf(objects);
    observed.TransportRule.push(foreign('A', 2));
    const { final } = run(objects, observed, 'Bottom');
    expect(final).toEqual([R1, 'A', R2]);
  });

  test('a priority beyond the end puts the rule last', () => {
    const objects = [outbound(), rule(R1, { Priority: 99 }), rule(R2)];
    const observed = observedOf(objects);
    observed.TransportRule.push(foreign('A', 2));
    const { final } = run(objects, observed);
    expect(final).toEqual([R2, 'A', R1]);
  });

  test.each([
    ['a negative priority', [rule(R1, { Priority: -1 })], /Priority -1/],
    ['a priority that is not a whole number', [rule(R1, { Priority: 'first' })], /Priority 'first'/],
    ['two rules with one priority', [rule(R1, { Priority: 0 }), rule(R2, { Priority: 0 })], /Priority 0/],
  ])('%s blocks the plan with a clear message', (_title, rules, message) => {
    const plan = planTenant(tenant([outbound(), ...rules]), observedOf([outbound()]));
    expect(plan.steps).toEqual([]);
    expect(plan.blockers.join('\n')).toMatch(message);
  });
});


describe('declared rule priority, over many tenants', () => {
  /** A small deterministic generator, so a failure can be replayed. */
  function random(seed: number): () => number {
    let x = seed;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
  }

  test.each(Array.from({ length: 60 }, (_, i) => i + 1))('seed %i: pinned rules end at their priority, others keep their order, and a second plan is empty', (seed) => {
    const r = random(seed);
    const pick = (n: number): number => Math.floor(r() * n);
    const managedCount = 1 + pick(4);
    const foreignNames = Array.from({ length: pick(4) }, (_, i) => `foreign ${i}`);
    const total = managedCount + foreignNames.length;
    const used = new Set<number>();
    const rules: DesiredObject[] = Array.from({ length: managedCount }, (_, i) => {
      let priority: number | undefined;
      if (r() < 0.5) {
        const p = pick(total + 2);
        if (!used.has(p)) {
          used.add(p);
          priority = p;
        }
      }
      return rule(`managed ${i}`, priority === undefined ? {} : { Priority: priority });
    });
    const placement: RulePlacementValue = r() < 0.5 ? 'Top' : 'Bottom';
    const existing = rules.filter(() => r() < 0.7);
    const stale = r() < 0.3 ? [{ Name: 'old managed', Identity: 'old managed', State: 'Enabled', Comments: `old ${rules[0].parameters.Comments}` }] : [];
    const start: ObservedObject[] = [...existing.map((d) => readBack(d)), ...foreignNames.map((n) => foreign(n, 0)), ...stale];
    for (let i = start.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [start[i], start[j]] = [start[j], start[i]];
    }
    start.forEach((o, i) => (o.Priority = i));
    const observed: ObservedState = { ...observedOf([outbound()]), TransportRule: start };
    const desired = tenant([outbound(), ...rules], placement);
    const plan = planTenant(desired, observed);
    expect(plan.blockers).toEqual([]);
    // only managed rules are ever moved
    for (const s of plan.steps) expect(foreignNames).not.toContain(s.name);
    const final = applyRuleSteps(observedRuleOrder(start), plan.steps);
    expect(final).not.toContain('old managed');
    // each pinned rule sits at its priority; one past the end comes after every rule without one
    const pinned = rules.filter((d) => typeof d.parameters.Priority === 'number');
    const lastUnpinned = Math.max(-1, ...final.map((n, i) => (pinned.some((d) => d.name === n) ? -1 : i)));
    for (const d of pinned) {
      const p = Number(d.parameters.Priority);
      if (p < final.length) expect({ rule: d.name, at: final.indexOf(d.name) }).toEqual({ rule: d.name, at: p });
      else expect(final.indexOf(d.name)).toBeGreaterThan(lastUnpinned);
    }
    // foreign rules keep their relative order
    const foreignBefore = observedRuleOrder(start).filter((n) => foreignNames.includes(n));
    expect(final.filter((n) => foreignNames.includes(n))).toEqual(foreignBefore);
    // converged: a second plan does nothing
    const after: ObservedState = {
      ...observed,
      TransportRule: final.map((name, i) => (foreignNames.includes(name) ? foreign(name, i) : readBack(rules.find((d) => d.name === name)!, i))),
    };
    expect(planTenant(desired, after)).toEqual({ steps: [], blockers: [] });
  });
});
