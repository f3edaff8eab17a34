import { IConstruct } from 'constructs';
import { ERRORS, libraryError } from '../core/errors';
import { RULE_REGISTRY, ruleInfo } from '../rules';
import { storeSuppression } from './private/suppression-store';

/** One suppression: the validation code whose findings do not apply here, and why. */
export interface Suppression {
  /** The validation code, e.g. `CBC013` (docs/RULES.md lists them and which errors may be suppressed). */
  readonly code: string;
  /** Why the finding does not apply here, in words a reviewer can check (at least 10 characters). */
  readonly reason: string;
}

/**
 * Suppresses validation findings on a construct and everything under it, each with a reason, as
 * cdk-nag's NagSuppressions do. A suppressed finding does not fail or warn; it is echoed as an
 * info annotation naming the code and the reason, so the decision stays visible in every synth.
 * Warnings may always be suppressed; an error only where its rule allows it (docs/RULES.md).
 *
 * @example
 * Suppressions.add(tenant, [{ code: 'CBC013', reason: 'the vendor issues only a wildcard certificate for this tenant' }]);
 */
export class Suppressions {
  /** The shortest reason a suppression accepts: long enough to say why, not "n/a" or "ok". */
  public static readonly MIN_REASON_LENGTH = 10;

  /**
   * Suppresses the given codes on `scope` and its children. Throws when a reason is missing or
   * shorter than 10 characters, when a code is not a validation code, or when the code is an
   * error its rule does not allow to be suppressed.
   *
   * @param scope the construct whose findings (and its children's) are suppressed
   * @param suppressions the codes and the reason for each
   */
  public static add(scope: IConstruct, suppressions: Suppression[]): void {
    for (const s of suppressions) {
      const where = `Suppressions.add at ${scope.node.path}`;
      const info = ruleInfo(String(s.code));
      if (!info) {
        throw libraryError(ERRORS.SUPPRESSION_UNKNOWN_CODE, `${where}: '${String(s.code)}' is not a validation code. Use one of the codes in docs/RULES.md, e.g. ${RULE_REGISTRY.find((r) => r.level === 'warning')?.code}.`);
      }
      const reason = typeof s.reason === 'string' ? s.reason.trim() : '';
      if (reason.length < Suppressions.MIN_REASON_LENGTH) {
        throw libraryError(ERRORS.SUPPRESSION_REASON, `${where}: the reason for suppressing ${info.code} is ${reason ? `'${reason}', fewer than ${Suppressions.MIN_REASON_LENGTH} characters` : 'missing'}. Say why the finding does not apply here, in a sentence a reviewer can check.`);
      }
      if (info.level === 'error' && !info.suppressible) {
        throw libraryError(ERRORS.SUPPRESSION_NOT_ALLOWED, `${where}: ${info.code} is an error that cannot be suppressed (${info.title}). Fix the declaration instead; the finding says how.`);
      }
      storeSuppression(scope, info.code, reason);
    }
  }

  private constructor() {}
}
