/**
 * What the planner's parts share: name keys, how an observed object is named and recognised as
 * managed, how a step is built, and the match of a declared object with an observed one.
 *
 * Pure: no I/O.
 */
import { cmdletFor } from '../exo-catalogue';
import { DesiredObject, ExoObjectKind, ExoParameters, ExoValue, managedIdIn, ObservedObject, ParameterChange, PlanStep } from '../exo-model';
import { commentProperty, readProperty } from './normalise';

/** The kinds the planner converges, in creation order. */
export const KINDS: readonly ExoObjectKind[] = ['InboundConnector', 'OutboundConnector', 'TransportRule'];

export const key = (name: string): string => name.trim().toLowerCase();

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
export function desiredId(object: DesiredObject, marker: string): string | undefined {
  return managedIdIn(readProperty(object.parameters, commentProperty(object.kind)), marker);
}
export function indexOfName(list: readonly string[], name: string): number {
  const k = key(name);
  return list.findIndex((n) => key(n) === k);
}

export function step(action: PlanStep['action'], kind: ExoObjectKind, name: string, parameters: ExoParameters, changes?: ParameterChange[]): PlanStep {
  return changes ? { action, kind, name, cmdlet: cmdletFor(action, kind), parameters, changes } : { action, kind, name, cmdlet: cmdletFor(action, kind), parameters };
}

/** New-<kind> parameters: Name first, then everything declared (a declared rule Priority is placed by placeRules instead). */
export function newParameters(object: DesiredObject): ExoParameters {
  const out: ExoParameters = { Name: object.name };
  for (const [p, v] of Object.entries(object.parameters)) {
    const lower = p.toLowerCase();
    if (lower === 'name' || lower === 'identity') continue;
    if (object.kind === 'TransportRule' && lower === 'priority') continue;
    out[p] = v;
  }
  return out;
}

export function formatForMessage(value: ExoValue | undefined): string {
  if (value === undefined || value === null) return '$null';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

export interface Match {
  readonly desired: DesiredObject;
  readonly observed?: ObservedObject;
}

export interface KindPlan {
  readonly matches: Match[];
  /** Managed objects no longer declared. */
  readonly stale: ObservedObject[];
  /** Observed objects that are neither declared-and-matched nor ours. */
  readonly foreign: ObservedObject[];
}
