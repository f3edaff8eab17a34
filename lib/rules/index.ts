/**
 * The rule pack: the generic rules of lib/core, the rules of the gateway deployments and those of
 * the product profiles, in the one list the validation aspect runs; and the registry of every code
 * (rules and the codes synth reports itself) that docs/RULES.md and Suppressions read. Assembled
 * here, outside core, so core knows no gateway or profile.
 */
import { Finding, RuleDefinition, RuleInfo, runRules } from '../core/findings';
import { FLEET_MODEL_RULES, PROFILE_OBJECT_RULES, SYNTH_CODES, ValidationContext } from '../core/rules';
import { GATEWAY_DEPLOYMENT_RULES } from '../gateways/rules';
import { PRODUCT_PROFILE_RULES } from '../profiles/rules';

export { CHANGED_AFTER_VALIDATION, RULE_FAILED, SYNTH_CODES, ValidationContext } from '../core/rules';

/** Every validation rule, in the order they run. */
export const FLEET_RULES: readonly RuleDefinition<ValidationContext>[] = [...FLEET_MODEL_RULES, ...GATEWAY_DEPLOYMENT_RULES, ...PROFILE_OBJECT_RULES, ...PRODUCT_PROFILE_RULES];

/** Every code the library reports, rules and synth codes, in code order: the registry. */
export const RULE_REGISTRY: readonly RuleInfo[] = [...FLEET_RULES, ...SYNTH_CODES]
  .map(({ code, level, title, explanation, suppressible }): RuleInfo => ({ code, level, title, explanation, suppressible }))
  .sort((a, b) => a.code.localeCompare(b.code));

/** The registry entry of a code, or undefined when no rule has it. */
export function ruleInfo(code: string): RuleInfo | undefined {
  return RULE_REGISTRY.find((r) => r.code === code);
}

/**
 * Runs every rule and returns all findings at once. A rule that throws is reported as a
 * CBC000 error, never a silent pass.
 */
export function validateFleet(ctx: ValidationContext): Finding[] {
  return runRules(FLEET_RULES, ctx);
}
