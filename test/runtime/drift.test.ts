/**
 * `exo-gateway drift` against the simulated Exchange Online: a converged fleet reports nothing;
 * edits an admin makes by hand are each reported exactly once; a tenant that cannot be read is
 * reported as failed without hiding the others.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { generatedTenants } from '../../examples/sharded-fleet/fleet';
import { CERT_ENV, ExampleTenant, SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { DOCUMENTS_FOLDER, ExoValue, markerWithId, TenantDesiredState } from '../../lib/core/exo-model';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { DRIFT_REPORT_SCHEMA, DriftFinding, DriftReport, runDrift } from '../../lib/runtime/drift';
import { stackConvergeSteps, stackDocuments } from '../../lib/runtime/exo-apply';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';

jest.setTimeout(600_000);

const REPO = path.resolve(__dirname, '..', '..');

interface Fleet {
  readonly dir: string;
  readonly stackDir: string;
  readonly simDir: string;
  readonly store: SimulatorStore;
  readonly docs: TenantDesiredState[];
  readonly open: SessionOpener;
}

function fleet(tenants: ExampleTenant[], stack = 'fleet'): Fleet {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-drift-'));
  const outdir = path.join(dir, 'cdktf.out');
  const app = new App({ outdir });
  new SeppmailMspStack(app, stack, tenants);
  app.synth();
  const simDir = path.join(dir, 'sim');
  const store = new SimulatorStore(simDir);
  for (const t of tenants) store.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: [...t.domains] });
  const open: SessionOpener = async (d) => asExchangeSession(await openSimulatedSession({ stateDir: simDir, organization: d.access.organization, appId: d.access.appId, env: {} }));
  const stackDir = path.join(outdir, 'stacks', stack);
  return { dir, stackDir, simDir, store, docs: stackDocuments(stackDir), open };
}

async function converge(f: Fleet): Promise<void> {
  for (const d of f.docs) await convergeTenant(d, f.open, { whatIf: false, log: () => undefined });
}

async function drift(f: Fleet, args: string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDrift([...args, f.stackDir], { stackSteps: stackConvergeSteps, open: f.open, stdout: (t) => (out += t), stderr: (t) => (err += t), tty: false });
  return { code, out, err };
}

async function driftJson(f: Fleet, args: string[] = []): Promise<{ code: number; report: DriftReport; err: string }> {
  const r = await drift(f, ['--json', ...args]);
  return { code: r.code, report: JSON.parse(r.out) as DriftReport, err: r.err };
}

const findingsOf = (report: DriftReport, tenant: string): DriftFinding[] => report.tenants.find((t) => t.tenant === tenant)!.findings;

/** A value an admin would set instead: different after normalisation. */
function otherValue(parameter: string, value: ExoValue): ExoValue {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (Array.isArray(value)) return [...value, 'admin-added.example'];
  if (parameter === 'ConnectorType') return value === 'OnPremises' ? 'Partner' : 'OnPremises';
  return `${String(value)}.admin`;
}

describe('drift over a converged fleet of 200 tenants', () => {
  const tenants = generatedTenants(200);
  let f: Fleet;
  beforeAll(async () => {
    f = fleet(tenants);
    await converge(f);
  });
  afterAll(() => fs.rmSync(f.dir, { recursive: true, force: true }));

  test('reports 0 differences, exit 0, with a progress line on stderr', async () => {
    const { code, report, err } = await driftJson(f);
    expect(report.schema).toBe(DRIFT_REPORT_SCHEMA);
    expect(report.summary).toEqual({ tenants: 200, inSync: 200, drifted: 0, failed: 0, findings: 0 });
    expect(code).toBe(0);
    expect(err).toMatch(/^drift: 200\/200 tenants checked, 0 failed$/m);
  });

  describe('after an admin edits objects by hand', () => {
    const doc = (i: number) => f.docs.find((d) => d.tenant.name === tenants[i].id)!;
    const org = (i: number) => tenants[i].initialDomain;
    const byKind = (i: number, kind: string) => doc(i).objects.filter((o) => o.kind === kind);
    let edited: { [tenant: string]: string[] };
    let report: DriftReport;
    let code: number;

    beforeAll(async () => {
      edited = {};
      // 0: every declared parameter of the inbound connector (but its Comment, which carries the
      // marker: without it the object is no longer ours, a case of its own below)
      const inbound = byKind(0, 'InboundConnector')[0];
      const changes: { [p: string]: ExoValue } = {};
      for (const [p, v] of Object.entries(inbound.parameters)) if (p !== 'Name' && p !== 'Comment') changes[p] = otherValue(p, v);
      expect(Object.keys(changes).length).toBeGreaterThanOrEqual(5);
      f.store.editObject(org(0), 'InboundConnector', inbound.name, changes);
      edited[tenants[0].id] = Object.keys(changes).map((p) => `changed:${inbound.name}:${p}`);
      // 1: the outbound connector disabled
      const outbound = byKind(1, 'OutboundConnector')[0];
      f.store.editObject(org(1), 'OutboundConnector', outbound.name, { Enabled: false });
      edited[tenants[1].id] = [`changed:${outbound.name}:Enabled`];
      // 2: a managed rule disabled
      const rule2 = byKind(2, 'TransportRule')[1];
      f.store.editObject(org(2), 'TransportRule', rule2.name, { State: 'Disabled' });
      edited[tenants[2].id] = [`changed:${rule2.name}:Enabled`];
      // 3: the last managed rule moved to the top
      const rules3 = byKind(3, 'TransportRule');
      f.store.editObject(org(3), 'TransportRule', rules3[rules3.length - 1].name, { Priority: 0 });
      edited[tenants[3].id] = ['ruleOrder:(managed rules):Priority'];
      // 4: a managed rule renamed
      const rule4 = byKind(4, 'TransportRule')[2];
      f.store.editObject(org(4), 'TransportRule', rule4.name, { Name: `${rule4.name} (old)` });
      edited[tenants[4].id] = [`renamed:${rule4.name}:Name`];
      // 5: our last rule deleted and a rule of someone else's created under its name
      const rules5 = byKind(5, 'TransportRule');
      const last5 = rules5[rules5.length - 1];
      f.store.removeObject(org(5), 'TransportRule', last5.name);
      f.store.putForeignObject(org(5), 'TransportRule', { Name: last5.name, Comments: 'made by hand', SetSCL: -1 });
      edited[tenants[5].id] = [`foreignNamesake:${last5.name}:`];
      // 6: a condition added to a managed rule
      const rule6 = byKind(6, 'TransportRule').find((r) => r.parameters.SenderDomainIs === undefined)!;
      f.store.editObject(org(6), 'TransportRule', rule6.name, { SenderDomainIs: ['partner.example'] });
      edited[tenants[6].id] = [`undeclaredSetting:${rule6.name}:SenderDomainIs`];
      // 7: a marked connector the stack does not declare
      f.store.putForeignObject(org(7), 'OutboundConnector', { Name: 'Leftover route', Comment: markerWithId(doc(7).marker, 'gone1234'), SmartHosts: ['old.example'], UseMXRecord: false });
      edited[tenants[7].id] = ['notDeclared:Leftover route:'];
      // 8: the inbound connector deleted
      const inbound8 = byKind(8, 'InboundConnector')[0];
      f.store.removeObject(org(8), 'InboundConnector', inbound8.name);
      edited[tenants[8].id] = [`missing:${inbound8.name}:`];
      ({ code, report } = await driftJson(f));
    });

    test('each edit is reported exactly once, and nothing else', () => {
      const found: { [tenant: string]: string[] } = {};
      for (const t of report.tenants) if (t.findings.length) found[t.tenant] = t.findings.map((x) => `${x.finding}:${x.object}:${x.property ?? ''}`).sort();
      for (const k of Object.keys(edited)) edited[k].sort();
      expect(found).toEqual(edited);
      expect(report.summary).toMatchObject({ tenants: 200, inSync: 191, drifted: 9, failed: 0 });
      expect(code).toBe(2);
    });

    test('a finding says what was declared, what was found and what converge does', () => {
      const enabled = findingsOf(report, tenants[1].id)[0];
      expect(enabled).toMatchObject({ finding: 'changed', property: 'Enabled', declared: '$true', found: '$false', converge: 'changes' });
      const added = findingsOf(report, tenants[6].id)[0];
      expect(added).toMatchObject({ found: '[partner.example]', converge: 'leaves' });
      expect(added.message).toMatch(/converge leaves it/);
      expect(findingsOf(report, tenants[5].id)[0].converge).toBe('blocks');
      expect(findingsOf(report, tenants[7].id)[0].converge).toBe('removes');
      expect(findingsOf(report, tenants[8].id)[0].converge).toBe('creates');
      expect(findingsOf(report, tenants[4].id)[0]).toMatchObject({ found: expect.stringContaining('(old)'), converge: 'renames' });
    });

    test('--replace-args names the converge step of exactly the drifted tenants a converge repairs, and says why the others are left out', async () => {
      const { out, err, code: c } = await drift(f, ['--replace-args']);
      const lines = out.trim().split('\n');
      const json = JSON.parse(fs.readFileSync(path.join(f.stackDir, 'cdk.tf.json'), 'utf8'));
      const replace = (t: string) => `-replace=terraform_data.${Object.keys(json.resource.terraform_data).find((k) => k.startsWith(`${t}_Converge_`))}`;
      // 5: a foreign rule holds a declared name, which blocks converge (the apply would fail);
      // 6: a condition added by hand to a managed rule, which converge leaves as it is.
      const repaired = Object.keys(edited).filter((t) => t !== tenants[5].id && t !== tenants[6].id);
      expect(lines.sort()).toEqual(repaired.map(replace).sort());
      expect(err).toContain(`drift: ${tenants[5].id}: left out of --replace-args, its converge is blocked (`);
      expect(err).toContain(`drift: ${tenants[6].id}: left out of --replace-args, a converge would leave its findings as they are`);
      expect(c).toBe(2);
    });

    test('the table and the Markdown show the same findings', async () => {
      const table = (await drift(f)).out;
      expect(table).toMatch(/^TENANT\s+FINDING\s+OBJECT\s+PROPERTY\s+DECLARED\s+FOUND\s+CONVERGE$/m);
      expect(table).toMatch(new RegExp(`^${tenants[1].id}\\s+changed\\s+OutboundConnector .*Enabled\\s+\\$true\\s+\\$false\\s+changes$`, 'm'));
      expect(table).toMatch(/200 tenant\(s\): 191 in sync, 9 drifted \(\d+ finding\(s\)\), 0 could not be read/);
      const markdown = (await drift(f, ['--markdown'])).out;
      expect(markdown).toMatch(/^## Exchange Online drift: 9 of 200 tenant\(s\) drifted$/m);
      expect(markdown).toContain(`| ${tenants[6].id} | undeclaredSetting |`);
      expect(markdown).toMatch(/^terraform apply -replace=terraform_data\./m);
    });

    test('a tenant that cannot be read fails the run with exit 1, the others are still reported', async () => {
      fs.rmSync(f.store.tenantFile(org(9)));
      try {
        const { code: c, report: r, err } = await driftJson(f, ['--concurrency', '3']);
        expect(c).toBe(1);
        expect(r.summary).toMatchObject({ tenants: 200, failed: 1, drifted: 9, inSync: 190 });
        const failed = r.tenants.find((t) => t.status === 'failed')!;
        expect(failed.tenant).toBe(tenants[9].id);
        expect(failed.error).toMatch(/not found|No simulated tenant/i);
        expect(err).toContain(`drift: ${tenants[9].id}:`);
      } finally {
        f.store.seedTenant({ organization: tenants[9].initialDomain, tenantId: tenants[9].tenantId, acceptedDomains: [...tenants[9].domains] });
      }
    });
  });
});

describe('the table names failed tenants and gives their full reasons', () => {
  test('a long reason is printed whole below the table; a tenant whose document is gone is named from the construct path', async () => {
    const tenants = generatedTenants(3, 700);
    const f = fleet(tenants, 'failing');
    try {
      await converge(f);
      // tenant 0: its Exchange Online is gone (a reason longer than the table's cell)
      fs.rmSync(f.store.tenantFile(tenants[0].initialDomain));
      // tenant 1: its document file is gone
      const json = JSON.parse(fs.readFileSync(path.join(f.stackDir, 'cdk.tf.json'), 'utf8'));
      const [, step] = Object.entries<any>(json.resource.terraform_data).find(([k]) => k.startsWith(`${tenants[1].id}_Converge_`))!;
      fs.rmSync(path.join(f.stackDir, DOCUMENTS_FOLDER, `${step.triggers_replace[0]}.json`));
      const { code, out } = await drift(f);
      expect(code).toBe(1);
      const [table, below] = out.split('Could not be read:\n');
      expect(table).toMatch(new RegExp(`^${tenants[1].id}\\s+FAILED\\s+`, 'm'));
      expect(table).not.toMatch(/^\S+_Converge_/m);
      const reasons = below.trim().split('\n');
      expect(reasons).toHaveLength(2);
      const gone = reasons.find((l) => l.startsWith(`${tenants[1].id} (`))!;
      expect(gone).toMatch(/: .*the desired-state document .* cannot be read \(ENOENT\); run Terraform in the synthesized stack folder.*synthesize again if it is missing$/);
      const unreadable = reasons.find((l) => l.startsWith(`${tenants[0].id} (`))!;
      expect(unreadable.length).toBeGreaterThan(100);
      expect(unreadable).not.toContain('…');
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
});

describe('the bundled program', () => {
  test('exo-gateway drift reads the simulated tenants through the session process and exits 2 on drift', async () => {
    const tenants = generatedTenants(3, 500);
    const f = fleet(tenants, 'small');
    await converge(f);
    const rule = f.docs[0].objects.find((o) => o.kind === 'TransportRule')!;
    f.store.editObject(tenants[0].initialDomain, 'TransportRule', rule.name, { State: 'Disabled' });
    const env = { ...process.env, EXO_GATEWAY_TARGET: 'simulated', EXO_SIM_STATE_DIR: f.simDir, [CERT_ENV]: 'RkFLRQ==', EXO_GATEWAY_CONNECT_ATTEMPTS: '1' };
    const r = spawnSync(process.execPath, [path.join(REPO, 'build', 'runtime', 'exo-apply.js'), 'drift', '--json', f.stackDir], { env, encoding: 'utf8' });
    expect(r.stderr).toMatch(/drift: 3\/3 tenants checked, 0 failed/);
    const report = JSON.parse(r.stdout) as DriftReport;
    expect(report.summary).toMatchObject({ tenants: 3, drifted: 1, inSync: 2, failed: 0 });
    expect(report.tenants[0].findings).toEqual([expect.objectContaining({ finding: 'changed', object: rule.name, property: 'Enabled' })]);
    expect(r.status).toBe(2);
    fs.rmSync(f.dir, { recursive: true, force: true });
  });
});

describe('the Markdown report over several stacks', () => {
  test('gives one terraform apply per stack folder, naming only its drifted tenants', () => {
    const { driftMarkdown } = require('../../lib/runtime/drift') as typeof import('../../lib/runtime/drift');
    const finding: DriftFinding = { finding: 'changed', objectKind: 'OutboundConnector', object: 'Out', property: 'Enabled', declared: '$true', found: '$false', converge: 'changes', message: 'm' };
    const t = (stack: string, tenant: string, drift: boolean) => ({ stack, resource: `terraform_data.${tenant}_Converge_1`, tenant, status: drift ? ('drift' as const) : ('inSync' as const), findings: drift ? [finding] : [] });
    const md = driftMarkdown({ schema: DRIFT_REPORT_SCHEMA, generatedAt: 'now', summary: { tenants: 3, inSync: 1, drifted: 2, failed: 0, findings: 2 }, tenants: [t('s/a', 'A', true), t('s/b', 'B', true), t('s/b', 'C', false)] });
    expect(md).toContain('(cd s/a && terraform apply -replace=terraform_data.A_Converge_1)\n(cd s/b && terraform apply -replace=terraform_data.B_Converge_1)\n');
  });
});

describe('bounded concurrency', () => {
  test('never runs more than the limit at once, and keeps the results in order', async () => {
    const { mapBounded } = require('../../lib/runtime/drift') as typeof import('../../lib/runtime/drift');
    let running = 0;
    let most = 0;
    const out = await mapBounded(Array.from({ length: 25 }, (_, i) => i), 4, async (i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5 + (i % 3) * 5));
      running--;
      return i * 2;
    });
    expect(most).toBe(4);
    expect(out).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
  });
});
