/**
 * Stable assignment of tenants to shards (stacks): a tenant's shard depends only on its own id and
 * the number of shards, never on the other tenants, so adding or removing a tenant never moves
 * another one between stacks.
 */
import { createHash } from 'node:crypto';

/** The shard (0 … shardCount-1) of a tenant, from the sha256 of its lower-cased tenant id. */
export function shardOf(tenantId: string, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new RangeError(`shardCount must be a whole number of at least 1, got ${shardCount}`);
  }
  const digest = createHash('sha256').update(tenantId.trim().toLowerCase()).digest();
  return digest.readUInt32BE(0) % shardCount;
}
