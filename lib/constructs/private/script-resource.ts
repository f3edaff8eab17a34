import { Construct } from 'constructs';
import { TerraformMetaArguments, TerraformResource } from 'cdktf';

/** Config of a built-in `terraform_data` resource. */
export interface ScriptResourceConfig extends TerraformMetaArguments {
  readonly input?: unknown;
  readonly triggersReplace?: unknown;
}

/**
 * Built-in `terraform_data`, declared as a plain TerraformResource: cdktf's DataResource adds a
 * validation that runs `terraform version`, which a machine without Terraform cannot pass, and
 * synth must work there.
 */
export class ScriptResource extends TerraformResource {
  private readonly input?: unknown;
  private readonly triggersReplace?: unknown;

  constructor(scope: Construct, id: string, config: ScriptResourceConfig) {
    super(scope, id, { ...config, terraformResourceType: 'terraform_data' });
    this.input = config.input;
    this.triggersReplace = config.triggersReplace;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      input: this.input,
      triggers_replace: this.triggersReplace,
    };
  }
}
