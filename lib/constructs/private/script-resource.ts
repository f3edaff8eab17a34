import { Construct } from 'constructs';
import { TerraformMetaArguments, TerraformResource } from 'cdktf';

/** A value, or a function that produces it when the resource is synthesized. */
export type Produced<T> = T | (() => T);

/** Config of a built-in `terraform_data` resource. */
export interface ScriptResourceConfig extends TerraformMetaArguments {
  readonly input?: Produced<unknown>;
  readonly triggersReplace?: Produced<unknown>;
}

function produce<T>(value: Produced<T> | undefined): T | undefined {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/**
 * Built-in `terraform_data`, declared as a plain TerraformResource: cdktf's DataResource adds a
 * validation that runs `terraform version`, which a machine without Terraform cannot pass, and
 * synth must work there. `input` and `triggersReplace` may be functions, called when the
 * resource is synthesized (after every construct and aspect has had its say).
 */
export class ScriptResource extends TerraformResource {
  private readonly input?: Produced<unknown>;
  private readonly triggersReplace?: Produced<unknown>;

  constructor(scope: Construct, id: string, config: ScriptResourceConfig) {
    super(scope, id, { ...config, terraformResourceType: 'terraform_data' });
    this.input = config.input;
    this.triggersReplace = config.triggersReplace;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      input: produce(this.input),
      triggers_replace: produce(this.triggersReplace),
    };
  }
}
