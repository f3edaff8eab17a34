/**
 * Fleet scale with the real Terraform (and OpenTofu): a one-tenant change touches that tenant's
 * converge step only and plans a few lines; a document edited after synth is refused before any
 * Exchange call; a tenant that moves between shards of the app is neither torn down nor
 * duplicated, whichever stack is applied first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCUMENTS_FOLDER, MANAGED_MARKER } from '../../lib/core/exo-model';
import { buildShardedFleet, generatedTenants } from '../../examples/sharded-fleet/fleet';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { LifecycleHarness, lifecycleBinaries, RunResult } from '../helpers/lifecycle';

const expectOk = (r: RunResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
};

describe.each(lifecycleBinaries())('fleet scale with $name', ({ path: binary }) => {
  describe('one stack of 12 tenants', () => {
    const h = new LifecycleHarness(binary, 'fleet');
    const tenants = generatedTenants(12);
    const synth = (list = tenants) => h.synthApp((app) => new SeppmailMspStack(app, 'fleet', list));
    beforeAll(() => {
      h.seed(generatedTenants(12).map((t) => (t.id === 'Customer00005' ? { ...t, domains: [...t.domains, 'customer00005-new.example'] } : t)));
      synth();
      expectOk(h.apply());
    });
    afterAll(() => h.cleanup());

    test('a one-domain change plans the replacement of that tenant\'s converge step only, in a few readable lines', () => {
      synth(tenants.map((t) => (t.id === 'Customer00005' ? { ...t, domains: [...t.domains, 'customer00005-new.example'] } : t)));
      // The reviewable plan: what `terraform show` prints of a saved plan (a pull-request comment),
      // without the one "Refreshing state..." progress line per resource that `plan` prints first.
      const plan = h.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=one-tenant.plan']);
      expect(plan.code).toBe(2); // changes present
      const shown = h.run(['show', '-no-color', 'one-tenant.plan']).stdout;
      const addresses = [...shown.matchAll(/^\s*# (\S+) must be replaced/gm)].map((m) => m[1]);
      expect(addresses).toEqual([expect.stringMatching(/^terraform_data\.Customer00005_Converge_/)]);
      expect(shown).toMatch(/Plan: 1 to add, 0 to change, 1 to destroy\./);
      expect(shown).not.toMatch(/Registry|Teardown|Customer0000[^5]|Customer0001/);
      expect(plan.stdout.split('\n').filter((l) => !/Refreshing state\.\.\./.test(l)).join('\n')).not.toMatch(/Registry|Teardown|Customer0000[^5]|Customer0001/);
      // the summary says what changes
      // (Terraform shows the line as `~ old -> new`, OpenTofu as `- old` and `+ new`)
      const old = '"domains: customer00005\\.example, customer00005-mail\\.example"';
      const now = '"domains: customer00005\\.example, customer00005-mail\\.example, customer00005-new\\.example"';
      expect(shown).toMatch(new RegExp(`~ ${old} -> ${now}|- ${old},\\s+\\+ ${now}`));
      expect(shown.trimEnd().split('\n').length).toBeLessThanOrEqual(60);
      // and `plan -refresh=false` (nothing to refresh: terraform_data has no remote object) prints the same change in as few lines
      const unrefreshed = h.run(['plan', '-input=false', '-no-color', '-refresh=false']);
      expect(unrefreshed.stdout).toMatch(/Plan: 1 to add, 0 to change, 1 to destroy\./);
      expect(unrefreshed.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(60);
      const before = h.sessionCount();
      expectOk(h.apply());
      expect(h.sessionCount()).toBe(before + 1);
    });

    test('a document edited after synth is refused before any Exchange call, and nothing else runs for it', () => {
      synth(tenants.map((t) => (t.id === 'Customer00007' ? { ...t, domains: [t.domains[0]] } : t)).map((t) => (t.id === 'Customer00005' ? { ...t, domains: [...t.domains, 'customer00005-new.example'] } : t)));
      const dir = path.join(h.stackDir, DOCUMENTS_FOLDER);
      const json = JSON.parse(fs.readFileSync(path.join(h.stackDir, 'cdk.tf.json'), 'utf8'));
      const [, converge] = Object.entries<any>(json.resource.terraform_data).find(([k]) => k.startsWith('Customer00007_Converge_'))!;
      const file = path.join(dir, `${converge.triggers_replace[0]}.json`);
      // someone widens the tenant's routing by hand in the synthesized folder
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"customer00007.example"', '"customer00007.example", "customer00008.example"'));
      const org = 'customer00007.onmicrosoft.com';
      const sessionsOf = () => h.store.readSessions().filter((x) => x.organization === org).length;
      const sessions = sessionsOf();
      const calls = h.store.readCalls().filter((c) => c.organization === org).length;
      const r = h.apply();
      expect(r.code).not.toBe(0);
      expect(r.stderr.replace(/\s+/g, ' ')).toMatch(/does not match the hash Terraform holds .* it was changed after synth\. Nothing was applied/);
      expect(sessionsOf()).toBe(sessions);
      expect(h.store.readCalls().filter((c) => c.organization === org).length).toBe(calls);
      // synthesizing again restores the document, and the apply goes through
      synth(tenants.map((t) => (t.id === 'Customer00007' ? { ...t, domains: [t.domains[0]] } : t)).map((t) => (t.id === 'Customer00005' ? { ...t, domains: [...t.domains, 'customer00005-new.example'] } : t)));
      expectOk(h.apply());
      expect(sessionsOf()).toBe(sessions + 1);
    });
  });

  describe('a fleet in shards', () => {
    const h = new LifecycleHarness(binary, 'mail-gateway-0');
    const tenants = generatedTenants(8);
    const stacks = ['mail-gateway-0', 'mail-gateway-1'];
    const synth = (pins: { [id: string]: number }) => h.synthApp((app) => buildShardedFleet(app, tenants, { shardCount: 2, pins }));
    const marked = (org: string, kind: 'InboundConnector' | 'OutboundConnector' | 'TransportRule') => h.store.objects(org, kind).filter((o) => String(o.Comment ?? o.Comments ?? '').includes(MANAGED_MARKER));
    const guids = (org: string) => (['InboundConnector', 'OutboundConnector', 'TransportRule'] as const).flatMap((k) => marked(org, k).map((o) => String(o.Guid)));
    const removals = (org: string, since: number) => h.store.readCalls().slice(since).filter((c) => c.organization === org && /^Remove-/.test(c.cmdlet));

    beforeAll(() => {
      h.seed(tenants);
      synth({ Customer00001: 0, Customer00002: 0 });
      for (const s of stacks) expectOk(h.applyIn(s));
    });
    afterAll(() => h.cleanup());

    test('every tenant lands in exactly one shard, and each shard holds its own state', () => {
      const held = stacks.map((s) => Object.keys(JSON.parse(fs.readFileSync(path.join(h.stackDirOf(s), 'cdk.tf.json'), 'utf8')).resource.terraform_data).filter((k) => /_Converge_/.test(k)).map((k) => k.split('_')[0]));
      expect([...held[0], ...held[1]].sort()).toEqual(tenants.map((t) => t.id).sort());
      expect(held[0]).toEqual(expect.arrayContaining(['Customer00001', 'Customer00002']));
      for (const s of stacks) expect(fs.existsSync(path.join(h.stackDirOf(s), 'terraform.tfstate'))).toBe(true);
      for (const t of tenants) expect(marked(t.initialDomain, 'InboundConnector')).toHaveLength(1);
    });

    test('a tenant moved to another shard is neither torn down nor duplicated, whichever stack is applied first', () => {
      const org1 = tenants[0].initialDomain;
      const org2 = tenants[1].initialDomain;
      const before1 = guids(org1);
      const before2 = guids(org2);
      const calls = h.store.readCalls().length;
      synth({ Customer00001: 1, Customer00002: 1 });
      // Customer00001: the stack it left first, then the one it joined; Customer00002 alike, as
      // both leave shard 0 in the same apply. Then the reverse order is checked on the way back.
      expectOk(h.applyIn('mail-gateway-0'));
      expect(removals(org1, calls)).toEqual([]);
      expect(removals(org2, calls)).toEqual([]);
      expect(guids(org1)).toEqual(before1);
      expectOk(h.applyIn('mail-gateway-1'));
      expect(removals(org1, calls)).toEqual([]);
      expect(guids(org1)).toEqual(before1);
      expect(guids(org2)).toEqual(before2);
      // and back: the stack it joins first, then the one it leaves
      const calls2 = h.store.readCalls().length;
      synth({ Customer00001: 0, Customer00002: 0 });
      expectOk(h.applyIn('mail-gateway-0'));
      expectOk(h.applyIn('mail-gateway-1'));
      expect(removals(org1, calls2)).toEqual([]);
      expect(guids(org1)).toEqual(before1);
      expect(marked(org1, 'InboundConnector')).toHaveLength(1);
    });

    test('a tenant deleted from the app is still torn down by the shard that held it', () => {
      const gone = tenants.find((t) => t.id === 'Customer00002')!;
      h.synthApp((app) => buildShardedFleet(app, tenants.filter((t) => t !== gone), { shardCount: 2, pins: { Customer00001: 0 } }));
      for (const s of stacks) expectOk(h.applyIn(s));
      expect(guids(gone.initialDomain)).toEqual([]);
      expect(marked(tenants[0].initialDomain, 'InboundConnector')).toHaveLength(1);
    });
  });
});
