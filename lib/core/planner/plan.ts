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
 * Pure: no I/O.
 */
import { EXO_CATALOGUE, cmdletFor } from '../exo-catalogue';
import {
  DesiredObject,
  ExoObjectKind,
  ExoParameters,
  ExoValue,
  managedIdIn,
  ObservedObject,
  ObservedState,
  ParameterChange,
  PlanStep,
  TenantDesiredState,
  TenantPlan,
} from '../exo-model';
import { canonicalEqual, commentProperty, normaliseValue, readProperty } from './normalise';
import { ERRORS, libraryError } from '../errors';
import { undeclaredRuleSettings } from './undeclared';
import { ipRestrictionRemoval } from './ip-migration';

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

const KINDS: readonly ExoObjectKind[] = ['InboundConnector', 'OutboundConnector', 'TransportRule'];

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

const key = (name: string): string => name.trim().toLowerCase();

/** The name of an observed object (`Name`, else `Identity`). */
export function observedName(object: ObservedObject): string {
  const n = readProperty(object, 'Name') ?? readProperty(object, 'Identity');
  return n === null || n === undefined ? '' : String(n);
}

/** Whether an observed object carries `marker` in its Comment / Comments. */
export function isManaged(kind: ExoObjectKind, object: ObservedObject, marker: string): boolean {
  const c = readProperty(object, commentProperty(kind));
  return typeof c === 'string' && marker !== '' && c.includes(marker);
}

/** The stable id after the marker in a declared object's Comment / Comments, if it has one. */
function desiredId(object: DesiredObject, marker: string): string | undefined {
  return managedIdIn(readProperty(object.parameters, commentProperty(object.kind)), marker);
}

/** Observed rules in Exchange's priority order (0 first); rules without a priority go last. */
export function observedRuleOrder(rules: readonly ObservedObject[]): string[] {
  return rules
    .map((r, index) => {
      const p = normaliseValue('TransportRule', 'Priority', readProperty(r, 'Priority'));
      return { name: observedName(r), priority: typeof p === 'number' ? p : Number.MAX_SAFE_INTEGER, index };
    })
    .sort((a, b) => a.priority - b.priority || a.index - b.index)
    .map((r) => r.name);
}

function indexOfName(list: readonly string[], name: string): number {
  const k = key(name);
  return list.findIndex((n) => key(n) === k);
}

/**
 * Applies `steps` to a transport-rule list in priority order (index = priority) as Exchange
 * would: New with Priority p inserts at p and shifts the rest down (default: last), Set with
 * Priority p moves the rule to p, Remove deletes. Other steps leave the order alone. Throws on
 * an out-of-range priority or an unknown rule, like Exchange.
 */
export function applyRuleSteps(order: readonly string[], steps: readonly PlanStep[]): string[] {
  const list = [...order];
  for (const step of steps) {
    if (step.kind !== 'TransportRule') continue;
    const priority = step.parameters.Priority;
    if (step.action === 'New') {
      if (indexOfName(list, step.name) >= 0) throw libraryError(ERRORS.PLAN_NOT_APPLICABLE, `transport rule '${step.name}' already exists`);
      if (priority === undefined || priority === null) {
        list.push(step.name);
      } else {
        const p = Number(priority);
        if (!Number.isInteger(p) || p < 0 || p > list.length) {
          throw libraryError(ERRORS.PLAN_NOT_APPLICABLE, `New-TransportRule '${step.name}': priority ${priority} outside 0..${list.length}`);
        }
        list.splice(p, 0, step.name);
      }
      continue;
    }
    const at = indexOfName(list, step.name);
    if (step.action === 'Remove') {
      if (at < 0) throw libraryError(ERRORS.PLAN_NOT_APPLICABLE, `transport rule '${step.name}' not found`);
      list.splice(at, 1);
    } else if (step.action === 'Set' && priority !== undefined && priority !== null) {
      if (at < 0) throw libraryError(ERRORS.PLAN_NOT_APPLICABLE, `transport rule '${step.name}' not found`);
      const p = Number(priority);
      if (!Number.isInteger(p) || p < 0 || p > list.length - 1) {
        throw libraryError(ERRORS.PLAN_NOT_APPLICABLE, `Set-TransportRule '${step.name}': priority ${priority} outside 0..${list.length - 1}`);
      }
      const [rule] = list.splice(at, 1);
      list.splice(p, 0, rule);
    }
  }
  return list;
}

function step(action: PlanStep['action'], kind: ExoObjectKind, name: string, parameters: ExoParameters, changes?: ParameterChange[]): PlanStep {
  return changes ? { action, kind, name, cmdlet: cmdletFor(action, kind), parameters, changes } : { action, kind, name, cmdlet: cmdletFor(action, kind), parameters };
}

/** New-<kind> parameters: Name first, then everything declared (a declared rule Priority is placed by placeRules instead). */
function newParameters(object: DesiredObject): ExoParameters {
  const out: ExoParameters = { Name: object.name };
  for (const [p, v] of Object.entries(object.parameters)) {
    const lower = p.toLowerCase();
    if (lower === 'name' || lower === 'identity') continue;
    if (object.kind === 'TransportRule' && lower === 'priority') continue;
    out[p] = v;
  }
  return out;
}

function formatForMessage(value: ExoValue | undefined): string {
  if (value === undefined || value === null) return '$null';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

interface Match {
  readonly desired: DesiredObject;
  readonly observed?: ObservedObject;
}

interface KindPlan {
  readonly matches: Match[];
  /** Managed objects no longer declared. */
  readonly stale: ObservedObject[];
  /** Observed objects that are neither declared-and-matched nor ours. */
  readonly foreign: ObservedObject[];
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

  // --- match declared objects with observed ones, per kind ----------------------------------
  // First by the stable id after the marker (so an object renamed by hand is found again and
  // renamed back, never created a second time), then by name (objects deployed before ids
  // existed, adoption, and blocking on unmarked namesakes).
  const plans = {} as { [K in ExoObjectKind]: KindPlan };
  /** Observed name (key) -> declared name, for managed objects renamed by hand. */
  const renamed = {} as { [K in ExoObjectKind]: Map<string, string> };
  for (const kind of KINDS) {
    const live = observed[kind] ?? [];
    const byName = new Map<string, ObservedObject>();
    for (const o of live) byName.set(key(observedName(o)), o);
    const declaredOfKind = declared.filter((o) => o.kind === kind);
    const declaredNames = new Set(declaredOfKind.map((o) => key(o.name)));
    const found = new Map<DesiredObject, ObservedObject>();
    const taken = new Set<ObservedObject>();
    const idOwner = new Map<string, DesiredObject>();
    for (const d of declaredOfKind) {
      const id = desiredId(d, marker);
      if (id === undefined) continue;
      const other = idOwner.get(id);
      if (other) {
        blockers.push(`${kind} '${d.name}' and '${other.name}' carry the same id '${id}' after the marker; each object needs its own id: correct the desired-state document`);
        continue;
      }
      idOwner.set(id, d);
      const candidates = live.filter((o) => !taken.has(o) && isManaged(kind, o, marker) && managedIdIn(readProperty(o, commentProperty(kind)), marker) === id);
      const o = candidates.find((c) => key(observedName(c)) === key(d.name)) ?? candidates[0];
      if (o) {
        found.set(d, o);
        taken.add(o);
      }
    }
    const matches: Match[] = [];
    for (const d of declaredOfKind) {
      const byId = found.get(d);
      if (byId) {
        matches.push({ desired: d, observed: byId });
        continue;
      }
      const o = byName.get(key(d.name));
      if (!o) {
        matches.push({ desired: d });
      } else if (taken.has(o)) {
        const holder = [...found.entries()].find(([, v]) => v === o)?.[0];
        blockers.push(
          `${kind} '${observedName(o)}' carries the id of the declared '${holder?.name ?? '?'}' but the name of the declared '${d.name}' ` +
            '(objects renamed by hand onto each other); rename them in Exchange so that each has its declared name, then apply again',
        );
      } else if (isManaged(kind, o, marker) || desired.adoptExisting) {
        matches.push({ desired: d, observed: o });
        taken.add(o);
      } else {
        blockers.push(
          `${kind} '${observedName(o)}' already exists in the tenant without the marker '${marker}' in its ${commentProperty(kind)}; ` +
            'it is not managed by this library and will not be changed. Remove or rename it in Exchange, declare another name, ' +
            'or set adoptExisting to take it over',
        );
        taken.add(o);
      }
    }
    // Renames back to the declared name: the name must be free (Exchange names are unique per kind).
    renamed[kind] = new Map();
    const swapped = new Set<ObservedObject>();
    for (const m of matches) {
      if (!m.observed) continue;
      const current = observedName(m.observed);
      if (key(current) === key(m.desired.name)) continue;
      const holder = byName.get(key(m.desired.name));
      const holderMatch = holder && holder !== m.observed ? matches.find((x) => x.observed === holder) : undefined;
      if (holderMatch) {
        // Reported once per pair.
        if (swapped.has(holder!)) continue;
        swapped.add(m.observed);
        blockers.push(
          `${kind} '${current}' is the managed '${m.desired.name}' and '${observedName(holder!)}' is the managed '${holderMatch.desired.name}' ` +
            '(same ids after the marker): they were renamed onto each other by hand; give each its declared name in Exchange ' +
            '(through a temporary name), then apply again',
        );
      } else if (holder && holder !== m.observed) {
        blockers.push(
          `${kind} '${current}' is the managed '${m.desired.name}' renamed by hand (same id after the marker), but another ${kind} ` +
            `named '${observedName(holder)}' now holds that name, so it cannot be renamed back; remove or rename '${observedName(holder)}' in Exchange`,
        );
      } else if (!canSet(kind, 'Name')) {
        blockers.push(`${kind} '${current}' is the managed '${m.desired.name}' renamed by hand, and ${cmdletFor('Set', kind)} cannot rename it; rename it in Exchange`);
      }
      renamed[kind].set(key(current), m.desired.name);
    }
    const stale = live.filter((o) => !taken.has(o) && isManaged(kind, o, marker) && !declaredNames.has(key(observedName(o))));
    const foreign = live.filter((o) => !taken.has(o) && !stale.includes(o));
    plans[kind] = { matches, stale, foreign };
  }

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

function ruleEnabled(rule: ObservedObject): boolean | undefined {
  const state = readProperty(rule, 'State');
  if (typeof state === 'string') {
    const s = state.trim().toLowerCase();
    if (s === 'enabled') return true;
    if (s === 'disabled') return false;
  }
  const enabled = normaliseValue('TransportRule', 'Enabled', readProperty(rule, 'Enabled'));
  return typeof enabled === 'boolean' ? enabled : undefined;
}

/**
 * Creates the missing declared rules and moves the existing ones so that, in Exchange's
 * priority list, ours come in declared order at the top (`Top`: priorities 0..k-1) or at the
 * bottom (`Bottom`: the last k, after every other rule). Other rules keep their relative order.
 *
 * A rule that declares a `Priority` (`pins`) is left out of that block and ends at that
 * priority of the final list; priorities past its end go to the last places, in priority order.
 * The other rules keep the order placement gave them around the pinned ones, which are placed last.
 *
 * Managed rules that are no longer declared (`leaving`) are removed after placement; positions
 * are judged as if they were already gone, so they cause no moves of their own. Each step is
 * applied to a simulated list, so every Priority is valid at the moment Exchange runs it
 * (New-TransportRule inserts and shifts the rules below; Set-TransportRule -Priority moves one
 * rule and shifts the ones in between: exchange-online.md §1.3).
 */
function placeRules(
  allRules: readonly Match[],
  current: readonly string[],
  placement: TenantDesiredState['rulePlacement'],
  leaving: ReadonlySet<string>,
  pins: ReadonlyMap<Match, number> = new Map(),
): PlanStep[] {
  const steps: PlanStep[] = [];
  const list = [...current];
  const rules = allRules.filter((m) => !pins.has(m));
  const pinnedNames = new Set([...pins.keys()].map((m) => key(m.desired.name)));
  const k = rules.length;
  /** The rules that stay and are not pinned: where placement judges positions. */
  const placed = (): string[] => list.filter((n) => !leaving.has(key(n)) && !pinnedNames.has(key(n)));
  /** Position among the rules that stay and are not pinned. */
  const staying = (name: string): number => placed().findIndex((n) => key(n) === key(name));
  const stayingCount = (): number => placed().length;
  /** Moves `m` so that it ends right after `after` (or at the top), or right before `before` (or at the bottom). */
  const move = (m: Match, anchor: { after?: string; before?: string; top?: boolean; bottom?: boolean }): void => {
    const name = m.desired.name;
    const from = indexOfName(list, name);
    const rest = list.filter((_, j) => j !== from);
    let to: number;
    if (anchor.top) to = 0;
    else if (anchor.bottom) to = rest.length;
    else if (anchor.after !== undefined) to = indexOfName(rest, anchor.after) + 1;
    else to = indexOfName(rest, anchor.before ?? name);
    if (to === from) return;
    steps.push(step('Set', 'TransportRule', name, { Identity: name, Priority: to }, [{ parameter: 'Priority', current: from, desired: to }]));
    rest.splice(to, 0, list[from]);
    list.splice(0, list.length, ...rest);
  };
  const create = (m: Match, at: number | undefined): void => {
    const parameters = newParameters(m.desired);
    if (at !== undefined) parameters.Priority = at;
    steps.push(step('New', 'TransportRule', m.desired.name, parameters));
    list.splice(at ?? list.length, 0, m.desired.name);
  };
  const exists = (m: Match): boolean => m.observed !== undefined && indexOfName(list, m.desired.name) >= 0;

  if (placement === 'Bottom') {
    // Missing rules are appended (default priority = last) in declared order; then, last
    // declared rule first, each one is moved right above the ones already placed at the end.
    for (const m of rules) if (!exists(m)) create(m, undefined);
    for (let i = k - 1; i >= 0; i--) {
      const m = rules[i];
      if (staying(m.desired.name) === stayingCount() - k + i) continue;
      if (i === k - 1) move(m, { bottom: true });
      else move(m, { before: rules[i + 1].desired.name });
    }
  } else {
    // First declared rule first: each one is inserted or moved right below the ones placed.
    for (let i = 0; i < k; i++) {
      const m = rules[i];
      const after = i === 0 ? undefined : rules[i - 1].desired.name;
      if (!exists(m)) {
        create(m, after === undefined ? 0 : indexOfName(list, after) + 1);
      } else if (staying(m.desired.name) !== i) {
        move(m, after === undefined ? { top: true } : { after });
      }
    }
  }

  if (pins.size > 0) pinRules(list, pins, leaving, move, create);
  return steps;
}

/**
 * Puts each pinned rule at its declared priority among the rules that stay, creating the
 * missing ones there. The final order puts each pinned rule at its priority (those past the end
 * at the last places, in priority order) and the other rules, in their current order, in the
 * places left. Walking that order from the top, a
 * misplaced position is fixed by moving up the rule that belongs there, or, when a pinned rule
 * sits too high, by moving that rule down to its own place; only pinned rules ever move.
 */
function pinRules(
  list: string[],
  pins: ReadonlyMap<Match, number>,
  leaving: ReadonlySet<string>,
  move: (m: Match, anchor: { after?: string; before?: string }) => void,
  create: (m: Match, at: number | undefined) => void,
): void {
  const byName = new Map([...pins.keys()].map((m) => [key(m.desired.name), m] as const));
  const stay = (): string[] => list.filter((n) => !leaving.has(key(n)));
  const base = stay().filter((n) => !byName.has(key(n)));
  const size = base.length + pins.size;
  const slots: (string | undefined)[] = new Array<string | undefined>(size).fill(undefined);
  const beyond: string[] = [];
  for (const [m, priority] of [...pins.entries()].sort((a, b) => a[1] - b[1])) {
    if (priority < size) slots[priority] = m.desired.name;
    else beyond.push(m.desired.name);
  }
  // Priorities past the end: the last free places, in priority order.
  const free = slots.map((n, i) => (n === undefined ? i : -1)).filter((i) => i >= 0);
  free.slice(free.length - beyond.length).forEach((i, j) => (slots[i] = beyond[j]));
  let next = 0;
  const target: string[] = slots.map((n) => n ?? base[next++]);
  const guard = (target.length + 1) * (pins.size + 1) + 1;
  let i = 0;
  for (let round = 0; i < target.length; round++) {
    if (round > guard) throw libraryError(ERRORS.INTERNAL, 'internal error: rule priorities did not settle');
    const now = stay();
    if (i < now.length && key(now[i]) === key(target[i])) {
      i++;
      continue;
    }
    const wanted = byName.get(key(target[i]));
    if (wanted) {
      // The pinned rule that belongs here: insert it or move it up, right above what is here now.
      if (indexOfName(list, wanted.desired.name) < 0) {
        create(wanted, i < now.length ? indexOfName(list, now[i]) : undefined);
      } else {
        move(wanted, { before: now[i] });
      }
      continue;
    }
    // A pinned rule sits above its place: move it down, right below what will precede it.
    const early = byName.get(key(now[i]));
    if (!early) throw libraryError(ERRORS.INTERNAL, 'internal error: rule priorities out of order');
    const t = target.findIndex((n) => key(n) === key(early.desired.name));
    move(early, { after: now[t] });
  }
}

/** A value as the what-if output shows it. */
export function formatValue(value: ExoValue | undefined): string {
  return formatForMessage(value);
}

const SYMBOL: { readonly [A in PlanStep['action']]: string } = { New: '+', Set: '~', Enable: '~', Disable: '~', Remove: '-' };

/** One line for one step, e.g. `~ Set-OutboundConnector '[SEPPmail] ExchangeOnline -> Appliance': SmartHosts [a] -> [b]`. */
export function describeStep(s: PlanStep): string {
  let line = `${SYMBOL[s.action]} ${s.cmdlet} '${s.name}'`;
  if (s.action === 'New' && s.parameters.Priority !== undefined && s.parameters.Priority !== null) {
    line += ` (Priority ${s.parameters.Priority})`;
  }
  if (s.action === 'Set' && s.changes && s.changes.length > 0) {
    line += ': ' + s.changes.map((c) => `${c.parameter} ${formatValue(c.current)} -> ${formatValue(c.desired)}`).join('; ');
  }
  return line;
}

/**
 * The plan as human-readable lines for what-if output: a summary line, then one line per
 * blocker (`! …`) or per step (`+` new, `~` change, `-` remove). Steps carry no secrets, and
 * nothing of the desired state's access section is printed.
 */
export function describePlan(plan: TenantPlan, tenantName: string): string[] {
  if (plan.blockers.length > 0) {
    return [
      `Tenant '${tenantName}': blocked, nothing will be changed (${plan.blockers.length} problem${plan.blockers.length === 1 ? '' : 's'})`,
      ...plan.blockers.map((b) => `! ${b}`),
    ];
  }
  if (plan.steps.length === 0) return [`Tenant '${tenantName}': no changes; Exchange Online matches the desired state`];
  const count = (actions: PlanStep['action'][]): number => plan.steps.filter((s) => actions.includes(s.action)).length;
  return [
    `Tenant '${tenantName}': ${count(['New'])} to add, ${count(['Set', 'Enable', 'Disable'])} to change, ${count(['Remove'])} to remove`,
    ...plan.steps.map(describeStep),
  ];
}
