/**
 * Settings an admin added by hand to a managed transport rule: a condition, exception or action
 * the desired state does not declare. The planner compares declared parameters only, so by
 * default converge leaves such an addition in place; drift reports it, and a rule declared
 * `strict` has it cleared by converge (Set-TransportRule -<parameter> $null).
 *
 * Clearing: a predicate or action is set to `$null`, the form Exchange cmdlets take to empty a
 * property (shared reference seppmail365.md: SEPPmail365's Set-SM365ARCSetting empties a list with
 * `Set-InboundConnector -EFSkipIPs $null`; exchange-online.md §1.3: Set-TransportRule takes the
 * same predicates and actions as New-TransportRule). The shared reference does not quote
 * Set-TransportRule's own text on clearing a predicate, so this stays an opt-in (`strict`).
 *
 * Only the predicates and actions the catalogue knows (EXO_CATALOGUE['Set-TransportRule']) are
 * looked at; rule-wide settings (Mode, RuleErrorAction, StopRuleProcessing, SenderAddressLocation,
 * activation window, Comments) have documented defaults and are not conditions or actions.
 *
 * Pure: no I/O.
 */
import { EXO_CATALOGUE } from '../exo-catalogue';
import { DesiredObject, ExoValue, ObservedObject } from '../exo-model';
import { canonicalEqual, documentedDefault, normaliseValue, readProperty } from './normalise';

/** Rule-wide settings and identity: never conditions, exceptions or actions. */
const NOT_PREDICATES = new Set(
  ['Identity', 'Name', 'Comments', 'Confirm', 'Mode', 'Priority', 'Enabled', 'RuleErrorAction', 'StopRuleProcessing', 'SenderAddressLocation', 'ActivationDate', 'ExpiryDate'].map((p) =>
    p.toLowerCase(),
  ),
);

/** The conditions, exceptions and actions of Set-TransportRule that the catalogue knows. */
export function rulePredicateParameters(): string[] {
  return Object.keys(EXO_CATALOGUE['Set-TransportRule']?.parameters ?? {}).filter((p) => !NOT_PREDICATES.has(p.toLowerCase()));
}

/** One undeclared setting found on a managed rule. */
export interface UndeclaredSetting {
  readonly parameter: string;
  readonly found: ExoValue;
}

/**
 * The conditions, exceptions and actions `observed` (a managed rule as read back) holds with a
 * value although `desired` does not declare them. Empty values (`$null`, `''`, an empty list, and
 * `$false` for a switch-like Boolean, which is what an unset Boolean predicate reads back as) and
 * Exchange's documented default of a parameter do not count.
 */
export function undeclaredRuleSettings(desired: DesiredObject, observed: ObservedObject): UndeclaredSetting[] {
  if (desired.kind !== 'TransportRule') return [];
  const out: UndeclaredSetting[] = [];
  for (const p of rulePredicateParameters()) {
    if (readProperty(desired.parameters, p) !== undefined) continue;
    const found = readProperty(observed, p);
    const canonical = normaliseValue('TransportRule', p, found);
    if (canonical === null || canonical === '' || canonical === false || (Array.isArray(canonical) && canonical.length === 0)) continue;
    // A value that is Exchange's documented default is no addition either.
    const byDefault = documentedDefault('TransportRule', p);
    if (byDefault !== undefined && canonicalEqual(canonical, normaliseValue('TransportRule', p, byDefault))) continue;
    out.push({ parameter: p, found: found === undefined ? null : found });
  }
  return out;
}
