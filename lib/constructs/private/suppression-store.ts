/**
 * Where Suppressions.add keeps what it was given, and how the validation aspect finds the
 * suppression that covers a finding: on the finding's construct or any of its scopes.
 */
import { IConstruct } from 'constructs';

/** A suppression as stored: the code's reason, and the construct it was declared on. */
export interface StoredSuppression {
  readonly reason: string;
  readonly path: string;
}

const store = new WeakMap<IConstruct, Map<string, StoredSuppression>>();

/** Records a suppression of `code` on `scope`; a second one for the same code replaces the first. */
export function storeSuppression(scope: IConstruct, code: string, reason: string): void {
  const codes = store.get(scope) ?? new Map<string, StoredSuppression>();
  codes.set(code, { reason, path: scope.node.path });
  store.set(scope, codes);
}

/** The suppression of `code` on `construct` or the nearest of its scopes, if any. */
export function suppressionOf(construct: IConstruct, code: string): StoredSuppression | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const found = store.get(scopes[i])?.get(code);
    if (found) return found;
  }
  return undefined;
}
