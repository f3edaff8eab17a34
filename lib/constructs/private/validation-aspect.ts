import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { formatFinding, Finding } from '../../core/findings';
import { GATEWAY_PRODUCTS, TenantModel } from '../../core/fleet';
import { CHANGED_AFTER_VALIDATION, ruleInfo, validateFleet } from '../../rules';
import { desiredObjectsFor } from '../../profiles';
import { formatFindingWithPlace } from './file-places';
import { collectFleet } from './fleet-collector';
import { suppressionOf } from './suppression-store';
import { onStackSynth } from './stack-aspect';

/** What a tenant was when it was validated: its model, and the paths of its parts. */
interface TenantSnapshot {
  readonly model: TenantModel;
  readonly parts: readonly string[];
}

interface Validated {
  readonly size: number;
  readonly findings: Finding[];
  readonly tenants: Map<string, TenantSnapshot>;
  /** The validated tenants' ids (lower case, sorted, once), see {@link validatedTenantKeys}. */
  tenantKeys?: string[];
}

const memo = new WeakMap<IConstruct, Validated>();

/**
 * The paths of a tenant's parts. After construction a tenant can change only by gaining parts
 * (props are copied, models are plain data), so comparing these paths finds every late change.
 */
function partsOf(t: TenantModel): string[] {
  return [t.path, ...t.domains.map((d) => d.path), ...(t.connector ? [t.connector.path] : [])];
}

function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/**
 * Every finding for the whole app (all stacks), computed from the construct tree. Each stack's
 * aspect asks for them; they are computed once per app and tree size, so an app of many stacks
 * validates its fleet once, not once per stack. The validated models are kept, so synthesis uses
 * exactly what was validated and refuses a tenant that gained parts afterwards ({@link validatedModel}).
 */
export function findingsFor(scope: IConstruct): Finding[] {
  const root = scope.node.root;
  const all = root.node.findAll();
  const size = all.length;
  const cached = memo.get(root);
  if (cached && cached.size === size) return cached.findings;
  const fleet = collectFleet(root, all);
  // A product outside the enum has no profile; CBC017 reports it, the other rules see no objects.
  const known = GATEWAY_PRODUCTS as readonly string[];
  const findings = validateFleet({ fleet, desiredObjects: (t) => (known.includes(t.gateway.product) ? desiredObjectsFor(t) : []) });
  memo.set(root, { size, findings, tenants: new Map(fleet.tenants.map((t) => [t.path, { model: t, parts: partsOf(t) }])) });
  return findings;
}

function changedAfterValidation(path: string, name: string, added: string[]): Error {
  const what = added.length > 0 ? `added after validation: ${added.join(', ')}` : 'its parts changed after validation';
  return new Error(
    formatFinding({
      code: CHANGED_AFTER_VALIDATION.code,
      level: 'error',
      path,
      value: added.join(', '),
      message: `tenant '${name}' changed after the fleet was validated (${what}); the change was never checked by the rules`,
      fix: 'declare tenants, managed domains and connectors in the stack before synth, not in an Aspect or a Lazy value, so every rule sees them',
    }),
  );
}

/**
 * The model of a tenant as the fleet rules validated it, for the tenant's synthesized documents;
 * throws CBC016 when the tenant gained a domain or connector since, or was added after validation
 * (by an Aspect). Undefined outside synth (nothing validated yet).
 */
export function validatedModel(scope: IConstruct, name: string, parts: readonly string[]): TenantModel | undefined {
  const validated = memo.get(scope.node.root);
  if (!validated) return undefined;
  const before = validated.tenants.get(scope.node.path);
  if (before && sameParts(before.parts, parts)) return before.model;
  throw changedAfterValidation(scope.node.path, name, before ? parts.filter((p) => !before.parts.includes(p)) : [scope.node.path]);
}

/**
 * The ids of every tenant of the app as validated (lower case, unique, sorted), computed once per
 * validation; undefined before validation. Callers that produce stack output call
 * {@link checkFleetValidated} first, so the fleet is still this one.
 */
export function validatedTenantKeys(scope: IConstruct): string[] | undefined {
  const validated = memo.get(scope.node.root);
  if (!validated) return undefined;
  validated.tenantKeys ??= [...new Set([...validated.tenants.values()].map((t) => t.model.tenantId.toLowerCase()))].sort();
  return validated.tenantKeys;
}

/** Throws CBC016 when a tenant's model is not the one validated (see {@link validatedModel}). */
export function checkValidated(scope: IConstruct, model: TenantModel): void {
  validatedModel(scope, model.name, partsOf(model));
}

/**
 * Called once per stack where its output is produced: throws CBC016 when the fleet of the whole
 * app is not the one validated, e.g. an Aspect of a later stack added a domain to a tenant of a
 * stack already written, where neither stack's checks would see it. Only when the tree has grown
 * since validation is the fleet collected again.
 */
export function checkFleetValidated(scope: IConstruct): void {
  const root = scope.node.root;
  const validated = memo.get(root);
  if (!validated) return;
  const size = root.node.findAll().length;
  if (size === validated.size) return;
  const changed: string[] = [];
  for (const t of collectFleet(root).tenants) {
    const before = validated.tenants.get(t.path);
    const now = partsOf(t);
    if (!before) changed.push(t.path);
    else if (!sameParts(before.parts, now)) changed.push(...now.filter((p) => !before.parts.includes(p)));
  }
  if (changed.length === 0) {
    memo.set(root, { ...validated, size }); // constructs outside the fleet: the findings still hold
    return;
  }
  throw new Error(
    formatFinding({
      code: CHANGED_AFTER_VALIDATION.code,
      level: 'error',
      path: TerraformStack.of(scope).node.path,
      value: changed.join(', '),
      message: `the fleet changed after it was validated (added or changed: ${changed.join(', ')}); the change was never checked by the rules`,
      fix: 'declare tenants, managed domains and connectors in the stack before synth, not in an Aspect or a Lazy value, so every rule sees them',
    }),
  );
}

/** How a finding is reported on its construct: an error, a warning, or suppressed (with where and why). */
export type FindingDisposition = { readonly as: 'error' | 'warning'; readonly note?: string } | { readonly as: 'suppressed'; readonly path: string; readonly reason: string };

/** How `f` is reported on `target`, honouring Suppressions.add on the construct or a scope above. */
export function dispositionOf(f: Finding, target: IConstruct): FindingDisposition {
  const suppression = suppressionOf(target, f.code);
  if (suppression && (f.level === 'warning' || ruleInfo(f.code)?.suppressible)) return { as: 'suppressed', path: suppression.path, reason: suppression.reason };
  // A warning rule may raise a finding to an error (CBC027); its suppression covers only the warnings.
  if (f.level === 'error') return { as: 'error', note: suppression ? ` (suppressed at ${suppression.path}, but this finding is an error, which ${f.code} does not allow to be suppressed)` : '' };
  return { as: 'warning' };
}

/** The error findings of each stack's last synth, as annotated (see {@link stackErrors}). */
const errorsByStack = new WeakMap<TerraformStack, string[]>();

/**
 * The error findings the last synth of `stack` reported on it. cdktf aborts synth on them unless
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set (the cdktf CLI always sets it and checks the
 * annotations itself); the stack's documents are not written while there are any, so a folder
 * synthesized with errors cannot converge a tenant.
 */
export function stackErrors(stack: TerraformStack): readonly string[] {
  return errorsByStack.get(stack) ?? [];
}

/**
 * Runs the fleet rules once per stack (aspects run on every synth, Testing.synth included) and
 * turns each finding whose construct lives in this stack into an error or warning annotation, or,
 * when Suppressions.add covers it on the construct or a scope above, into an info annotation
 * naming the reason. Error annotations abort synth, even with skipValidation.
 */
function annotateFindings(stack: TerraformStack): void {
  let inApp: Set<string> | undefined; // every construct path of the app, only when a finding is outside this stack
  const isInApp = (path: string) => (inApp ??= new Set(stack.node.root.node.findAll().map((c) => c.node.path))).has(path);
  // The stack's constructs by path, built only when there is a finding to place.
  let byPath: Map<string, IConstruct> | undefined;
  const errors: string[] = [];
  for (const f of findingsFor(stack)) {
    byPath ??= new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
    const target = byPath.get(f.path);
    if (target) {
      const d = dispositionOf(f, target);
      if (d.as === 'suppressed') Annotations.of(target).addInfo(`suppressed at ${d.path} (reason: ${d.reason}): ${formatFindingWithPlace(stack, f)}`);
      else if (d.as === 'warning') Annotations.of(target).addWarning(formatFindingWithPlace(stack, f));
      else {
        const text = formatFindingWithPlace(stack, f) + (d.note ?? '');
        Annotations.of(target).addError(text);
        errors.push(text);
      }
    } else if (!isInApp(f.path)) {
      // No construct of any stack holds it (CBC000 of a rule that threw, a path a rule made
      // up): every stack reports it, as an error, so no synth passes over it.
      Annotations.of(stack).addError(formatFinding(f));
      errors.push(formatFinding(f));
    }
    // else: reported by the stack that holds the construct
  }
  errorsByStack.set(stack, errors);
}

/** Validates at every synth of the stack of `scope` (the stack's first library hook). */
export function ensureValidation(scope: IConstruct): void {
  onStackSynth(scope, 'validation', annotateFindings);
}
