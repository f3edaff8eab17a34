import { Testing } from 'cdktf';
import { FleetShards } from '../../lib';
import { buildShardedFleet, generatedTenants } from '../../examples/sharded-fleet/fleet';
import { resourceOf, synthJson } from '../helpers/synth';

describe('FleetShards', () => {
  test('a tenant\'s shard depends only on its id: adding tenants never moves another', () => {
    const first = generatedTenants(1000);
    const grown = [...generatedTenants(300, 5000), ...first];
    const before = new Map(first.map((t) => [t.tenantId, FleetShards.shardOf(t.tenantId, 5)]));
    for (const t of grown) {
      if (before.has(t.tenantId)) expect(FleetShards.shardOf(t.tenantId, 5)).toBe(before.get(t.tenantId));
    }
    // the same id in another case is the same tenant
    expect(FleetShards.shardOf(first[0].tenantId.toUpperCase(), 5)).toBe(before.get(first[0].tenantId));
  });

  test('1,000 tenants spread over 5 shards within 20% of the mean', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const t of generatedTenants(1000)) counts[FleetShards.shardOf(t.tenantId, 5)]++;
    for (const c of counts) expect(Math.abs(c - 200)).toBeLessThanOrEqual(40);
  });

  test('each shard is a stack of its own; a pin keeps a tenant in a chosen shard', () => {
    const app = Testing.app();
    const tenants = generatedTenants(9);
    const shards = buildShardedFleet(app, tenants, { shardCount: 3, pins: { Customer00001: 2 } });
    expect(shards.stacks.map((s) => s.node.id)).toEqual(['mail-gateway-0', 'mail-gateway-1', 'mail-gateway-2']);
    const where = (id: string) => shards.stacks.findIndex((s) => s.node.tryFindChild(id) !== undefined);
    expect(where('Customer00001')).toBe(2);
    for (const t of tenants.slice(1)) expect(where(t.id)).toBe(FleetShards.shardOf(t.tenantId, 3));
  });

  test('a shard\'s registry never prunes a tenant that another shard of the app declares', () => {
    const app = Testing.app();
    const tenants = generatedTenants(6);
    const shards = buildShardedFleet(app, tenants, { shardCount: 2 });
    for (const stack of shards.stacks) {
      const registry = resourceOf(synthJson(stack), 'ExoGatewayFleet_Registry');
      const env = registry.provisioner[0]['local-exec'].environment.EXO_FLEET_REMOVED as string;
      const kept = JSON.parse(env.match(/!contains\((\[[^\]]*\]), /)![1]);
      expect(kept).toEqual(tenants.map((t) => t.tenantId).sort());
      // while its trigger and input hold only its own tenants
      const own = tenants.filter((t) => stack.node.tryFindChild(t.id)).map((t) => t.tenantId).sort();
      expect(registry.triggers_replace).toBe(own.join(','));
      expect(registry.input.groups.flatMap((g: any) => g.tenants.map((t: string) => t.split('|')[0]))).toEqual(own);
    }
  });

  test.each([0, -1, 2.5, 1001])('shardCount %p is refused with CBC070', (n) => {
    expect(() => new FleetShards(Testing.app(), 'F', { shardCount: n })).toThrow(/^CBC070: shardCount must be a whole number from 1 to 1000 \(value: .*\)\. Fix: set shardCount/);
  });

  test('a pin outside the shards is refused with CBC070', () => {
    const shards = new FleetShards(Testing.app(), 'F', { shardCount: 2 });
    expect(() => shards.stackFor('00000000-0000-4000-8000-000000000001', 2)).toThrow(/CBC070: the pinned shard of tenant .* is not one of 0 … 1/);
  });
});
