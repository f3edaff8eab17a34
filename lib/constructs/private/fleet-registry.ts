import * as fs from 'node:fs';
import * as path from 'node:path';
import { ISynthesisSession, Lazy, TerraformStack } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { DOCUMENTS_FOLDER, SYNTH_ERRORS_FILE } from '../../core/exo-model';
import { STACK_REPORT_FILE, STACK_REPORT_SCHEMA, StackReportFile, TenantReportEntry } from '../../core/report-entry';
import { isTenantSource } from './fleet-collector';
import { PerSynth } from './per-synth';
import { runtimeCommand } from './runtime-asset';
import { ScriptResource } from './script-resource';
import { checkFleetValidated, stackErrors, validatedTenantKeys } from './validation-aspect';

const ID = 'ExoGatewayFleet';

/** What the registry needs of a tenant of its stack. */
export interface RegisteredTenant {
  /** The tenant id, lower case: the tenant's key in the registry. */
  readonly key: string;
  /** The tenant's line in the registry (Terraform-escaped): `<tenant id>|<organization>|<name>`. */
  registryLine(): string;
  /** The tenant's access without the organization as synthesized (JSON text, Terraform-escaped, app id finished). */
  registryAccess(): string;
  /** The tenant's desired-state document file: its name in DOCUMENTS_FOLDER and its text. */
  documentFile(): { readonly name: string; readonly text: string };
  /** The tenant's entry in the stack's report file (exo-gateway report). */
  reportEntry?(): TenantReportEntry;
}

/** Keys of every tenant declared anywhere in the app, sorted. */
function appTenantKeys(root: IConstruct): string[] {
  return [...new Set(root.node.findAll().filter(isTenantSource).map((t) => t.tenantId.toLowerCase()))].sort();
}

/**
 * One per stack, never removed while the stack declares tenants: remembers every tenant's
 * teardown document (identity, access and marker only, so it changes only when a tenant is added
 * or removed). Its trigger is the set of tenant keys, so adding or deleting a tenant declaration
 * replaces it; its destroy-time provisioner then sees the old set (self.input) and, in its
 * environment from the current configuration, the tenants the whole app still declares, and
 * passes only the teardown documents of the tenants deleted from the code to the program. A
 * tenant that moved to another stack of the app (another shard) is not torn down. Terraform
 * runs no destroy-time provisioner of a resource block that was removed, so the per-tenant
 * teardown resources cannot do this themselves.
 *
 * At synth it also writes every tenant's desired-state document into the stack folder
 * (`exo-gateway-documents/<sha256>.json`), where the tenants' converge steps read them.
 */
export class FleetRegistry extends Construct {
  /** The registry of the stack that holds `scope`. */
  public static of(scope: Construct): FleetRegistry {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as FleetRegistry | undefined) ?? new FleetRegistry(stack, ID);
  }

  private readonly tenants: RegisteredTenant[] = [];
  /** The registry's terraform_data resource (gateway deployments order themselves after it). */
  public readonly resource: ScriptResource;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const keys = new PerSynth(this, () => this.tenants.map((t) => t.key).sort());
    // After checkFleetValidated (the trigger, resolved before the provisioner): the validated fleet's ids.
    const appKeys = new PerSynth(this, () => validatedTenantKeys(this) ?? appTenantKeys(this.node.root));
    this.resource = new ScriptResource(this, 'Registry', {
      triggersReplace: () => {
        // Produced once per stack output: the whole app's fleet must still be the one validated.
        checkFleetValidated(this);
        return keys.get().join(',');
      },
      // Tenants grouped by their access, one short line each (lib/core registryLine): a fleet that
      // shares one app keeps about 80 bytes per tenant here. Lists, not maps keyed by tenant:
      // Terraform would keep every key again in the input's type, and once more in the output's.
      input: () => {
        const groups = new Map<string, string[]>();
        for (const t of [...this.tenants].sort((a, b) => (a.key < b.key ? -1 : 1))) {
          const access = t.registryAccess();
          const lines = groups.get(access);
          if (lines) lines.push(t.registryLine());
          else groups.set(access, [t.registryLine()]);
        }
        return { groups: [...groups].map(([access, tenants]) => ({ access, tenants })) };
      },
      // Each tenant's Teardown carries the same access tokens while cdktf prepares the stacks.
      whilePreparing: { triggersReplace: () => '', input: () => ({}) },
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          command: runtimeCommand(this, 'prune'),
          environment: {
            // Only the tenants no stack of the app declares any more: the old input minus the
            // current keys, computed by Terraform. Passing the whole input would exceed Linux's
            // 128 KiB per environment variable in large stacks. `legacy`: the map of documents
            // that registries of earlier versions kept, read the same way.
            EXO_FLEET_REMOVED: Lazy.stringValue({
              produce: (context) => {
                // A Terraform expression without cdktf tokens: nothing to find while cdktf prepares.
                if (context.preparing) return '';
                const keys = JSON.stringify(appKeys.get());
                const groups = `[for g in try(self.input.groups, []) : { access = g.access, tenants = [for t in g.tenants : t if !contains(${keys}, split("|", t)[0])] }]`;
                const legacy = `try({ for k, v in self.input.tenants : k => v if !contains(${keys}, k) }, {})`;
                return `\${jsonencode({ groups = ${groups}, legacy = ${legacy} })}`;
              },
            }),
          },
        },
      ],
    });
    addCustomSynthesis(this, { onSynthesize: (session) => this.writeDocuments(session) });
  }

  /** Registers a tenant of this stack. */
  public register(tenant: RegisteredTenant): void {
    this.tenants.push(tenant);
  }

  /**
   * Writes the tenants' documents into the stack folder and removes the files of documents no
   * tenant has any more (an earlier synth's). Every current file is written again, so a file
   * edited by hand is restored. A stack with error findings gets no documents, only the list of
   * its errors ({@link SYNTH_ERRORS_FILE}): synth went on past them only because
   * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS was set, and nothing of it may reach a tenant.
   */
  private writeDocuments(session: ISynthesisSession): void {
    const stack = TerraformStack.of(this);
    const stackManifest = session.manifest.forStack(stack);
    const dir = path.join(session.manifest.outdir, stackManifest.synthesizedStackPath, '..', DOCUMENTS_FOLDER);
    fs.mkdirSync(dir, { recursive: true });
    const current = new Set<string>();
    const write = (name: string, text: string) => {
      current.add(name);
      fs.writeFileSync(path.join(dir, name), text);
    };
    const errors = stackErrors(stack);
    if (errors.length > 0) {
      write(SYNTH_ERRORS_FILE, `Synth of stack ${stack.node.path} reported ${errors.length} error(s); this folder holds no tenant documents, and its converge steps refuse to run. Fix these and synthesize again:\n${errors.join('\n')}\n`);
    } else {
      for (const t of this.tenants) {
        const file = t.documentFile();
        write(file.name, file.text);
      }
      const report: StackReportFile = { schema: STACK_REPORT_SCHEMA, tenants: this.tenants.flatMap((t) => (t.reportEntry ? [t.reportEntry()] : [])) };
      write(STACK_REPORT_FILE, JSON.stringify(report, undefined, 2) + '\n');
    }
    for (const name of fs.readdirSync(dir)) if (!current.has(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
