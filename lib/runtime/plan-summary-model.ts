/**
 * The shapes of `exo-gateway plan-summary`: what a plan does to each tenant of a shard, and the
 * `--json` form (see ./plan-summary.ts).
 */
/** Schema tag of the `--json` form; such a file is also accepted as input (to merge shards). */
export const PLAN_SUMMARY_SCHEMA = 'exo-gateway/plan-summary/v1';
/** GitHub refuses a comment longer than 65,536 characters; the default keeps below it. */
export const DEFAULT_MAX_CHARS = 65_000;
/** First line of the Markdown: lets a pipeline find its own comment to update. */
export const PLAN_COMMENT_MARKER = '<!-- exo-gateway plan-summary -->';

/** What the plan does to a tenant. */
export type TenantAction = 'add' | 'change' | 'retire' | 'teardown' | 'move-in' | 'move-out';

/** One changed summary field of a tenant (domains are compared as sets). */
export interface FieldChange {
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
  readonly added?: string[];
  readonly removed?: string[];
}

/** One tenant the plan touches. */
export interface TenantChange {
  readonly name: string;
  readonly tenantId: string;
  action: TenantAction;
  /** The summary lines after the plan (added, changed) or before it (torn down). */
  readonly summary: { [field: string]: string };
  /** For `change` and `retire`: what differs. */
  readonly changes: FieldChange[];
  /** For moves: the other shard. */
  otherShard?: string;
}

/** Resources that are not a tenant's Converge or Teardown, counted by what they are and the action. */
export interface OtherChange {
  readonly kind: string;
  readonly action: string;
  readonly count: number;
}

/** One shard's plan. */
export interface ShardSummary {
  readonly label: string;
  readonly tenants: TenantChange[];
  /** Tenants whose Converge step the plan leaves as it is. */
  readonly unchanged: number;
  readonly others: OtherChange[];
  /** The plan stopped with an error (`errored` in the plan JSON). */
  readonly errored: boolean;
}

/** The `--json` form. */
export interface PlanSummary {
  readonly schema: typeof PLAN_SUMMARY_SCHEMA;
  readonly shards: ShardSummary[];
}

/** How a value marked sensitive is shown. */
export const HIDDEN = '(sensitive, not shown)';

/** Terraform's plan JSON, read field by field. */
export type Json = any;
