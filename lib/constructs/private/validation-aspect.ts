import { Annotations, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { formatFinding, Finding } from '../../core/findings';
import { validateFleet } from '../../core/rules';
import { desiredObjectsFor } from '../../profiles';
import { collectFleet } from './fleet-collector';

const memo = new WeakMap<IConstruct, { size: number; findings: Finding[] }>();

/**
 * Every finding for the whole app (all stacks), computed from the construct tree. Each stack's
 * aspect asks for them; they are computed once per app and tree size, so an app of many stacks
 * validates its fleet once, not once per stack.
 */
export function findingsFor(scope: IConstruct): Finding[] {
  const root = scope.node.root;
  const size = root.node.findAll().length;
  const cached = memo.get(root);
  if (cached && cached.size === size) return cached.findings;
  const fleet = collectFleet(root);
  const findings = validateFleet({ fleet, desiredObjects: desiredObjectsFor });
  memo.set(root, { size, findings });
  return findings;
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
    const stackPath = this.stack.node.path;
    const byPath = new Map(this.stack.node.findAll().map((c) => [c.node.path, c] as const));
    for (const f of findingsFor(this.stack)) {
      const target = byPath.get(f.path);
      if (!target && !(f.path === stackPath)) continue; // reported by the stack that holds it
      const annotations = Annotations.of(target ?? this.stack);
      if (f.level === 'error') annotations.addError(formatFinding(f));
      else annotations.addWarning(formatFinding(f));
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
