import { Lazy, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { runtimeCommand } from './runtime-asset';
import { ScriptResource } from './script-resource';
import { checkFleetValidated } from './validation-aspect';

const ID = 'ExoGatewayFleet';

/**
 * One per stack, never removed while the stack declares tenants: remembers every tenant's
 * teardown document. Its trigger is the set of tenant keys, so adding or deleting a tenant
 * declaration replaces it; its destroy-time provisioner then sees the old set (self.input) and,
 * in its environment from the current configuration, the new set, and passes only the teardown
 * documents of the tenants that were deleted from the code to the program. Terraform runs no destroy-time provisioner of a resource
 * block that was removed, so the per-tenant teardown resources cannot do this themselves.
 */
export class FleetRegistry extends Construct {
  /** The registry of the stack that holds `scope`. */
  public static of(scope: Construct): FleetRegistry {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as FleetRegistry | undefined) ?? new FleetRegistry(stack, ID);
  }

  private readonly teardowns = new Map<string, () => string>();
  /** The registry's terraform_data resource (gateway deployments order themselves after it). */
  public readonly resource: ScriptResource;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const keys = () => [...this.teardowns.keys()].sort();
    this.resource = new ScriptResource(this, 'Registry', {
      triggersReplace: Lazy.stringValue({
        produce: () => {
          // Produced once per stack output: the whole app's fleet must still be the one validated.
          checkFleetValidated(this);
          return keys().join(',');
        },
      }),
      input: Lazy.anyValue({
        produce: () => ({ tenants: Object.fromEntries(keys().map((k) => [k, this.teardowns.get(k)!()])) }),
      }),
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          command: runtimeCommand(this, 'prune'),
          environment: {
            // Only the teardown documents of the tenants the current configuration no longer
            // declares: the old input minus the current keys, computed by Terraform. Passing the
            // whole input would exceed Linux's 128 KiB per environment variable in large stacks.
            EXO_FLEET_REMOVED: Lazy.stringValue({ produce: () => `\${jsonencode({ for k, v in self.input.tenants : k => v if !contains(${JSON.stringify(keys())}, k) })}` }),
          },
        },
      ],
    });
  }

  /** Registers a tenant by key with a producer of its teardown document (JSON text). */
  public register(key: string, teardownDocument: () => string): void {
    this.teardowns.set(key, teardownDocument);
  }
}
