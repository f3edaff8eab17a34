/**
 * The model of `exo-gateway drift`'s results: what a finding is, the result per tenant and the
 * report `drift --json` writes, and what drift reads of a tenant and from a stack folder.
 */
import { ExoObjectKind, ObservedState, TenantDesiredState } from '../core/exo-model';

/** The schema id of `drift --json`. */
export const DRIFT_REPORT_SCHEMA = 'cdktf-exo-gateway/drift-report@1';

/**
 * What a finding is:
 * - `changed`: a declared property (or a rule's enabled state) differs;
 * - `missing`: a managed object is not in the tenant;
 * - `renamed`: a managed object carries another name (found again by the id after the marker);
 * - `notDeclared`: an object carrying the marker that the stack no longer declares;
 * - `foreignNamesake`: an object without the marker holds a declared name;
 * - `ruleOrder`: the managed rules are not at their declared places;
 * - `undeclaredSetting`: a condition, exception or action added to a managed rule;
 * - `blocked`: something else that stops converge (its message says what).
 */
export type DriftFindingKind = 'changed' | 'missing' | 'renamed' | 'notDeclared' | 'foreignNamesake' | 'ruleOrder' | 'undeclaredSetting' | 'blocked';

/** What the next converge does about a finding. */
export type ConvergeEffect = 'changes' | 'creates' | 'renames' | 'removes' | 'reorders' | 'clears' | 'leaves' | 'blocks';

/** One difference between the declaration and the tenant. */
export interface DriftFinding {
  readonly finding: DriftFindingKind;
  /** InboundConnector, OutboundConnector or TransportRule; absent for a tenant-wide `blocked` finding. */
  readonly objectKind?: ExoObjectKind;
  /** The declared name (or, for objects not declared, the name found); empty for a tenant-wide finding. */
  readonly object: string;
  readonly property?: string;
  /** As the what-if output writes values (`$true`, `'text'`, `[a, b]`, `$null`). */
  readonly declared?: string;
  readonly found?: string;
  readonly converge: ConvergeEffect;
  /** One line for people. */
  readonly message: string;
}

/** The result for one tenant. */
export interface TenantDrift {
  /** The stack folder as given on the command line. */
  readonly stack: string;
  /** Terraform address of the tenant's converge step, for `-replace=`. */
  readonly resource: string;
  readonly tenant: string;
  readonly tenantId?: string;
  readonly organization?: string;
  readonly status: 'inSync' | 'drift' | 'failed';
  readonly findings: DriftFinding[];
  /** Why the tenant could not be read (status `failed`). */
  readonly error?: string;
}

/** `drift --json`: see docs/day-2.md. */
export interface DriftReport {
  readonly schema: typeof DRIFT_REPORT_SCHEMA;
  readonly generatedAt: string;
  readonly summary: { readonly tenants: number; readonly inSync: number; readonly drifted: number; readonly failed: number; readonly findings: number };
  readonly tenants: TenantDrift[];
}

/** A tenant's converge step as the stack folder declares it (see stackConvergeSteps in exo-apply.ts). */
export interface StackConvergeStep {
  readonly stackDir: string;
  /** terraform_data resource id. */
  readonly resource: string;
  /** The tenant's name from the step's construct path (cdk.tf.json `//.metadata.path`), when synth wrote one. */
  readonly tenant?: string;
  readonly document?: TenantDesiredState;
  /** Why the document could not be read. */
  readonly error?: Error;
}

/** The name to show for a step: the document's tenant, else the name from its construct path, else the resource id. */
export function stepTenantName(step: StackConvergeStep): string {
  return step.document?.tenant.name ?? step.tenant ?? step.resource;
}

/** What drift reads of a tenant: the three kinds, and the accepted domains when converge checks them. */
export type ObservedTenant = ObservedState & { readonly acceptedDomains?: string[] };
