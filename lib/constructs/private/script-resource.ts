import { Construct } from 'constructs';
import { IResolvable, IResolveContext, ITerraformDependable, TerraformMetaArguments, TerraformResource, TerraformStack, Token } from 'cdktf';

/** A value, or a function that produces it when the resource is synthesized. */
export type Produced<T> = T | (() => T);

/** Config of a built-in `terraform_data` resource. */
export interface ScriptResourceConfig extends TerraformMetaArguments {
  readonly input?: Produced<unknown>;
  readonly triggersReplace?: Produced<unknown>;
  /**
   * What a produced `input` / `triggersReplace` stands for while cdktf prepares the stacks: a
   * value holding the same tokens, made without the work. Without it the producer runs then too.
   */
  readonly whilePreparing?: { readonly input?: () => unknown; readonly triggersReplace?: () => unknown };
}

/**
 * A produced value, resolved when cdktf resolves the resource. cdktf resolves every resource
 * twice per synth: once while it prepares the stacks (before aspects run, to find cross-stack
 * references; the result is thrown away) and once for the output. A tenant's document is built
 * for the output only; while preparing, `whilePreparing` gives a value with the same tokens. A
 * plain IResolvable, not a cdktf Lazy: a Lazy captures a stack trace when it is created.
 */
class ProducedValue implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(
    private readonly produce: () => unknown,
    private readonly whilePreparing: (() => unknown) | undefined,
  ) {}

  public resolve(context: IResolveContext): unknown {
    return context.preparing && this.whilePreparing ? this.whilePreparing() : this.produce();
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * A `depends_on` entry. cdktf's own entry captures a stack trace when it is made, and resolving
 * it makes a reference that captures another; for a resource of the same stack the address is
 * known without either (other dependables, e.g. modules, keep their cdktf address).
 */
class DependsOnAddress implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly target: ITerraformDependable) {}

  public resolve(context: IResolveContext): string {
    const t = this.target;
    if (t instanceof TerraformResource && TerraformStack.of(t) === TerraformStack.of(context.scope)) {
      return `${t.terraformResourceType}.${t.friendlyUniqueId}`;
    }
    context.suppressBraces = true;
    return t.fqn;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

function produced(value: Produced<unknown> | undefined, whilePreparing: (() => unknown) | undefined): unknown {
  return typeof value === 'function' ? new ProducedValue(value as () => unknown, whilePreparing) : value;
}

/**
 * Built-in `terraform_data`, declared as a plain TerraformResource: cdktf's DataResource adds a
 * validation that runs `terraform version`, which a machine without Terraform cannot pass, and
 * synth must work there. `input` and `triggersReplace` may be functions, called when the
 * resource is resolved for the output (after every construct and aspect has had its say).
 */
export class ScriptResource extends TerraformResource {
  private readonly input?: Produced<unknown>;
  private readonly triggersReplace?: Produced<unknown>;
  private readonly whilePreparing: ScriptResourceConfig['whilePreparing'];

  constructor(scope: Construct, id: string, config: ScriptResourceConfig) {
    const { whilePreparing, dependsOn, ...rest } = config;
    super(scope, id, { ...rest, terraformResourceType: 'terraform_data' });
    if (dependsOn) this.dependsOn = dependsOn.map((d) => Token.asString(new DependsOnAddress(d)));
    this.input = config.input;
    this.triggersReplace = config.triggersReplace;
    this.whilePreparing = whilePreparing;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      input: produced(this.input, this.whilePreparing?.input),
      triggers_replace: produced(this.triggersReplace, this.whilePreparing?.triggersReplace),
    };
  }
}
