/**
 * The apply path end to end through the adminApi transport: `exo-gateway simulate --seed-from`
 * serves the simulated Exchange Online over HTTPS (throw-away CA, token endpoint checking the
 * client assertion, InvokeCommand); the real Terraform (and OpenTofu) applies the example fleet
 * with no `pwsh` on PATH and no certificate variable set.
 */
import { ExampleTenant, TENANTS } from '../../examples/seppmail-msp/fleet';
import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { readApps } from '../../lib/runtime/simulator/identity';
import { LifecycleHarness, lifecycleBinaries, RunResult } from '../helpers/lifecycle';

jest.setTimeout(600_000);

const ORG = Object.fromEntries(TENANTS.map((t) => [t.id, t.initialDomain]));
const KINDS = ['InboundConnector', 'OutboundConnector', 'TransportRule'] as const;

describe.each(lifecycleBinaries())('adminApi rollout lifecycle with $name', ({ path: binary }) => {
  const h = new LifecycleHarness(binary, 'rest', 'adminApi');
  let declared: ExampleTenant[] = TENANTS;
  let exported: string[] = [];

  const expectOk = (r: RunResult) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  };
  const managed = (org: string) => KINDS.flatMap((k) => h.store.objects(org, k)).filter((o) => String(o.Comment ?? o.Comments ?? '').includes(MANAGED_MARKER));
  const sessionsFor = (org: string) => h.store.readSessions().filter((s) => s.organization === org).length;
  const callsSince = (n: number) => h.store.readCalls().slice(n);

  beforeAll(async () => {
    h.synth(declared);
    exported = await h.startSimulator(['--seed-from', h.stackDir]);
  });
  afterAll(async () => {
    await h.stopSimulator();
    h.cleanup();
  });

  test('simulate seeds every declared tenant and prints what to export', () => {
    expect(exported.map((l) => l.split('=')[0])).toEqual(['export EXO_GATEWAY_TARGET', 'export EXO_SIM_STATE_DIR', 'export EXO_GATEWAY_ADMIN_API_URL', 'export EXO_GATEWAY_LOGIN_URL', 'export EXO_GATEWAY_CA_FILE']);
    expect(exported.find((l) => l.startsWith('export EXO_GATEWAY_ADMIN_API_URL'))).toMatch(/^export EXO_GATEWAY_ADMIN_API_URL='https:\/\/127\.0\.0\.1:\d+'$/);
    for (const t of TENANTS) {
      const tenant = h.store.readTenant(t.initialDomain)!;
      expect(tenant.tenantId).toBe(t.tenantId);
      expect(tenant.AcceptedDomain.map((d) => d.DomainName).sort()).toEqual([t.initialDomain, ...t.domains].sort());
    }
    expect(Object.keys(readApps(h.simDir))).toEqual(['3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21']);
  });

  test('1. rollout: every tenant converges over HTTPS, one session each', () => {
    expectOk(h.apply());
    for (const t of TENANTS) {
      expect(sessionsFor(t.initialDomain)).toBe(1);
      expect(h.store.objects(t.initialDomain, 'InboundConnector').map((o) => o.TlsSenderCertificateName)).toEqual([t.cbcCertificateName]);
      expect(managed(t.initialDomain).length).toBeGreaterThanOrEqual(3);
    }
    expect(h.store.objects(ORG.Tailspin, 'TransportRule').every((r) => r.State === 'Disabled')).toBe(true);
    // Served by the HTTPS simulator's process (the adminApi transport), not by a session process.
    expect(h.store.readSessions().map((s) => s.pid)).toEqual(TENANTS.map(() => h.simulatorPid));
    expect(h.allText()).toContain('adminApi');
  });

  test('2. no-op: nothing planned, no session opened', () => {
    const before = h.store.readSessions().length;
    const plan = h.plan();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expectOk(h.apply());
    expect(h.store.readSessions().length).toBe(before);
  });

  test('3. a change to one tenant runs only that tenant', () => {
    const calls = h.store.readCalls().length;
    declared = declared.map((t) => (t.id === 'Tailspin' ? { ...t, staged: false } : t));
    h.synth(declared);
    expectOk(h.apply());
    const made = callsSince(calls);
    expect(new Set(made.map((c) => c.organization))).toEqual(new Set([ORG.Tailspin]));
    expect(made.length).toBeGreaterThan(0);
    expect(h.store.objects(ORG.Tailspin, 'TransportRule').filter((r) => String(r.Comments ?? '').includes(MANAGED_MARKER)).every((r) => r.State === 'Enabled')).toBe(true);
  });

  test('3b. a failing call fails that tenant naming it; the next apply retries only it', () => {
    h.store.editObject(ORG.Contoso, 'OutboundConnector', '[SEPPmail] ExchangeOnline -> Appliance', { SmartHosts: ['rogue.example.net'] });
    h.store.writeFaults([{ organization: ORG.Contoso, cmdlet: 'Set-OutboundConnector', nth: 1, message: 'The service is busy (injected)' }]);
    const failed = h.apply({}, [`-replace=${h.resourceAddress('Contoso_Converge')}`]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr.replace(/\s+/g, ' ')).toMatch(/Set-OutboundConnector failed for tenant 'Contoso' at step 1 of 1 .*The service is busy \(injected\)/);
    h.store.writeFaults([]);
    const sessions = { Contoso: sessionsFor(ORG.Contoso), Fabrikam: sessionsFor(ORG.Fabrikam) };
    expectOk(h.apply());
    expect(sessionsFor(ORG.Contoso)).toBe(sessions.Contoso + 1);
    expect(sessionsFor(ORG.Fabrikam)).toBe(sessions.Fabrikam);
    expect(h.store.objects(ORG.Contoso, 'OutboundConnector').find((o) => String(o.Name).startsWith('[SEPPmail]'))!.SmartHosts).toEqual(['securemail.example-msp.net']);
  });

  test('4. retire: the retired tenant loses what the library made, the others are untouched', () => {
    const calls = h.store.readCalls().length;
    declared = declared.map((t) => (t.id === 'Fabrikam' ? { ...t, retired: true } : t));
    h.synth(declared);
    expectOk(h.apply());
    expect(managed(ORG.Fabrikam)).toEqual([]);
    expect(new Set(callsSince(calls).map((c) => c.organization))).toEqual(new Set([ORG.Fabrikam]));
    expect(managed(ORG.Contoso).length).toBeGreaterThan(0);
  });

  test('5. delete: removing the declaration tears down only that tenant', () => {
    const calls = h.store.readCalls().length;
    declared = declared.filter((t) => t.id !== 'Tailspin');
    h.synth(declared);
    const r = h.apply();
    expectOk(r);
    expect(r.stdout).toContain('tearing down');
    expect(managed(ORG.Tailspin)).toEqual([]);
    expect(new Set(callsSince(calls).map((c) => c.organization))).toEqual(new Set([ORG.Tailspin]));
    expect(managed(ORG.Contoso).length).toBeGreaterThan(0);
  });

  test('6. destroy: every tenant is torn down, in reverse order', () => {
    const calls = h.store.readCalls().length;
    expectOk(h.destroy());
    for (const t of TENANTS) expect(managed(t.initialDomain)).toEqual([]);
    const order = callsSince(calls).filter((c) => c.organization === ORG.Contoso).map((c) => c.cmdlet);
    expect(order.lastIndexOf('Remove-TransportRule')).toBeLessThan(order.indexOf('Remove-OutboundConnector'));
    expect(order.indexOf('Remove-OutboundConnector')).toBeLessThan(order.indexOf('Remove-InboundConnector'));
  });
});
