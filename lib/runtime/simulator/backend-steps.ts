/**
 * Steps the cmdlet handlers of the simulated Exchange Online share: what a handler gets and
 * returns, finding an object by identity, unique names per kind (case-insensitive), renaming on
 * Set-* -Name, committing a Set (or Exchange's "no settings modified" warning when nothing differs),
 * and Remove-* (an outbound connector still named by a rule's RouteMessageOutboundConnector cannot
 * be removed; removing a rule renumbers the others, exchange-online.md §1.3).
 */
import { ExoObjectKind, ExoReadableKind, ObservedObject } from '../../core/exo-model';
import { BoundParameters } from './backend-binding';
import { noChangeWarning } from './backend-warnings';
import { ManagementObjectAlreadyExistsError, ManagementObjectNotFoundError, OutboundConnectorInUseError, ParameterArgumentValidationError } from './errors';
import { findByIdentity, KIND_NOUN, renumberRules } from './objects';
import { TenantState } from './store';

/** What a cmdlet handler did: its output, warnings, and whether the tenant must be written back. */
export interface HandlerResult {
  result: ObservedObject | ObservedObject[] | null;
  warnings: string[];
  changed: boolean;
}

/** What the handlers take from the backend: its clock (WhenCreated/WhenChanged) and Guid factory. */
export interface HandlerContext {
  readonly now: () => Date;
  readonly newGuid: () => string;
}

/** The object of `kind` that `identity` names, or Exchange's not-found error. */
export function findObject(state: TenantState, kind: ExoObjectKind, identity: string): ObservedObject {
  const object = findByIdentity(state[kind], identity);
  if (!object) throw new ManagementObjectNotFoundError(identity);
  return object;
}

/** Names are unique per kind, case-insensitively (`except`: the object being renamed). */
export function requireUniqueName(state: TenantState, kind: ExoObjectKind, name: string, except?: ObservedObject): void {
  const lower = name.toLowerCase();
  const clash = state[kind].find((object) => object !== except && String(object.Name).toLowerCase() === lower);
  if (clash) throw new ManagementObjectAlreadyExistsError(KIND_NOUN[kind], name);
}

/** Set-* -Name: rename (unique, not empty), Identity follows the name. */
export function applyName(state: TenantState, kind: ExoObjectKind, current: ObservedObject, next: ObservedObject, bound: BoundParameters): void {
  if (!Object.prototype.hasOwnProperty.call(bound, 'Name')) return;
  const name = bound.Name;
  if (typeof name !== 'string' || name === '') throw new ParameterArgumentValidationError('Name', name === '' ? 'emptyString' : 'null');
  requireUniqueName(state, kind, name, current);
  next.Name = name;
  next.Identity = name;
}

/** Replaces `current` by `next` unless nothing differs (then Exchange's warning, no write). */
export function commitSet(context: HandlerContext, state: TenantState, kind: ExoReadableKind, current: ObservedObject, next: ObservedObject, identity: string): HandlerResult {
  if (sameObject(current, next)) return { result: null, warnings: [noChangeWarning(identity)], changed: false };
  next.WhenChanged = context.now().toISOString();
  const list = state[kind];
  list[list.indexOf(current)] = next;
  return { result: null, warnings: [], changed: true };
}

/** Remove-*: refused for an outbound connector a rule still routes to; rules are renumbered after. */
export function removeObject(state: TenantState, kind: ExoObjectKind, bound: BoundParameters): HandlerResult {
  const object = findObject(state, kind, bound.Identity as string);
  if (kind === 'OutboundConnector') {
    const users = state.TransportRule.filter(
      (rule) =>
        typeof rule.RouteMessageOutboundConnector === 'string' &&
        rule.RouteMessageOutboundConnector.toLowerCase() === String(object.Name).toLowerCase(),
    );
    if (users.length > 0) throw new OutboundConnectorInUseError(object.Name as string, users.map((rule) => rule.Name as string));
  }
  state[kind].splice(state[kind].indexOf(object), 1);
  if (kind === 'TransportRule') renumberRules(state.TransportRule);
  return { result: null, warnings: [], changed: true };
}

/** Whether two objects are the same apart from WhenChanged. */
export function sameObject(a: ObservedObject, b: ObservedObject): boolean {
  const strip = (object: ObservedObject): string => JSON.stringify({ ...object, WhenChanged: null });
  return strip(a) === strip(b);
}
