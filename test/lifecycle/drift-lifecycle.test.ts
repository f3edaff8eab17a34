/**
 * After deploy, with the real Terraform (and OpenTofu): the stack's own copy of the program checks
 * drift through the PowerShell transport (the stand-in `pwsh` serving the simulated Exchange
 * Online), `terraform apply $(exo-gateway drift --replace-args .)` re-converges exactly the
 * drifted tenant, and `report` reads the last converge from the local state.
 */
import { TENANTS } from '../../examples/seppmail-msp/fleet';
import { DriftReport } from '../../lib/runtime/drift';
import { FleetReport } from '../../lib/runtime/report';
import { FAKE_CERT_SECRET, LifecycleHarness, lifecycleBinaries, RunResult } from '../helpers/lifecycle';

const expectOk = (r: RunResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
};

describe.each(lifecycleBinaries())('drift and report after an apply with $name', ({ path: binary }) => {
  const h = new LifecycleHarness(binary, 'after-deploy');
  const contoso = TENANTS.find((t) => t.id === 'Contoso')!;
  beforeAll(() => {
    h.seed(TENANTS);
    h.synth(TENANTS);
    expectOk(h.apply());
  });
  afterAll(() => h.cleanup());

  test('a fresh apply is in sync (exit 0), and report says every tenant is applied', () => {
    const drift = h.runProgram(['drift', '--json', '.']);
    expect((JSON.parse(drift.stdout) as DriftReport).summary).toEqual({ tenants: TENANTS.length, inSync: TENANTS.length, drifted: 0, failed: 0, findings: 0 });
    expect(drift.code).toBe(0);
    const report = JSON.parse(h.runProgram(['report', '--json', '.']).stdout) as FleetReport;
    expect(report.rows.map((r) => [r.tenant, r.lastConverge])).toEqual(TENANTS.map((t) => [t.id, 'current']));
  });

  test('an outbound connector disabled by hand: drift names it, --replace-args re-converges only that tenant', () => {
    const name = '[SEPPmail] ExchangeOnline -> Appliance';
    h.store.editObject(contoso.initialDomain, 'OutboundConnector', name, { Enabled: false });
    const table = h.runProgram(['drift', '.']);
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/^Contoso\s+changed\s+OutboundConnector '\[SEPPmail\] ExchangeOnline -> Appliance'\s+Enabled\s+\$true\s+\$false\s+changes$/m);
    const replace = h.runProgram(['drift', '--replace-args', '.']);
    expect(replace.code).toBe(2);
    const args = replace.stdout.trim().split('\n');
    expect(args).toEqual([`-replace=${h.resourceAddress('Contoso_Converge')}`]);
    const before = h.sessionCount();
    expectOk(h.apply({}, args));
    expect(h.sessionCount()).toBe(before + 1);
    expect(h.store.objects(contoso.initialDomain, 'OutboundConnector').find((o) => o.Name === name)!.Enabled).toBe(true);
    const again = h.runProgram(['drift', '.']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain(FAKE_CERT_SECRET);
  });
});
