/**
 * `exo-gateway export` against the simulated Exchange Online, in process: tenants set up by
 * SEPPmail's module, by hand in the admin center, in an unsupported layout and with an IP-based
 * connector are exported; the written fleet file synthesizes (FleetFile) to the documents export
 * planned with; converging them adopts in place (no duplicate, no foreign object removed) and a
 * second converge changes nothing; export itself writes nothing to Exchange.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import * as ts from 'typescript';
import * as lib from '../../lib';
import { FleetFile, GatewayProfile } from '../../lib';
import { CustomGatewayStack, CUSTOM_TENANTS } from '../../examples/custom-gateway/fleet';
import { parseFleetFileText } from '../../lib/core/fleet-file-parse';
import { TenantDesiredState } from '../../lib/core/exo-model';
import { planTenant } from '../../lib/core/planner';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { ExportReport, exportProgress, runExport } from '../../lib/runtime/export';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { convergeDocument, synthJson } from '../helpers/synth';
import { seedHandMadeCustom, seedHandMadeNoSpamProxy, seedIpBasedCloud, seedSeppmailModule, seedUnsupported, tenantListYaml, tenantOf } from '../helpers/export-seeds';

jest.setTimeout(300_000);

const CERT_ENV = 'EXO_APP_CERT_PFX_B64';
const CONTOSO = tenantOf('Contoso', 1, ['contoso.com', 'contoso.example', 'legacy.contoso.org']);
const FABRIKAM = tenantOf('Fabrikam', 2, ['fabrikam.com']);
const LITWARE = tenantOf('Litware', 3, ['litware.com']);
const TAILSPIN = tenantOf('Tailspin', 4, ['tailspin.ch', 'tailspin.example']);

interface Run {
  readonly dir: string;
  readonly store: SimulatorStore;
  readonly open: SessionOpener;
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly report: ExportReport;
  readonly fleetFile: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function exportRun(seed: (store: SimulatorStore) => string, args: string[] = []): Promise<Run> {
  const dir = tempDir('exo-export-');
  const store = new SimulatorStore(path.join(dir, 'sim'));
  const list = path.join(dir, 'tenants.yaml');
  fs.writeFileSync(list, seed(store));
  const open: SessionOpener = async (d) => asExchangeSession(await openSimulatedSession({ stateDir: store.stateDir, organization: d.access.organization, appId: d.access.appId, env: {} }));
  const fleetFile = path.join(dir, 'fleet.yaml');
  let out = '';
  let err = '';
  const code = await runExport([...args, '--json', '--out', fleetFile, list], { open, stdout: (t) => (out += t), stderr: (t) => (err += t), tty: false });
  return { dir, store, open, code, out, err, report: JSON.parse(out) as ExportReport, fleetFile };
}

/** The exported file through FleetFile, as synth builds it: each tenant's converge document. */
function synthesizedDocuments(fleetFile: string, tenants: string[], gatewayProfiles?: { [gateway: string]: GatewayProfile }): Map<string, TenantDesiredState> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'adopt');
  new FleetFile(stack, 'Fleet', { path: fleetFile, gatewayProfiles });
  const json = synthJson(stack);
  return new Map(tenants.map((t) => [t, convergeDocument(json, t) as TenantDesiredState]));
}

function names(store: SimulatorStore, organization: string): { [kind: string]: string[] } {
  return Object.fromEntries((['InboundConnector', 'OutboundConnector', 'TransportRule'] as const).map((k) => [k, store.objects(organization, k).map((o) => String(o.Name)).sort()]));
}

describe('export of the three seeded forms and an IP-based connector', () => {
  let run: Run;
  const before: { [org: string]: { [kind: string]: string[] } } = {};
  beforeAll(async () => {
    run = await exportRun((store) => {
      seedSeppmailModule(store, CONTOSO, { fqdn: 'securemail.msp.example', tls: '*.msp.example', cbc: 'mail.contoso.com', managed: ['contoso.com', 'contoso.example'] });
      seedHandMadeNoSpamProxy(store, FABRIKAM, { fqdn: 'nsp.msp.example', cbc: 'nsp.fabrikam.com' });
      seedUnsupported(store, LITWARE);
      seedIpBasedCloud(store, TAILSPIN);
      for (const t of [CONTOSO, FABRIKAM, LITWARE, TAILSPIN]) before[t.organization] = names(store, t.organization);
      return tenantListYaml([CONTOSO, FABRIKAM, LITWARE, TAILSPIN], CERT_ENV, { Fabrikam: 'nospamproxy' });
    });
  });

  const tenant = (name: string) => run.report.tenants.find((t) => t.tenant === name)!;

  test('reads only: no write cmdlet reaches Exchange, and progress is one line per tenant', () => {
    expect(run.store.readCalls()).toEqual([]);
    expect(run.store.readReads().length).toBeGreaterThan(0);
    expect(run.err.trim().split('\n')).toEqual(['export: 1/4 tenants, 0 failed', 'export: 2/4 tenants, 0 failed', 'export: 3/4 tenants, 0 failed', 'export: 4/4 tenants, 0 failed']);
  });

  test('the unsupported layout is reported object by object, not written, and the exit code says so', () => {
    expect(run.code).toBe(2);
    const l = tenant('Litware');
    expect(l.status).toBe('notMapped');
    expect(l.entry).toBeUndefined();
    expect(l.unmapped.map((u) => `${u.kind}:${u.name}`).sort()).toEqual([
      'InboundConnector:Inbound from 6a1f2b3c-0000-4000-8000-000000000001',
      'InboundConnector:Partner A in',
      'InboundConnector:Partner B in',
      'OutboundConnector:Outbound to 6a1f2b3c-0000-4000-8000-000000000001',
      'OutboundConnector:Partner A out',
    ]);
    expect(l.unmapped.find((u) => u.name === 'Partner A in')!.reason).toMatch(/2 inbound and 1 outbound connectors with no product's names/);
    expect(l.unmapped.find((u) => u.name.startsWith('Inbound from'))!.reason).toMatch(/hybrid connector/);
    const file = parseFleetFileText(run.fleetFile, fs.readFileSync(run.fleetFile, 'utf8'));
    expect(file.tenants.map((t) => t.name)).toEqual(['Contoso', 'Fabrikam', 'Tailspin']);
  });

  test('SEPPmail\'s module setup: its names are the profile\'s, the managed domains come from the rules\' exclusions, disabled rules stay disabled', () => {
    const c = tenant('Contoso');
    expect(c.status).toBe('exported');
    expect(c.layout).toBe('seppmail-appliance');
    expect(c.entry).toEqual({ tenantId: CONTOSO.tenantId, initialDomain: CONTOSO.organization, domains: ['contoso.com', 'contoso.example'], cbcCertificateName: 'mail.contoso.com', adoptExisting: true, connector: { rulesEnabled: false } });
    const file = parseFleetFileText(run.fleetFile, fs.readFileSync(run.fleetFile, 'utf8'));
    expect(file.gateways.find((g) => g.name === c.gateway)!.value).toEqual({ profile: 'seppmail-appliance', fqdn: 'securemail.msp.example', tlsCertificateName: '*.msp.example' });
    // Rule 050 belongs to the module's layout but no profile rule has its name: reported, kept.
    expect(c.unmapped.map((u) => u.name)).toEqual(['[SEPPmail] - 050 on SPF fail - no SEPPmail']);
    expect(c.unmapped[0].reason).toMatch(/profile declares no rule of this name.*it runs before some of them now, and the plan moves the profile's rules above it/);
    // Every object of the module is claimed, nothing added or removed.
    expect(c.claims).toHaveLength(2 + 8);
    expect(c.plan!.blockers).toEqual([]);
    expect(c.plan!.steps.filter((s) => s.action === 'New' || s.action === 'Remove')).toEqual([]);
    expect(c.planText[0]).toBe("claim InboundConnector '[SEPPmail] Appliance -> ExchangeOnline' (no marker: adoptExisting takes it over)");
  });

  test('connectors made by hand: the admin\'s names are kept (claimed, not duplicated), the tenant\'s own rule is reported', () => {
    const f = tenant('Fabrikam');
    expect(f.status).toBe('exported');
    expect(f.entry!.connector).toEqual({ inboundConnectorName: 'From NoSpamProxy', outboundConnectorName: 'To NoSpamProxy' });
    expect(f.entry!.cbcCertificateName).toBe('nsp.fabrikam.com');
    expect(f.unmapped).toEqual([{ kind: 'TransportRule', name: 'Company disclaimer', reason: expect.stringMatching(/neither routes to the gateway/) }]);
    expect(f.claims.map((c) => c.name).sort()).toEqual(['From NoSpamProxy', 'To NoSpamProxy']);
    expect(f.plan!.steps.map((s) => s.action)).toEqual(['Set', 'Set']);
  });

  test('an IP-based gateway connector is exported with the certificate the profile expects, and the plan switches it in place', () => {
    const t = tenant('Tailspin');
    expect(t.layout).toBe('seppmail-cloud');
    expect(t.entry!.cbcCertificateName).toBeUndefined(); // SEPPmail.cloud derives it from the tenant id
    expect(t.notes.join('\n')).toMatch(/inbound connector '\[SEPPmail\.cloud\] Inbound-Parallel' is IP-based \(SenderIPAddresses 86\.119\.9\.0\/29, .*exported with the certificate name 5e1a0000-0000-4000-8000-000000000004\.ch\.seppmail\.cloud/);
    const inbound = t.plan!.steps.filter((s) => s.kind === 'InboundConnector');
    // In place: the certificate name first, then the addresses dropped (docs/ip-to-certificate.md).
    expect(inbound.map((s) => s.action)).toEqual(['Set', 'Set']);
    expect(inbound[0].changes!.find((c) => c.parameter === 'TlsSenderCertificateName')).toEqual({ parameter: 'TlsSenderCertificateName', current: null, desired: '5e1a0000-0000-4000-8000-000000000004.ch.seppmail.cloud' });
    expect(inbound[1].parameters).toMatchObject({ SenderIPAddresses: null });
    expect(t.planText.join('\n')).toMatch(/Set-InboundConnector/);
  });

  test('the written file synthesizes to the documents export planned with; converging adopts in place and a second converge changes nothing', async () => {
    const docs = synthesizedDocuments(run.fleetFile, ['Contoso', 'Fabrikam']);
    for (const [name, doc] of docs) {
      // The plan export printed is the plan of this document against the same state.
      const org = doc.access.organization;
      const observed = { InboundConnector: run.store.objects(org, 'InboundConnector'), OutboundConnector: run.store.objects(org, 'OutboundConnector'), TransportRule: run.store.objects(org, 'TransportRule') };
      expect(planTenant(doc, observed)).toEqual(tenant(name).plan);
      const steps = tenant(name).plan!.steps.length;
      const first = await convergeTenant(doc, run.open, { whatIf: false, log: () => undefined });
      expect(first.applied).toBe(steps);
      // No duplicate, nothing foreign removed: the same objects by name, and the rules the profile declares on top.
      const after = names(run.store, org);
      for (const kind of ['InboundConnector', 'OutboundConnector'] as const) expect(after[kind]).toEqual(before[org][kind]);
      expect(after.TransportRule).toEqual(expect.arrayContaining(before[org].TransportRule));
      expect(after.TransportRule.length).toBe(before[org].TransportRule.length + doc.objects.filter((o) => o.kind === 'TransportRule' && !before[org].TransportRule.includes(o.name)).length);
      const second = await convergeTenant(doc, run.open, { whatIf: false, log: () => undefined });
      expect(second.applied).toBe(0);
      expect(second.plan.steps).toEqual([]);
    }
  });
});

/** Converges each document as the first converge after export would: the plan export printed, in place, then nothing left. */
async function convergeAdopting(run: Run, docs: Map<string, TenantDesiredState>, before: { [org: string]: { [kind: string]: string[] } }): Promise<void> {
  for (const [name, doc] of docs) {
    const org = doc.access.organization;
    const observed = { InboundConnector: run.store.objects(org, 'InboundConnector'), OutboundConnector: run.store.objects(org, 'OutboundConnector'), TransportRule: run.store.objects(org, 'TransportRule') };
    const exported = run.report.tenants.find((t) => t.tenant === name)!;
    expect(planTenant(doc, observed)).toEqual(exported.plan);
    const first = await convergeTenant(doc, run.open, { whatIf: false, log: () => undefined });
    expect(first.applied).toBe(exported.plan!.steps.length);
    // No duplicate, nothing foreign removed: the same objects by name.
    expect(names(run.store, org)).toEqual(before[org]);
    const second = await convergeTenant(doc, run.open, { whatIf: false, log: () => undefined });
    expect(second.applied).toBe(0);
    expect(second.plan.steps).toEqual([]);
  }
}

describe('export of a custom layout made by hand (examples/custom-gateway)', () => {
  const ACME = CUSTOM_TENANTS.map((t) => ({ name: t.id, tenantId: t.tenantId, organization: t.initialDomain, domains: [...t.domains] }));
  const NORTHWIND = tenantOf('Northwind', 5, ['northwind.com']);
  const example = synthJson(new CustomGatewayStack(Testing.app(), 'acme'));
  const exampleObjects = (tenant: string) => (convergeDocument(example, tenant) as TenantDesiredState).objects;
  let run: Run;
  const before: { [org: string]: { [kind: string]: string[] } } = {};
  beforeAll(async () => {
    run = await exportRun((store) => {
      for (const t of ACME) seedHandMadeCustom(store, t, exampleObjects(t.name));
      // The same layout, with a connector parameter and a rule predicate GatewayProfile.custom has no option for.
      const northwind = JSON.parse(JSON.stringify(exampleObjects('Contoso')).replace(/contoso/g, 'northwind'));
      seedHandMadeCustom(store, NORTHWIND, northwind, { '[Acme] Gateway -> ExchangeOnline': { AssociatedAcceptedDomains: ['northwind.com'] }, '[Acme] Route inbound to the gateway': { SubjectContainsWords: ['[secure]'] } });
      for (const t of [...ACME, NORTHWIND]) before[t.organization] = names(store, t.organization);
      return tenantListYaml([...ACME, NORTHWIND], CERT_ENV);
    });
  });
  const tenant = (name: string) => run.report.tenants.find((t) => t.tenant === name)!;
  const profileOf = (r: Run) => GatewayProfile.custom(r.report.customProfiles!.Custom as lib.CustomProfileOptions);

  test('the layout is written as one custom gateway; its profile rebuilds exactly the objects the example declares', () => {
    expect(run.store.readCalls()).toEqual([]);
    for (const t of ACME) expect(tenant(t.name)).toMatchObject({ status: 'exported', layout: 'custom', gateway: 'Custom', unmapped: [{ kind: 'TransportRule', name: 'Company disclaimer' }] });
    const file = parseFleetFileText(run.fleetFile, fs.readFileSync(run.fleetFile, 'utf8'));
    expect(file.gateways.map((g) => [g.name, g.value])).toEqual([['Custom', { profile: 'custom', fqdn: 'filter.acme-gateway.example' }]]);
    expect(file.tenants.map((t) => t.name)).toEqual(['Contoso', 'Fabrikam']);
    expect(tenant('Contoso').entry).toEqual({ tenantId: ACME[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', domains: ['contoso.com'], cbcCertificateName: 'acme.contoso.com', adoptExisting: true });
    const docs = synthesizedDocuments(run.fleetFile, ['Contoso', 'Fabrikam'], { Custom: profileOf(run) });
    for (const t of ACME) expect(docs.get(t.name)!.objects).toEqual(exampleObjects(t.name));
    // Adopting only adds the marker to each object's comment: every setting already matches.
    expect(tenant('Contoso').plan!.steps.map((s) => [s.action, s.name, ...(s.changes ?? []).map((c) => c.parameter)])).toEqual([
      ['Set', '[Acme] Gateway -> ExchangeOnline', 'Comment'],
      ['Set', '[Acme] ExchangeOnline -> Gateway', 'Comment'],
      ['Set', '[Acme] Route inbound to the gateway', 'Comments'],
      ['Set', '[Acme] Route outbound to the gateway', 'Comments'],
    ]);
  });

  test('the TypeScript file next to the fleet file builds the same profile as the options of the report', () => {
    expect(run.report.customProfileFile).toBe(path.join(run.dir, 'fleet.custom-profile.ts'));
    const source = fs.readFileSync(run.report.customProfileFile!, 'utf8');
    expect(source).toMatch(/connectorType: ConnectorType\.ON_PREMISES,/);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const module = { exports: {} as { exportedGatewayProfiles?: () => { [gateway: string]: GatewayProfile } } };
    new Function('require', 'module', 'exports', js)((m: string) => (m === 'cdktf-exo-gateway' ? lib : require(m)), module, module.exports);
    expect(module.exports.exportedGatewayProfiles!()).toEqual({ Custom: profileOf(run) });
  });

  test('a custom layout with values the options cannot express is reported object by object, not written', () => {
    expect(run.code).toBe(2);
    const n = tenant('Northwind');
    expect(n.status).toBe('notMapped');
    expect(n.entry).toBeUndefined();
    const reasons = Object.fromEntries(n.unmapped.map((u) => [u.name, u.reason]));
    expect(reasons['[Acme] Gateway -> ExchangeOnline']).toBe('AssociatedAcceptedDomains ["northwind.com"]: GatewayProfile.custom has no option for AssociatedAcceptedDomains');
    expect(reasons['[Acme] Route inbound to the gateway']).toBe('SubjectContainsWords ["[secure]"]: GatewayProfile.custom has no option for SubjectContainsWords');
    expect(reasons['[Acme] ExchangeOnline -> Gateway']).toMatch(/^a custom layout .*cannot express on 2 object\(s\)/);
    expect(reasons['Company disclaimer']).toMatch(/not part of the custom layout/);
  });

  test('converging the written file with the generated profile adopts in place, and a second converge changes nothing', async () => {
    await convergeAdopting(run, synthesizedDocuments(run.fleetFile, ['Contoso', 'Fabrikam'], { Custom: profileOf(run) }), before);
  });
});

describe('export of 200 tenants', () => {
  test('completes with progress lines and exports every tenant', async () => {
    const tenants = Array.from({ length: 200 }, (_, i) => tenantOf(`T${i + 1}`, 100 + i, [`t${i + 1}.example`]));
    const run = await exportRun((store) => {
      for (const t of tenants) seedSeppmailModule(store, t, { fqdn: 'securemail.msp.example', tls: '*.msp.example', cbc: `mail.${t.domains[0]}`, managed: t.domains });
      return tenantListYaml(tenants, CERT_ENV);
    }, ['--concurrency', '20']);
    expect(run.code).toBe(0);
    expect(run.report.summary).toMatchObject({ tenants: 200, exported: 200, notMapped: 0, failed: 0 });
    const lines = run.err.trim().split('\n');
    expect(lines[lines.length - 1]).toBe('export: 200/200 tenants, 0 failed');
    expect(lines).toHaveLength(11); // the first tenant, each tenth, and the last
    expect(run.store.readCalls()).toEqual([]);
    const file = parseFleetFileText(run.fleetFile, fs.readFileSync(run.fleetFile, 'utf8'));
    expect(file.gateways).toHaveLength(1);
    expect(file.tenants).toHaveLength(200);
  });
});

test('a certificate file of the list stays the same file in the written fleet file (paths are relative to each file)', async () => {
  const dir = tempDir('exo-export-paths-');
  const store = new SimulatorStore(path.join(dir, 'sim'));
  seedSeppmailModule(store, CONTOSO, { fqdn: 'securemail.msp.example', tls: '*.msp.example', cbc: 'mail.contoso.com', managed: ['contoso.com'] });
  fs.mkdirSync(path.join(dir, 'input'));
  fs.mkdirSync(path.join(dir, 'repo', 'fleet'), { recursive: true });
  const list = path.join(dir, 'input', 'tenants.yaml');
  fs.writeFileSync(list, tenantListYaml([CONTOSO], CERT_ENV).replace(`certificateEnv: ${CERT_ENV}`, 'certificateFile: certs/app.pfx'));
  const seen: (string | undefined)[] = [];
  const open: SessionOpener = async (d) => {
    seen.push(d.access.certificateFile);
    return asExchangeSession(await openSimulatedSession({ stateDir: store.stateDir, organization: d.access.organization, appId: d.access.appId, env: {} }));
  };
  const out = path.join(dir, 'repo', 'fleet', 'fleet.yaml');
  const code = await runExport(['--out', out, list], { open, stdout: () => undefined, stderr: () => undefined, tty: false });
  expect(code).toBe(0);
  expect(seen).toEqual([path.join(dir, 'input', 'certs', 'app.pfx')]);
  expect(parseFleetFileText(out, fs.readFileSync(out, 'utf8')).defaults.access).toEqual({ appId: expect.any(String), certificateFile: path.join('..', '..', 'input', 'certs', 'app.pfx') });
});

test('progress on a terminal rewrites one line', () => {
  let text = '';
  const p = exportProgress(2, (t) => (text += t), true);
  p(1, 0);
  p(2, 1);
  expect(text).toBe('\rexport: 1/2 tenants, 0 failed\rexport: 2/2 tenants, 1 failed\n');
});

test('an --out folder that does not exist fails before any tenant is read, naming the path given', async () => {
  const dir = tempDir('exo-export-out-');
  const list = path.join(dir, 'tenants.yaml');
  fs.writeFileSync(list, tenantListYaml([CONTOSO], CERT_ENV));
  let opened = 0;
  const open: SessionOpener = async () => {
    opened++;
    throw new Error('no tenant may be read');
  };
  const run = (out: string) => runExport(['--out', out, list], { open, stdout: () => undefined, stderr: () => undefined, tty: false });
  const missing = path.join(dir, 'nonexistent', 'dir', 'f.yaml');
  await expect(run(missing)).rejects.toThrow(`EXG201: --out ${missing}: the folder ${path.join(dir, 'nonexistent', 'dir')} does not exist; create it first, or give a file in an existing folder; usage: exo-gateway export`);
  fs.writeFileSync(path.join(dir, 'plain'), '');
  await expect(run(path.join(dir, 'plain', 'f.yaml'))).rejects.toThrow(/EXG201: --out .*plain\/f\.yaml: .*plain is not a folder/);
  await expect(run(dir)).rejects.toThrow(`EXG201: --out ${dir}: this is a folder; give a file name`);
  expect(opened).toBe(0);
});
