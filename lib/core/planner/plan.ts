/**
 * The planner: a tenant's desired state plus what Exchange Online holds now -> the ordered,
 * allow-listed cmdlet calls that converge the tenant, or the blockers that forbid any change.
 *
 * Rules it keeps:
 * - only objects carrying the marker in their Comment (connectors) / Comments (rules) are ever
 *   changed or removed; an unmarked object holding a declared name blocks the plan unless the
 *   tenant adopts existing objects;
 * - only declared parameters are compared, after normalising Exchange's read-back forms
 *   (./normalise.ts); a Set carries only what differs. One exception: an inbound connector that
 *   gets a certificate name but still lists source IPs loses them in a second Set
 *   (./ip-migration.ts);
 * - nothing is deleted and recreated to change it: a difference Set-<kind> cannot apply blocks;
 * - order: inbound connectors, outbound connectors, rules (parameters, state, then priority);
 *   removals last and in reverse (rules, outbound, inbound);
 * - priorities are simulated as Exchange applies them, and only the needed moves are emitted;
 *   a rule that declares a Priority is kept at it, the others placed Top/Bottom around it;
 * - managed objects are matched by the stable id after the marker, then by name: one renamed by
 *   hand is renamed back with Set-<kind> -Name.
 *
 * Its parts: ./match.ts (which observed object each declared one is), ./rule-order.ts (rule
 * priorities), ./ip-migration.ts, ./describe.ts (the plan as text), ./plan-objects.ts (shared).
 *
 * Pure: no I/O.
 */
import { EXO_CATALOGUE, cmdletFor } from '../exo-catalogue';
import { DesiredObject, ExoObjectKind, ExoParameters, ExoValue, ObservedState, ParameterChange, PlanStep, TenantDesiredState, TenantPlan } from '../exo-model';
import { canonicalEqual, commentProperty, normaliseValue, readProperty } from './normalise';
import { undeclaredRuleSettings } from './undeclared';
import { ipRestrictionRemoval } from './ip-migration';
import { matchObjects } from './match';
import { formatForMessage, key, KINDS, Match, newParameters, observedName, step } from './plan-objects';
import { observedRuleOrder, placeRules, ruleEnabled } from './rule-order';

export { isManaged, observedName } from './plan-objects';
export { applyRuleSteps, observedRuleOrder } from './rule-order';
export { describePlan, describeStep, formatValue } from './describe';

/** Options of {@link planTenant}. */
export interface PlanOptions {
  /**
   * Whether `Set-<kind>` has a parameter `parameter` (so a difference in it can be applied in
   * place).
   * @default - looked up in EXO_CATALOGUE['Set-<kind>'].parameters ({@link canSetFromCatalogue})
   */
  readonly canSet?: (kind: ExoObjectKind, parameter: string) => boolean;
  /**
   * Keep the steps planned for everything else when there are blockers (the drift report lists
   * both); converge never runs such a plan.
   * @default false (a blocked plan has no steps)
   */
  readonly keepStepsWhenBlocked?: boolean;
}

/** Parameters never compared as such: identity, and what rules handle with their own cmdlets. */
function isComparedParameter(kind: ExoObjectKind, parameter: string): boolean {
  const p = parameter.toLowerCase();
  if (p === 'name' || p === 'identity') return false;
  if (kind === 'TransportRule' && (p === 'enabled' || p === 'priority')) return false;
  return true;
}

/** Whether `Set-<kind>` lists `parameter` in the catalogue (names compared case-insensitively). */
export function canSetFromCatalogue(kind: ExoObjectKind, parameter: string): boolean {
  const spec = EXO_CATALOGUE[cmdletFor('Set', kind)];
  if (!spec) return false;
  const p = parameter.toLowerCase();
  return Object.keys(spec.parameters).some((k) => k.toLowerCase() === p);
}

/**
 * Plans the convergence of one tenant: `desired` (the synthesized document) against `observed`
 * (what Exchange returned). When `blockers` is not empty, `steps` is empty.
 */
export function planTenant(desired: TenantDesiredState, observed: ObservedState, options: PlanOptions = {}): TenantPlan {
  const canSet = options.canSet ?? canSetFromCatalogue;
  const marker = desired.marker;
  const tenant = desired.tenant?.name ?? '';
  const blockers: string[] = [];
  const declared: readonly DesiredObject[] = desired.retired ? [] : desired.objects;

  if (!marker || marker.trim() === '') {
    blockers.push(`tenant '${tenant}': the desired state has no marker; without it no object can be told apart as managed`);
  }

  // --- declared objects: unique names, marker carried ---------------------------------------
  const seen = new Map<string, DesiredObject>();
  for (const object of declared) {
    const id = `${object.kind}:${key(object.name)}`;
    if (seen.has(id)) {
      blockers.push(`${object.kind} '${object.name}' is declared twice (names are unique per kind, case-insensitively); give each object its own name`);
    }
    seen.set(id, object);
    const comment = readProperty(object.parameters, commentProperty(object.kind));
    if (marker && (typeof comment !== 'string' || !comment.includes(marker))) {
      blockers.push(
        `${object.kind} '${object.name}': its declared ${commentProperty(object.kind)} does not contain the marker '${marker}', ` +
          'so it would not be recognised as managed once created; add the marker to it',
      );
    }
  }

  const { plans, renamed } = matchObjects(declared, observed, marker, desired.adoptExisting === true, canSet, blockers);

  // --- diff matched objects ------------------------------------------------------------------
  const setSteps = new Map<Match, PlanStep[]>();
  for (const kind of KINDS) {
    for (const m of plans[kind].matches) {
      if (!m.observed) continue;
      const steps: PlanStep[] = [];
      const changes: ParameterChange[] = [];
      const current = observedName(m.observed);
      const parameters: ExoParameters = { Identity: current };
      if (key(current) !== key(m.desired.name)) {
        // Renamed by hand: Set-InboundConnector / Set-OutboundConnector / Set-TransportRule -Name
        // renames (cmdlet reference: exchange-online.md §1.1 "Set has -Name for rename"; the
        // Set-OutboundConnector.md and Set-TransportRule.md syntax lists -Name <String>).
        parameters.Name = m.desired.name;
        changes.push({ parameter: 'Name', current, desired: m.desired.name });
      }
      for (const [p, want] of Object.entries(m.desired.parameters)) {
        if (!isComparedParameter(kind, p)) continue;
        let have = readProperty(m.observed, p);
        if (kind === 'TransportRule' && p.toLowerCase() === 'routemessageoutboundconnector' && typeof have === 'string') {
          // A rule that reads back the hand-made name of a managed outbound connector this plan
          // renames back names the declared connector once that Set ran. (Whether Exchange keeps
          // a rule on the connector object across a rename is not documented; the simulator does.
          // Either way the rule ends pointing at the declared name, so this is no drift.)
          have = renamed.OutboundConnector.get(key(have)) ?? have;
        }
        const same = canonicalEqual(normaliseValue(kind, p, want, want), normaliseValue(kind, p, have, want));
        if (same) continue;
        if (!canSet(kind, p)) {
          blockers.push(
            `${kind} '${m.desired.name}': ${p} is ${formatForMessage(have)} in Exchange but declared ${formatForMessage(want)}, ` +
              `and ${cmdletFor('Set', kind)} cannot change ${p}; change it in Exchange by hand or declare the current value ` +
              '(the planner never deletes and recreates an object to change it)',
          );
          continue;
        }
        changes.push({ parameter: p, current: have === undefined ? null : have, desired: want });
        parameters[p] = want;
      }
      if (m.desired.strict === true) {
        // Conditions and actions added by hand to a rule declared strict are cleared:
        // Set-TransportRule -<parameter> $null removes a predicate or action (see undeclared.ts).
        for (const u of undeclaredRuleSettings(m.desired, m.observed)) {
          changes.push({ parameter: u.parameter, current: u.found, desired: null });
          parameters[u.parameter] = null;
        }
      }
      if (changes.length > 0) steps.push(step('Set', kind, m.desired.name, parameters, changes));
      // An inbound connector still identified by IP: the certificate name first (above), then the
      // addresses go, in a second call (./ip-migration.ts).
      const dropIps = ipRestrictionRemoval(m.desired, m.observed);
      if (dropIps) {
        const identity = key(current) === key(m.desired.name) ? current : m.desired.name;
        steps.push(step('Set', kind, m.desired.name, { Identity: identity, ...dropIps.parameters }, dropIps.changes));
      }
      if (kind === 'TransportRule') {
        const wantEnabled = readProperty(m.desired.parameters, 'Enabled');
        if (wantEnabled !== undefined && wantEnabled !== null) {
          const want = normaliseValue('TransportRule', 'Enabled', wantEnabled);
          const haveEnabled = ruleEnabled(m.observed);
          if (want === true && haveEnabled !== true) {
            steps.push(step('Enable', kind, m.desired.name, { Identity: m.desired.name }));
          } else if (want === false && haveEnabled !== false) {
            steps.push(step('Disable', kind, m.desired.name, { Identity: m.desired.name, Confirm: false }));
          }
        }
      }
      setSteps.set(m, steps);
    }
  }

  // --- rules must not be left routing to an outbound connector that goes away ---------------
  const goingAway = new Set(plans.OutboundConnector.stale.map((o) => key(observedName(o))));
  if (goingAway.size > 0) {
    const survivors: { name: string; route: ExoValue | undefined; ours: boolean }[] = [
      ...plans.TransportRule.matches.map((m) => {
        const declaredRoute = readProperty(m.desired.parameters, 'RouteMessageOutboundConnector');
        const route = declaredRoute !== undefined ? declaredRoute : m.observed ? readProperty(m.observed, 'RouteMessageOutboundConnector') : undefined;
        return { name: m.desired.name, route, ours: true };
      }),
      ...plans.TransportRule.foreign.map((o) => ({ name: observedName(o), route: readProperty(o, 'RouteMessageOutboundConnector'), ours: false })),
    ];
    for (const s of survivors) {
      if (typeof s.route === 'string' && goingAway.has(key(s.route))) {
        blockers.push(
          `TransportRule '${s.name}'${s.ours ? '' : ' (not managed by this library)'} routes to outbound connector '${s.route}', ` +
            'which is no longer declared and would be removed; ' +
            (s.ours ? 'declare that connector again or route the rule elsewhere' : 'change or remove that rule in Exchange first'),
        );
      }
    }
  }

  // --- declared rule priorities ---------------------------------------------------------------
  const pins = new Map<Match, number>();
  const pinnedAt = new Map<number, string>();
  for (const m of plans.TransportRule.matches) {
    const declaredPriority = readProperty(m.desired.parameters, 'Priority');
    if (declaredPriority === undefined || declaredPriority === null) continue;
    const p = normaliseValue('TransportRule', 'Priority', declaredPriority);
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) {
      blockers.push(
        `TransportRule '${m.desired.name}': Priority ${formatForMessage(declaredPriority)} is not a priority; ` +
          'declare a whole number from 0 (the first rule), or leave Priority out to place the rule with rulePlacement',
      );
      continue;
    }
    const other = pinnedAt.get(p);
    if (other !== undefined) {
      blockers.push(`TransportRule '${m.desired.name}' and '${other}' both declare Priority ${p}; a priority holds one rule, give each its own`);
      continue;
    }
    pinnedAt.set(p, m.desired.name);
    pins.set(m, p);
  }

  if (blockers.length > 0 && options.keepStepsWhenBlocked !== true) return { steps: [], blockers };

  // --- steps ---------------------------------------------------------------------------------
  const steps: PlanStep[] = [];
  for (const kind of ['InboundConnector', 'OutboundConnector'] as const) {
    for (const m of plans[kind].matches) {
      if (!m.observed) steps.push(step('New', kind, m.desired.name, newParameters(m.desired)));
      else steps.push(...(setSteps.get(m) ?? []));
    }
  }

  // Rules: parameters and state first, then creation and placement.
  const rules = plans.TransportRule.matches;
  for (const m of rules) if (m.observed) steps.push(...(setSteps.get(m) ?? []));
  const leaving = new Set(plans.TransportRule.stale.map((o) => key(observedName(o))));
  const order = observedRuleOrder(observed.TransportRule ?? []).map((n) => renamed.TransportRule.get(key(n)) ?? n);
  steps.push(...placeRules(rules, order, desired.rulePlacement, leaving, pins));

  // Removals, in reverse: rules, outbound, inbound.
  for (const kind of ['TransportRule', 'OutboundConnector', 'InboundConnector'] as const) {
    for (const o of plans[kind].stale) {
      const name = observedName(o);
      steps.push(step('Remove', kind, name, { Identity: name, Confirm: false }));
    }
  }
  return { steps, blockers };
}
