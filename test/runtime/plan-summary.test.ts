/**
 * `exo-gateway plan-summary`: the pull-request comment of a plan. The plans are real: the example
 * fleet synthesized, planned with Terraform (`plan -out`, `show -json`) and applied against the
 * simulated Exchange Online; the bundled program reads them as a pipeline runs it. Truncation,
 * sensitive values and moves between shards run on hand-written plan JSON.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExampleTenant, TENANTS } from '../../examples/seppmail-msp/fleet';
import { DEFAULT_MAX_CHARS, PLAN_COMMENT_MARKER, PLAN_SUMMARY_SCHEMA, PlanSummary, parsePlanSummaryArguments, readPlanSummary, renderPlanMarkdown, summarizePlan } from '../../lib/runtime/plan-summary';
import { LifecycleHarness } from '../helpers/lifecycle';

const PROGRAM = path.resolve(__dirname, '..', '..', 'build', 'runtime', 'exo-apply.js');

function program(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [PROGRAM, 'plan-summary', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Table rows of the tenants section: [action, tenant cell, details]. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => /^\| (add|change|retire|tear down|move in|move out) \|/.test(l))
    .map((l) => l.slice(2, -2).split(' | '));
}

describe('plan-summary of real Terraform plans of the example fleet', () => {
  const h = new LifecycleHarness(process.env.EXO_TEST_TERRAFORM ?? 'terraform', 'mail-gateway-0');
  const withDomain = (tenants: ExampleTenant[], id: string, domain: string) => tenants.map((t) => (t.id === id ? { ...t, domains: [...t.domains, domain] } : t));
  afterAll(() => h.cleanup());

  /** synth, plan -out=tfplan, show -json tfplan > plan.json, then the program on it. */
  const planSummary = (tenants: ExampleTenant[], extra: string[] = []) => {
    h.synth(tenants);
    const init = h.run(['init', '-input=false', '-no-color']);
    if (init.code !== 0) throw new Error(init.stderr);
    const plan = h.run(['plan', '-input=false', '-no-color', '-out=tfplan']);
    if (plan.code !== 0) throw new Error(`${plan.stdout}\n${plan.stderr}`);
    const show = h.run(['show', '-json', 'tfplan']);
    fs.writeFileSync(path.join(h.stackDir, 'plan.json'), show.stdout);
    const r = program([...extra, 'plan.json'], h.stackDir);
    if (r.code !== 0) throw new Error(r.stderr);
    return r.stdout;
  };

  beforeAll(() => h.seed(withDomain(TENANTS, 'Fabrikam', 'fabrikam.de')));

  test('first plan: every tenant is added, with its domains, certificate and state; the shard is named by its folder', () => {
    const md = planSummary(TENANTS);
    expect(md.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    expect(md).toContain('| mail-gateway-0 | 3 | 0 | 0 | 0 | 0 | 0 | fleet registry: 1 create |');
    expect(rows(md)).toEqual([
      ['add', 'Contoso (6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01)', 'domains contoso.com, contoso.ch; certificate seppmail.contoso.com; seppmail-appliance, connectors enabled, rules enabled; 1 InboundConnector, 1 OutboundConnector, 8 TransportRule'],
      ['add', 'Fabrikam (0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02)', expect.stringContaining('domains fabrikam.com, fabrikam-mail.de; certificate seppmail.fabrikam.com')],
      ['add', 'Tailspin (9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603)', expect.stringContaining('connectors enabled, rules disabled')],
    ]);
  });

  test('after apply, one domain added to one tenant: exactly that tenant changes, and the summary names the domain', () => {
    const apply = h.apply();
    if (apply.code !== 0) throw new Error(`${apply.stdout}\n${apply.stderr}`);
    const md = planSummary(withDomain(TENANTS, 'Fabrikam', 'fabrikam.de'));
    expect(md).toContain('| mail-gateway-0 | 0 | 1 | 0 | 0 | 0 | 2 | none |');
    expect(rows(md)).toEqual([['change', 'Fabrikam (0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02)', 'domains added: fabrikam.de']]);
    const json = JSON.parse(program(['--json', '--label', 'shard-a', 'plan.json'], h.stackDir).stdout) as PlanSummary;
    expect(json.schema).toBe(PLAN_SUMMARY_SCHEMA);
    expect(json.shards[0]).toMatchObject({ label: 'shard-a', unchanged: 2, tenants: [{ name: 'Fabrikam', action: 'change', changes: [{ field: 'domains', added: ['fabrikam.de'], removed: [] }] }] });
  });

  test('a tenant declared retired is retired: its state and objects go, its domains stay', () => {
    const md = planSummary(TENANTS.map((t) => (t.id === 'Tailspin' ? { ...t, retired: true } : t)));
    expect(rows(md)).toEqual([['retire', 'Tailspin (9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603)', expect.stringMatching(/^profile: seppmail-appliance, connectors enabled, rules disabled → seppmail-appliance, retired; objects: 1 InboundConnector, 1 OutboundConnector, 8 TransportRule → /)]]);
  });

  test('a tenant removed from the code is torn down; the fleet registry is replaced', () => {
    const md = planSummary(TENANTS.filter((t) => t.id !== 'Tailspin'));
    expect(md).toContain('| mail-gateway-0 | 0 | 0 | 0 | 1 | 0 | 2 | fleet registry: 1 replace |');
    expect(rows(md)).toEqual([['tear down', 'Tailspin (9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603)', 'removed from the code: the apply removes its managed connectors and rules (domains tailspintoys.com)']]);
    // The per-shard --json files merge into one comment (as the pipelines do).
    fs.writeFileSync(path.join(h.stackDir, 'summary.json'), program(['--json', 'plan.json'], h.stackDir).stdout);
    expect(program(['summary.json'], h.stackDir).stdout).toBe(md);
  });
});

/** A hand-written plan: one Converge per tenant (create), in the shape Terraform writes. */
function handPlan(tenants: { name: string; id: string; domains: string[]; action?: string[]; before?: string[] }[], extra: object[] = []): object {
  const trigger = (t: { name: string; id: string; domains: string[] }) => ['a'.repeat(64), `tenant: ${t.name} (${t.id})`, `domains: ${t.domains.join(', ')}`, 'certificate: mail.example.com', 'profile: postfix, connectors enabled, rules enabled', 'objects: 1 InboundConnector'];
  return {
    format_version: '1.2',
    resource_changes: [
      ...tenants.map((t) => ({
        address: `terraform_data.${t.name}_Converge_0123ABCD`,
        mode: 'managed',
        type: 'terraform_data',
        name: `${t.name}_Converge_0123ABCD`,
        change: { actions: t.action ?? ['create'], before: t.before ? { triggers_replace: t.before } : null, after: t.action?.join() === 'delete' ? null : { triggers_replace: trigger(t) }, after_unknown: {}, after_sensitive: {}, before_sensitive: {} },
      })),
      ...extra,
    ],
  };
}

describe('plan-summary on hand-written plans', () => {
  test('a fleet too large for one comment is truncated under the limit, with the number of tenants left out', () => {
    const tenants = Array.from({ length: 3000 }, (_, i) => ({ name: `Tenant${i}`, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, domains: [`t${i}.example.com`, `t${i}.example.net`] }));
    const summary: PlanSummary = { schema: PLAN_SUMMARY_SCHEMA, shards: [summarizePlan(handPlan(tenants.slice(0, 1500)), 's0'), summarizePlan(handPlan(tenants.slice(1500)), 's1')] };
    const md = renderPlanMarkdown(summary);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_CHARS - 1000);
    const shown = rows(md).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(1500);
    expect(md).toContain(`**${3000 - shown} tenant change(s) not shown** to keep this comment under 65000 characters (s0: ${1500 - shown}, s1: 1500)`);
    // the counts stay complete
    expect(md).toContain('| s1 | 1500 | 0 |');
    const small = renderPlanMarkdown(summary, { maxChars: 5000 });
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(small).toContain(`**${3000 - rows(small).length} tenant change(s) not shown**`);
    // nothing left out, no such line
    expect(renderPlanMarkdown({ ...summary, shards: [summarizePlan(handPlan(tenants.slice(0, 10)), 's0')] })).not.toContain('not shown');
  });

  test('values marked sensitive are never printed, in Markdown or JSON; other resources are only counted', () => {
    const SECRET = 'S3CRET-domain.example';
    const plan = handPlan([{ name: 'Contoso', id: '11111111-1111-4111-8111-111111111111', domains: ['contoso.com', SECRET], action: ['delete', 'create'], before: ['b'.repeat(64), 'tenant: Contoso (11111111-1111-4111-8111-111111111111)', `domains: contoso.com, ${SECRET}`, 'certificate: mail.example.com', 'profile: postfix, connectors enabled, rules enabled', 'objects: 1 InboundConnector'] }], [
      { address: 'azuread_application_password.p', mode: 'managed', type: 'azuread_application_password', change: { actions: ['create'], before: null, after: { value: SECRET }, after_sensitive: { value: true }, after_unknown: {} } },
      { address: 'azuread_application.a', mode: 'managed', type: 'azuread_application', change: { actions: ['update'], before: { display_name: SECRET }, after: { display_name: SECRET }, after_unknown: {} } },
    ]) as any;
    plan.resource_changes[0].change.after_sensitive = { triggers_replace: [false, false, true, false, false, false] };
    plan.resource_changes[0].change.before_sensitive = { triggers_replace: [false, false, true, false, false, false] };
    const summary: PlanSummary = { schema: PLAN_SUMMARY_SCHEMA, shards: [summarizePlan(plan, 'shard')] };
    const md = renderPlanMarkdown(summary);
    const json = JSON.stringify(summary);
    for (const out of [md, json]) expect(out).not.toContain('S3CRET');
    expect(md).toContain('| azuread\\_application: 1 update, azuread\\_application\\_password: 1 create |');
    // the domains line is hidden, so the change is not attributed to it; the tenant still shows as changed
    expect(rows(md)).toEqual([['change', 'Contoso (11111111-1111-4111-8111-111111111111)', 'a value marked sensitive (not shown) or a setting outside the summary lines changed']]);

    // the whole trigger sensitive: the tenant is named by its resource, nothing else
    plan.resource_changes[0].change.after_sensitive = { triggers_replace: true };
    plan.resource_changes[0].change.actions = ['create'];
    const hidden = renderPlanMarkdown({ schema: PLAN_SUMMARY_SCHEMA, shards: [summarizePlan(plan, 'shard')] });
    expect(hidden).not.toContain('S3CRET');
    expect(rows(hidden)).toEqual([['add', 'Contoso ((sensitive, not shown))', 'domains (sensitive, not shown); certificate (sensitive, not shown); (sensitive, not shown); (sensitive, not shown)']]);
  });

  test('a tenant that leaves one shard for another is moved, not torn down; names cannot inject Markdown', () => {
    const t = { name: 'Bad|Name<script>@team', id: '22222222-2222-4222-8222-222222222222', domains: ['x.example'] };
    const before = ['c'.repeat(64), `tenant: ${t.name} (${t.id})`, 'domains: x.example', 'certificate: mail.example.com', 'profile: postfix, connectors enabled, rules enabled', 'objects: 1 InboundConnector'];
    const files: { [f: string]: string } = {
      'a/plan.json': JSON.stringify(handPlan([{ ...t, action: ['delete'], before }])),
      'b/plan.json': JSON.stringify(handPlan([t])),
    };
    const summary = readPlanSummary(parsePlanSummaryArguments(['--label', 'shard-a', 'a/plan.json', '--label', 'shard-b', 'b/plan.json']), (f) => files[f]);
    expect(summary.shards.map((s) => s.tenants.map((x) => [x.action, x.otherShard]))).toEqual([[['move-out', 'shard-b']], [['move-in', 'shard-a']]]);
    const md = renderPlanMarkdown(summary);
    expect(md).toContain('| move out | Bad\\|Name&lt;script&gt;&#64;team (22222222-2222-4222-8222-222222222222) | moved to shard-b; nothing is torn down |');
    expect(md).toContain('| shard-a | 0 | 0 | 0 | 0 | 1 |');
  });

  test('wrong input and arguments are refused with what to do', () => {
    expect(() => parsePlanSummaryArguments([])).toThrow(/no plan file given/);
    expect(() => parsePlanSummaryArguments(['s0.json', 's0.json'])).toThrow(/^plan-summary: s0\.json is given twice; give each shard's plan once\nusage: exo-gateway plan-summary/);
    expect(() => parsePlanSummaryArguments(['--label', 'a', 'shard/plan.json', '--label', 'b', './shard/../shard/plan.json'])).toThrow("plan-summary: ./shard/../shard/plan.json is given twice (also as shard/plan.json)");
    expect(() => parsePlanSummaryArguments(['plan.json', '--label', 'x'])).toThrow(/--label x names no file; put it before the plan file/);
    expect(() => parsePlanSummaryArguments(['--max-chars', '12', 'p.json'])).toThrow(/--max-chars '12' is not a whole number of at least 1000/);
    expect(() => readPlanSummary(parsePlanSummaryArguments(['tfplan']), () => 'PK\u0003\u0004binary')).toThrow(/tfplan is not JSON; pass the output of `terraform show -json tfplan`/);
    expect(() => readPlanSummary(parsePlanSummaryArguments(['x.json']), () => '{"resources": []}')).toThrow(/x: not the JSON of a saved plan/);
    expect(() => readPlanSummary(parsePlanSummaryArguments(['s.json']), () => JSON.stringify({ schema: PLAN_SUMMARY_SCHEMA, shards: [{ label: 'a' }] }))).toThrow(/s.json has the summary schema but not its shards/);
  });
});
