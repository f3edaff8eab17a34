import { Annotations, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { contentHash } from '../../core/desired-state';
import { formatFinding, Finding } from '../../core/findings';
import { GATEWAY_PRODUCTS, TenantModel } from '../../core/fleet';
import { CHANGED_AFTER_VALIDATION, validateFleet } from '../../core/rules';
import { desiredObjectsFor } from '../../profiles';
import { collectFleet } from './fleet-collector';

/** What a tenant looked like when it was validated: a hash of its model, and its parts' paths. */
interface TenantSnapshot {
  readonly hash: string;
  readonly parts: readonly string[];
}

interface Validated {
  readonly size: number;
  readonly findings: Finding[];
  readonly tenants: Map<string, TenantSnapshot>;
}

const memo = new WeakMap<IConstruct, Validated>();

function snapshotOf(t: TenantModel): TenantSnapshot {
  // The gateway is hashed by path: its model is fixed when it is constructed (no method adds to it).
  const { gateway, ...own } = t;
  return { hash: contentHash({ ...own, gateway: gateway.path }), parts: [t.path, ...t.domains.map((d) => d.path), ...(t.connector ? [t.connector.path] : [])] };
}

/**
 * Every finding for the whole app (all stacks), computed from the construct tree. Each stack's
 * aspect asks for them; they are computed once per app and tree size, so an app of many stacks
 * validates its fleet once, not once per stack. What was validated is remembered per tenant, so
 * synthesis can refuse a tenant that changed afterwards ({@link checkValidated}).
 */
export function findingsFor(scope: IConstruct): Finding[] {
  const root = scope.node.root;
  const size = root.node.findAll().length;
  const cached = memo.get(root);
  if (cached && cached.size === size) return cached.findings;
  const fleet = collectFleet(root);
  // A product outside the enum has no profile; CBC017 reports it, the other rules see no objects.
  const known = GATEWAY_PRODUCTS as readonly string[];
  const findings = validateFleet({ fleet, desiredObjects: (t) => (known.includes(t.gateway.product) ? desiredObjectsFor(t) : []) });
  memo.set(root, { size, findings, tenants: new Map(fleet.tenants.map((t) => [t.path, snapshotOf(t)])) });
  return findings;
}

/**
 * Called where a tenant's documents are produced for the synthesized stack: throws CBC016 when
 * the tenant is not what the fleet rules validated (a domain, connector or tenant added by an
 * Aspect after the validation aspect ran). Outside synth (nothing validated yet) it checks nothing.
 */
export function checkValidated(scope: IConstruct, model: TenantModel): void {
  const validated = memo.get(scope.node.root);
  if (!validated) return;
  const before = validated.tenants.get(model.path);
  const now = snapshotOf(model);
  if (before && before.hash === now.hash) return;
  // What was added since validation (the tenant itself, its domains or connector); else its settings changed.
  const added = before ? now.parts.filter((p) => !before.parts.includes(p)) : [model.path];
  const what = added.length > 0 ? `added after validation: ${added.join(', ')}` : 'its settings or parts changed after validation';
  throw new Error(
    formatFinding({
      code: CHANGED_AFTER_VALIDATION.code,
      level: 'error',
      path: model.path,
      value: added.join(', '),
      message: `tenant '${model.name}' changed after the fleet was validated (${what}); the change was never checked by the rules`,
      fix: 'declare tenants, managed domains and connectors in the stack before synth, not in an Aspect or a Lazy value, so every rule sees them',
    }),
  );
}

/**
 * Called once per stack where its output is produced: throws CBC016 when the fleet of the whole
 * app is not the one validated, e.g. an Aspect of a later stack added a domain to a tenant of a
 * stack already written, where neither stack's checks would see it. Only when the tree has grown
 * since validation is the fleet collected again (props are copied, so nothing changes in place).
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
    const now = snapshotOf(t);
    if (!before) changed.push(t.path);
    else if (before.hash !== now.hash) {
      const added = now.parts.filter((p) => !before.parts.includes(p));
      changed.push(...(added.length > 0 ? added : [t.path]));
    }
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

/**
 * Runs the fleet rules once per stack (aspects run on every synth, Testing.synth included) and
 * turns each finding whose construct lives in this stack into an error or warning annotation.
 * Error annotations abort synth, even with skipValidation.
 */
class FleetValidationAspect implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) return;
    let inApp: Set<string> | undefined; // every construct path of the app, only when a finding is outside this stack
    const isInApp = (path: string) => (inApp ??= new Set(this.stack.node.root.node.findAll().map((c) => c.node.path))).has(path);
    const byPath = new Map(this.stack.node.findAll().map((c) => [c.node.path, c] as const));
    for (const f of findingsFor(this.stack)) {
      const target = byPath.get(f.path);
      if (target) {
        if (f.level === 'error') Annotations.of(target).addError(formatFinding(f));
        else Annotations.of(target).addWarning(formatFinding(f));
      } else if (!isInApp(f.path)) {
        // No construct of any stack holds it (CBC000 of a rule that threw, a path a rule made
        // up): every stack reports it, as an error, so no synth passes over it.
        Annotations.of(this.stack).addError(formatFinding(f));
      }
      // else: reported by the stack that holds the construct
    }
  }
}

const ADDED = Symbol.for('cdktf-exo-gateway.validation-aspect');

/** Adds the validation aspect to the stack of `scope`, once. */
export function ensureValidation(scope: IConstruct): void {
  const stack = TerraformStack.of(scope) as TerraformStack & { [ADDED]?: boolean };
  if (stack[ADDED]) return;
  stack[ADDED] = true;
  Aspects.of(stack).add(new FleetValidationAspect(stack));
}
