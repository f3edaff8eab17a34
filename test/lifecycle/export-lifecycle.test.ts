/**
 * `exo-gateway export` through the bundled program and the PowerShell transport (the stand-in
 * `pwsh` serving the simulated Exchange Online), then the written fleet file applied with the real
 * Terraform: tenants set up by SEPPmail's module and by hand are adopted in place (no duplicate,
 * no foreign object removed), a second apply and what-if change nothing, and the unsupported
 * layout is reported, not written.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalBackend, TerraformStack } from 'cdktf';
import { CERT_ENV } from '../../examples/seppmail-msp/fleet';
import { FleetFile } from '../../lib';
import { ensureStandInCertificate } from '../../lib/runtime/simulator/identity';
import { ExportReport } from '../../lib/runtime/export';
import { APP_ID, seedHandMadeNoSpamProxy, seedSeppmailModule, seedUnsupported, tenantListYaml, tenantOf } from '../helpers/export-seeds';
import { FAKE_CERT_SECRET, LifecycleHarness, lifecycleBinaries, RunResult, STAND_IN_BIN } from '../helpers/lifecycle';

const REPO = path.resolve(__dirname, '..', '..');
const CONTOSO = tenantOf('Contoso', 11, ['contoso.com', 'contoso.example', 'legacy.contoso.org']);
const FABRIKAM = tenantOf('Fabrikam', 12, ['fabrikam.com']);
const LITWARE = tenantOf('Litware', 13, ['litware.com']);

const expectOk = (r: RunResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
};

function names(h: LifecycleHarness, organization: string): { [kind: string]: string[] } {
  return Object.fromEntries((['InboundConnector', 'OutboundConnector', 'TransportRule'] as const).map((k) => [k, h.store.objects(organization, k).map((o) => String(o.Name)).sort()]));
}

describe.each(lifecycleBinaries())('export, then apply the exported file with $name', ({ path: binary }) => {
  const h = new LifecycleHarness(binary, 'adopt');
  const fleetFile = path.join(h.dir, 'fleet.yaml');
  const before: { [org: string]: { [kind: string]: string[] } } = {};
  let exported: RunResult;
  beforeAll(() => {
    seedSeppmailModule(h.store, CONTOSO, { fqdn: 'securemail.msp.example', tls: '*.msp.example', cbc: 'mail.contoso.com', managed: ['contoso.com', 'contoso.example'] });
    seedHandMadeNoSpamProxy(h.store, FABRIKAM, { fqdn: 'nsp.msp.example', cbc: 'nsp.fabrikam.com' });
    seedUnsupported(h.store, LITWARE);
    for (const t of [CONTOSO, FABRIKAM, LITWARE]) before[t.organization] = names(h, t.organization);
    const list = path.join(h.dir, 'tenants.yaml');
    fs.writeFileSync(list, tenantListYaml([CONTOSO, FABRIKAM, LITWARE], CERT_ENV, { Fabrikam: 'nospamproxy' }));
    const env = { ...process.env, PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH}`, EXO_SIM_STATE_DIR: h.simDir, EXO_GATEWAY_TARGET: 'exchange-online', [CERT_ENV]: FAKE_CERT_SECRET };
    const r = spawnSync(process.execPath, [path.join(REPO, 'build', 'runtime', 'exo-apply.js'), 'export', '--out', fleetFile, list], { cwd: h.dir, env, encoding: 'utf8' });
    exported = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  });
  afterAll(() => h.cleanup());

  test('export reads through the PowerShell transport, writes nothing to Exchange, and reports the unsupported tenant', () => {
    expect(exported.code).toBe(2);
    expect(h.store.readCalls()).toEqual([]);
    expect(exported.stderr.trim().split('\n')).toEqual(['export: 1/3 tenants, 0 failed', 'export: 2/3 tenants, 0 failed', 'export: 3/3 tenants, 0 failed']);
    expect(exported.stdout).toMatch(/^export: 3 tenant\(s\): 2 exported, 1 not mapped, 0 failed;/);
    expect(exported.stdout).toMatch(/^Tenant Litware \(litware\.onmicrosoft\.com\): not mapped$/m);
    expect(exported.stdout).toMatch(/^ {2}not mapped: InboundConnector 'Partner A in': 2 inbound and 1 outbound connectors/m);
    expect(exported.stdout).toMatch(/^ {4}claim InboundConnector '\[SEPPmail\] Appliance -> ExchangeOnline' \(no marker: adoptExisting takes it over\)$/m);
    expect(exported.stdout).not.toContain(FAKE_CERT_SECRET);
    const text = fs.readFileSync(fleetFile, 'utf8');
    expect(text).not.toMatch(/Litware/);
    expect(text).toMatch(/^ {2}Contoso:\n {4}tenantId: 5e1a0000-0000-4000-8000-000000000011\n/m);
  });

  test('the exported file applied with adoptExisting: no duplicate, no foreign object removed, then nothing left to change', () => {
    h.synthApp((app) => {
      const stack = new TerraformStack(app, 'adopt');
      new LocalBackend(stack, { path: 'terraform.tfstate' }); // in the stack folder, as the examples keep it
      new FleetFile(stack, 'Fleet', { path: fleetFile });
    });
    expectOk(h.apply());
    for (const t of [CONTOSO, FABRIKAM]) {
      const after = names(h, t.organization);
      expect(after.InboundConnector).toEqual(before[t.organization].InboundConnector);
      expect(after.OutboundConnector).toEqual(before[t.organization].OutboundConnector);
      expect(after.TransportRule).toEqual(before[t.organization].TransportRule);
    }
    // Adopted: every object the profile declares now carries the marker.
    expect(h.store.objects(CONTOSO.organization, 'InboundConnector')[0].Comment).toMatch(/#managed-by:cdktf-exo-gateway/);
    expect(h.store.objects(FABRIKAM.organization, 'TransportRule').find((r) => r.Name === 'Company disclaimer')!.Comments ?? '').not.toMatch(/managed-by/);
    const second = h.apply();
    expectOk(second);
    expect(second.stdout).toMatch(/0 added, 0 changed, 0 destroyed/);
    expect(h.plan().code).toBe(0);
    const whatIf = h.runProgram(['what-if', '.']);
    expect(whatIf.code).toBe(0);
    expect(whatIf.stdout.match(/in sync, no change$/gm)).toHaveLength(2);
  });
});

describe('export through the adminApi transport', () => {
  const h = new LifecycleHarness(lifecycleBinaries()[0].path, 'adopt-rest', 'adminApi');
  let lines: string[] = [];
  beforeAll(async () => {
    seedSeppmailModule(h.store, CONTOSO, { fqdn: 'securemail.msp.example', tls: '*.msp.example', cbc: 'mail.contoso.com', managed: ['contoso.com', 'contoso.example'] });
    ensureStandInCertificate(h.simDir, APP_ID);
    lines = await h.startSimulator();
  });
  afterAll(async () => {
    await h.stopSimulator();
    h.cleanup();
  });

  test('reads over HTTPS (no pwsh, no certificate variable), writes nothing, and the entry keeps the transport', () => {
    const list = path.join(h.dir, 'tenants.yaml');
    fs.writeFileSync(list, tenantListYaml([CONTOSO], CERT_ENV).replace('    initialDomain: contoso.onmicrosoft.com\n', '    initialDomain: contoso.onmicrosoft.com\n    transport: adminApi\n'));
    const env: NodeJS.ProcessEnv = { ...process.env, EXO_GATEWAY_PWSH: path.join(h.dir, 'no-pwsh-here') };
    delete env[CERT_ENV];
    for (const line of lines) {
      const m = /^export ([A-Z_]+)='?(.*?)'?$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
    const out = path.join(h.dir, 'fleet.yaml');
    const r = spawnSync(process.execPath, [path.join(REPO, 'build', 'runtime', 'exo-apply.js'), 'export', '--json', '--out', out, list], { cwd: h.dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
    const report = JSON.parse(r.stdout) as ExportReport;
    expect(report.summary).toMatchObject({ tenants: 1, exported: 1, failed: 0 });
    expect(report.tenants[0].layout).toBe('seppmail-appliance');
    expect(h.store.readCalls()).toEqual([]);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^ {4}transport: adminApi$/m);
  });
});
