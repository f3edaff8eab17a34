/**
 * Findings: what a validation rule reports. One shape for every rule, rendered
 * `CBC004[contoso]: <what is wrong> (<value>). Fix: <how>`.
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

/** A validation rule: a code, why it exists, and a pure check over the fleet. */
export interface RuleDefinition<T> {
  readonly code: string;
  readonly level: FindingLevel;
  /** One line: what the rule checks. */
  readonly title: string;
  /** One sentence: which mail-flow failure it prevents. */
  readonly explanation: string;
  readonly check: (subject: T) => Finding[];
}

/** Renders a finding as one line for annotations, errors and logs. */
export function formatFinding(f: Finding): string {
  return `${f.code}: ${f.message} (value: ${f.value}). Fix: ${f.fix} [${f.path}]`;
}
