/**
 * Findings and rules. A rule is written once, as cdk-nag writes its rules: its code, level, title
 * and doc line are declared in one place ({@link defineRule}), and its check is a pure function
 * that calls `report(path, message, fix, value)` for every problem it sees. The code and level of
 * a finding come from the rule, so no rule types them twice. Rendered
 * `CBC004: <what is wrong> (value: <value>). Fix: <how> [<construct path>]`.
 */

export type FindingLevel = 'error' | 'warning';

export interface Finding {
  /** Stable rule code, e.g. `CBC004`. Codes are never reused. */
  readonly code: string;
  readonly level: FindingLevel;
  /** Construct path of the offending declaration. */
  readonly path: string;
  /** What is wrong here, naming the offending value. */
  readonly message: string;
  /** The offending value. */
  readonly value: string;
  /** How to fix it. */
  readonly fix: string;
}

/** What the registry knows of a code: declared once, read by the runner, the docs and Suppressions. */
export interface RuleInfo {
  /** Stable code, `CBC` and three digits; never reused. */
  readonly code: string;
  /** The level of its findings (a rule may raise one finding to `error`, see {@link Report}). */
  readonly level: FindingLevel;
  /** One line: what the rule checks. */
  readonly title: string;
  /** One sentence: which mail-flow failure it prevents. */
  readonly explanation: string;
  /**
   * Whether an error of this rule may be suppressed with a reason (Suppressions.add). Warnings
   * may always be; an error only where a deliberate setup can make it harmless.
   */
  readonly suppressible?: boolean;
}

/**
 * How a rule reports one problem: where (construct path), what is wrong, how to fix it, and the
 * offending value. `level` raises a warning rule's finding to an error where the rule documents
 * it (CBC027 on a gateway whose TLS client refuses the certificate).
 */
export type Report = (path: string, message: string, fix: string, value?: string, level?: FindingLevel) => void;

/** A validation rule: its registry entry and a pure check over the subject. */
export interface RuleDefinition<T> extends RuleInfo {
  readonly check: (subject: T, report: Report) => void;
}

/** Declares a rule: the registry entry once, and the check that reports through `report`. */
export function defineRule<T>(info: RuleInfo, check: (subject: T, report: Report) => void): RuleDefinition<T> {
  return { ...info, check };
}

/** Runs one rule and returns its findings, each with the rule's code and level. */
export function findingsOf<T>(rule: RuleDefinition<T>, subject: T): Finding[] {
  const out: Finding[] = [];
  rule.check(subject, (path, message, fix, value = '', level = rule.level) => {
    out.push({ code: rule.code, level, path, value, message, fix });
  });
  return out;
}

/** The code reported when a rule throws. */
export const RULE_FAILED: RuleInfo = {
  code: 'CBC000',
  level: 'error',
  title: 'Every validation rule could be evaluated',
  explanation: 'A rule that throws has checked nothing; passing over it would synthesize a fleet nobody validated.',
};

/**
 * Runs every rule and returns all findings at once, without repeats (one custom profile shared by
 * many tenants gives one finding, not one per tenant). A rule that throws is reported as a CBC000
 * error naming the rule, never a silent pass.
 */
export function runRules<T>(rules: readonly RuleDefinition<T>[], subject: T): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    let found: Finding[];
    try {
      found = findingsOf(rule, subject);
    } catch (e) {
      found = [{ code: RULE_FAILED.code, level: 'error', path: '/', value: rule.code, message: `rule ${rule.code} could not be evaluated: ${(e as Error).message}`, fix: 'report this as a bug' }];
    }
    for (const f of found) {
      const key = `${f.code}\u0000${f.path}\u0000${f.value}\u0000${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}

/** Renders a finding as one line for annotations, errors and logs. */
export function formatFinding(f: Finding): string {
  return `${f.code}: ${f.message} (value: ${f.value}). Fix: ${f.fix} [${f.path}]`;
}
