import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { onStackSynth } from './stack-aspect';

/** The synths of each stack, counted at the start of every synth (Testing.synth included). */
const generations = new WeakMap<TerraformStack, number>();

/**
 * A value computed at most once per synth of its stack, on first use after the stack's aspects
 * have run, so that what a tenant synthesizes (its document, hash and summary) is computed once
 * and reflects constructs added by aspects. A plain memo, not a cdktf Lazy: a Lazy captures a
 * stack trace when it is created, which costs more than the value at fleet scale.
 */
export class PerSynth<T> {
  private readonly stack: TerraformStack;
  private generation = -1;
  private value?: T;

  constructor(scope: IConstruct, private readonly compute: () => T) {
    this.stack = TerraformStack.of(scope);
    onStackSynth(this.stack, 'generation', (stack) => generations.set(stack, (generations.get(stack) ?? 0) + 1));
  }

  /** The value for the current synth. */
  public get(): T {
    const g = generations.get(this.stack) ?? 0;
    if (g !== this.generation || this.value === undefined) {
      this.value = this.compute();
      this.generation = g;
    }
    return this.value;
  }
}
