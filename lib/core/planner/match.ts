/**
 * Which observed object each declared object is: first by the stable id after the marker (so an
 * object renamed by hand is found again and renamed back, never created a second time), then by
 * name (objects deployed before ids existed, adoption, and blocking on unmarked namesakes). Also
 * which managed objects are no longer declared (stale) and which are someone else's (foreign).
 *
 * Pure: no I/O.
 */
import { cmdletFor } from '../exo-catalogue';
import { DesiredObject, ExoObjectKind, managedIdIn, ObservedObject, ObservedState } from '../exo-model';
import { commentProperty, readProperty } from './normalise';
import { desiredId, isManaged, key, KindPlan, KINDS, Match, observedName } from './plan-objects';

/** The matches per kind, and the hand-renamed managed objects (observed name key -> declared name). */
export interface ObjectMatches {
  readonly plans: { [K in ExoObjectKind]: KindPlan };
  readonly renamed: { [K in ExoObjectKind]: Map<string, string> };
}

/** Matches `declared` with `observed`, per kind; what forbids the plan is pushed to `blockers`. */
export function matchObjects(
  declared: readonly DesiredObject[],
  observed: ObservedState,
  marker: string,
  adoptExisting: boolean,
  canSet: (kind: ExoObjectKind, parameter: string) => boolean,
  blockers: string[],
): ObjectMatches {
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
      } else if (isManaged(kind, o, marker) || adoptExisting) {
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
  return { plans, renamed };
}
