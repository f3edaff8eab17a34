import { Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/** The library's work at the start of each synth of a stack, run in this order. */
export type StackHook = 'validation' | 'summary' | 'generation';
const ORDER: readonly StackHook[] = ['validation', 'summary', 'generation'];

/**
 * One aspect per stack for all of the library's per-synth hooks. cdktf visits every construct of
 * the stack once per aspect and computes the construct's path each time, so one aspect instead
 * of one per hook keeps that walk from growing with the fleet several times over.
 */
class LibraryStackAspect implements IAspect {
  public readonly hooks = new Map<StackHook, (stack: TerraformStack) => void>();

  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) return;
    for (const hook of ORDER) this.hooks.get(hook)?.(this.stack);
  }
}

const aspects = new WeakMap<TerraformStack, LibraryStackAspect>();

/**
 * Runs `run` at the start of every synth of the stack of `scope` (aspects run on every synth,
 * Testing.synth included). A hook is registered once per stack; later registrations are ignored.
 */
export function onStackSynth(scope: IConstruct, hook: StackHook, run: (stack: TerraformStack) => void): void {
  const stack = TerraformStack.of(scope);
  let aspect = aspects.get(stack);
  if (!aspect) {
    aspect = new LibraryStackAspect(stack);
    aspects.set(stack, aspect);
    Aspects.of(stack).add(aspect);
  }
  if (!aspect.hooks.has(hook)) aspect.hooks.set(hook, run);
}
