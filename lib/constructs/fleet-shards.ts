import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { formatFinding } from '../core/findings';
import { shardOf } from '../core/shards';

/** Properties of {@link FleetShards}. */
export interface FleetShardsProps {
  /**
   * How many stacks the fleet is split into. Choose it from the fleet's size (about 200 tenants per
   * stack, see docs/performance.md, figure 7) and keep it: changing it moves tenants between
   * stacks (safely, but every moved tenant converges once in its new stack).
   */
  readonly shardCount: number;
  /**
   * Prefix of the stacks' ids: the stacks are `<prefix>-0` … `<prefix>-<shardCount-1>`.
   * @default 'exo-gateway'
   */
  readonly stackIdPrefix?: string;
}

/**
 * Splits a fleet into `shardCount` stacks, each with its own Terraform state (give each stack its
 * backend and key), so that no single state grows with the whole fleet and the stacks can be
 * applied in parallel on separate runners (a CI matrix, HCP Terraform workspaces, Atlantis
 * projects).
 *
 * A tenant's stack depends only on its tenant id and `shardCount` ({@link FleetShards.shardOf}):
 * adding or removing a tenant never moves another. A tenant can also be pinned to a shard. A
 * tenant that moves to another stack of the same app is neither torn down nor duplicated: the
 * stack it left does not prune a tenant the app still declares, and the stack it joins takes over
 * its marked objects in place.
 */
export class FleetShards extends Construct {
  /** The shard (0 … shardCount-1) a tenant id is assigned to for `shardCount` shards. */
  public static shardOf(tenantId: string, shardCount: number): number {
    return shardOf(tenantId, shardCount);
  }

  /** The shard stacks, by shard index. */
  public readonly stacks: TerraformStack[];
  private readonly shardCount: number;

  constructor(scope: Construct, id: string, props: FleetShardsProps) {
    super(scope, id);
    if (!Number.isInteger(props.shardCount) || props.shardCount < 1 || props.shardCount > 1000) {
      throw new Error(formatFinding({ code: 'CBC070', level: 'error', path: this.node.path, value: String(props.shardCount), message: 'shardCount must be a whole number from 1 to 1000', fix: 'set shardCount to about the number of tenants divided by 200' }));
    }
    const prefix = props.stackIdPrefix ?? 'exo-gateway';
    this.shardCount = props.shardCount;
    this.stacks = Array.from({ length: props.shardCount }, (_, i) => new TerraformStack(scope, `${prefix}-${i}`));
  }

  /** The shard index of a tenant id. */
  public shardIndexOf(tenantId: string): number {
    return shardOf(tenantId, this.shardCount);
  }

  /**
   * The stack a tenant belongs in: its assigned shard, or `pinnedShard` when given (e.g. to keep a
   * tenant where it is while the shard count changes).
   */
  public stackFor(tenantId: string, pinnedShard?: number): TerraformStack {
    if (pinnedShard !== undefined && (!Number.isInteger(pinnedShard) || pinnedShard < 0 || pinnedShard >= this.shardCount)) {
      throw new Error(formatFinding({ code: 'CBC070', level: 'error', path: this.node.path, value: String(pinnedShard), message: `the pinned shard of tenant ${tenantId} is not one of 0 … ${this.shardCount - 1}`, fix: 'pin the tenant to an existing shard, or leave the pin out' }));
    }
    return this.stacks[pinnedShard ?? this.shardIndexOf(tenantId)];
  }
}
