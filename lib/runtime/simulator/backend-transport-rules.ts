/**
 * New-/Set-/Enable-/Disable-TransportRule in the simulated Exchange Online. Priority exactly as
 * exchange-online.md §1.3: New at an occupied value shifts that rule and all lower ones by one
 * (range 0..n, default n = last); Set moves the rule within 0..n-1; out of range fails with
 * Exchange's text. Rules read back `State`, never `Enabled`; Enable-TransportRule [-Mode] /
 * Disable-TransportRule change State.
 */
import { BoundParameters } from './backend-binding';
import { applyName, commitSet, findObject, HandlerContext, HandlerResult, requireUniqueName, sameObject } from './backend-steps';
import { validateObject } from './backend-validate';
import { applyParameters } from './backend-values';
import { InvalidRulePriorityError } from './errors';
import { cloneObject, newObjectRecord, renumberRules } from './objects';
import { TenantState } from './store';

/** New-TransportRule. */
export function newRule(context: HandlerContext, state: TenantState, bound: BoundParameters): HandlerResult {
  const name = bound.Name as string;
  requireUniqueName(state, 'TransportRule', name);
  const rules = state.TransportRule;
  const priority = bound.Priority === undefined ? rules.length : (bound.Priority as number);
  if (priority < 0 || priority > rules.length) throw new InvalidRulePriorityError(rules.length);
  const record = newObjectRecord('TransportRule', name, context.newGuid(), context.now().toISOString());
  record.State = bound.Enabled === false ? 'Disabled' : 'Enabled';
  applyParameters(state, 'TransportRule', record, bound);
  validateObject('TransportRule', record);
  rules.splice(priority, 0, record);
  renumberRules(rules);
  return { result: cloneObject(record), warnings: [], changed: true };
}

/** Set-TransportRule (no -Enabled: the catalogue rejects it). */
export function setRule(context: HandlerContext, state: TenantState, bound: BoundParameters): HandlerResult {
  const rules = state.TransportRule;
  const current = findObject(state, 'TransportRule', bound.Identity as string);
  if (bound.Priority !== undefined) {
    const priority = bound.Priority as number;
    if (priority < 0 || priority > rules.length - 1) throw new InvalidRulePriorityError(rules.length - 1);
  }
  const next = cloneObject(current);
  applyName(state, 'TransportRule', current, next, bound);
  applyParameters(state, 'TransportRule', next, bound);
  validateObject('TransportRule', next);
  const moved = bound.Priority !== undefined && bound.Priority !== current.Priority;
  if (moved) {
    const index = rules.indexOf(current);
    rules.splice(index, 1);
    rules.splice(bound.Priority as number, 0, current);
    renumberRules(rules);
    next.Priority = current.Priority;
  }
  if (moved && sameObject(current, next)) {
    current.WhenChanged = context.now().toISOString();
    return { result: null, warnings: [], changed: true };
  }
  const outcome = commitSet(context, state, 'TransportRule', current, next, bound.Identity as string);
  return moved ? { ...outcome, changed: true } : outcome;
}

/** Enable-TransportRule [-Mode] / Disable-TransportRule. */
export function setRuleState(context: HandlerContext, state: TenantState, bound: BoundParameters, wanted: 'Enabled' | 'Disabled'): HandlerResult {
  const rule = findObject(state, 'TransportRule', bound.Identity as string);
  let changed = false;
  if (rule.State !== wanted) {
    rule.State = wanted;
    changed = true;
  }
  if (wanted === 'Enabled' && typeof bound.Mode === 'string' && rule.Mode !== bound.Mode) {
    rule.Mode = bound.Mode;
    changed = true;
  }
  if (changed) rule.WhenChanged = context.now().toISOString();
  return { result: null, warnings: [], changed };
}
