/**
 * Transport-rule order: the order Exchange holds (by Priority), the order after a list of steps
 * (applied as Exchange applies them), and the Set/New steps that place the declared rules
 * (rulePlacement Top/Bottom, and rules pinned at a declared Priority).
 *
 * Pure: no I/O.
 */
import { ObservedObject, PlanStep, TenantDesiredState } from '../exo-model';
import { ERRORS, libraryError } from '../errors';
import { normaliseValue, readProperty } from './normalise';
import { indexOfName, key, Match, newParameters, observedName, step } from './plan-objects';

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

export function ruleEnabled(rule: ObservedObject): boolean | undefined {
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
export function placeRules(
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
