/**
 * The apply path end to end: the real Terraform (and OpenTofu) applies a synthesized fleet; the
 * apply-time program spawns `pwsh` (the stand-in on PATH, serving the simulated Exchange Online);
 * assertions read the simulator's state and its session and call logs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExampleTenant, TENANTS } from '../../examples/seppmail-msp/fleet';
import { MANAGED_MARKER, ObservedObject } from '../../lib/core/exo-model';
import { FAKE_CERT_SECRET, LifecycleHarness, lifecycleBinaries, RunResult } from '../helpers/lifecycle';

const ORG = Object.fromEntries(TENANTS.map((t) => [t.id, t.initialDomain]));
const NORTHWIND: ExampleTenant = {
  id: 'Northwind',
  tenantId: '11111111-aaaa-4bbb-8ccc-222222222222',
  initialDomain: 'northwind.onmicrosoft.com',
  cbcCertificateName: 'seppmail.northwind.com',
  domains: ['northwind.com'],
};

/** Terraform wraps provisioner output; compare with white space folded. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function withDomain(tenants: ExampleTenant[], id: string, domain: string): ExampleTenant[] {
  return tenants.map((t) => (t.id === id ? { ...t, domains: [...t.domains, domain] } : t));
}

describe.each(lifecycleBinaries())('rollout lifecycle with $name', ({ path: binary }) => {
  const h = new LifecycleHarness(binary);
  const outputs: RunResult[] = [];
  let foreign: { [kind: string]: ObservedObject };
  let declared = TENANTS;

  const run = (r: RunResult) => {
    outputs.push(r);
    return r;
  };
  const expectOk = (r: RunResult) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  };
  const sessionsFor = (org: string) => h.store.readSessions().filter((s) => s.organization === org).length;
  const managed = (org: string, kind: 'InboundConnector' | 'OutboundConnector' | 'TransportRule') =>
    h.store.objects(org, kind).filter((o) => String(o.Comment ?? o.Comments ?? '').includes(MANAGED_MARKER));
  const guids = () => TENANTS.flatMap((t) => (['InboundConnector', 'OutboundConnector', 'TransportRule'] as const).flatMap((k) => managed(t.initialDomain, k).map((o) => `${t.id}:${o.Name}:${o.Guid}`))).sort();
  const callsSince = (n: number) => h.store.readCalls().slice(n);
  const expectForeignUntouched = () => {
    expect(h.store.objects(ORG.Contoso, 'InboundConnector').find((o) => o.Name === foreign.InboundConnector.Name)).toEqual(foreign.InboundConnector);
    expect(h.store.objects(ORG.Contoso, 'TransportRule').find((o) => o.Name === foreign.TransportRule.Name)).toMatchObject({ Guid: foreign.TransportRule.Guid, Comments: foreign.TransportRule.Comments });
  };

  beforeAll(() => {
    const accepted = withDomain(withDomain(withDomain(TENANTS, 'Fabrikam', 'fabrikam.net'), 'Fabrikam', 'fabrikam.de'), 'Contoso', 'contoso.de');
    h.seed([...accepted, NORTHWIND], { Northwind: { tenantId: '99999999-aaaa-4bbb-8ccc-222222222222' } });
    foreign = {
      InboundConnector: h.store.putForeignObject(ORG.Contoso, 'InboundConnector', { Name: '[SEPPmail] Appliance -> ExchangeOnline (legacy)', ConnectorType: 'Partner', SenderDomains: ['smtp:partner.example;1'], Comment: 'made by hand' }),
      TransportRule: h.store.putForeignObject(ORG.Contoso, 'TransportRule', { Name: 'Disclaimer', Comments: 'company disclaimer', State: 'Enabled', Priority: 0 }),
    };
  });
  afterAll(() => h.cleanup());

  test('1. first apply converges every tenant with exactly one session each, objects in safe order', () => {
    h.synth(declared);
    expectOk(run(h.apply()));
    for (const t of TENANTS) {
      expect(sessionsFor(t.initialDomain)).toBe(1);
      expect(managed(t.initialDomain, 'InboundConnector').map((o) => o.TlsSenderCertificateName)).toEqual([t.cbcCertificateName]);
      expect(managed(t.initialDomain, 'OutboundConnector').map((o) => o.SmartHosts)).toEqual([['securemail.example-msp.net']]);
      const cmdlets = h.store.readCalls().filter((c) => c.organization === t.initialDomain).map((c) => c.cmdlet);
      expect(cmdlets.indexOf('New-InboundConnector')).toBeLessThan(cmdlets.indexOf('New-OutboundConnector'));
      expect(cmdlets.indexOf('New-OutboundConnector')).toBeLessThan(cmdlets.indexOf('New-TransportRule'));
    }
    const contosoRules = h.store.objects(ORG.Contoso, 'TransportRule');
    expect(contosoRules.map((r) => r.Name)[0]).toBe('[SEPPmail] - 100 Route incoming e-mails to SEPPmail');
    expect(contosoRules[contosoRules.length - 1].Name).toBe('Disclaimer');
    const tailspin = h.store.objects(ORG.Tailspin, 'TransportRule');
    expect(tailspin.every((r) => r.State === 'Disabled')).toBe(true);
    expect(h.store.objects(NORTHWIND.initialDomain, 'InboundConnector')).toEqual([]);
    expectForeignUntouched();
  });

  test('2. a re-apply without changes plans nothing and opens no session', () => {
    const before = h.sessionCount();
    const plan = run(h.plan());
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expectOk(run(h.apply()));
    expect(h.sessionCount()).toBe(before);
  });

  test('3. a change to one tenant runs only that tenant, with Set steps only; no object is recreated', () => {
    const ids = guids();
    const sessions = h.sessionCount();
    const calls = h.store.readCalls().length;
    declared = withDomain(declared, 'Fabrikam', 'fabrikam.net');
    h.synth(declared);
    expectOk(run(h.apply()));
    expect(h.sessionCount()).toBe(sessions + 1);
    expect(sessionsFor(ORG.Fabrikam)).toBe(2);
    const made = callsSince(calls);
    expect(new Set(made.map((c) => c.organization))).toEqual(new Set([ORG.Fabrikam]));
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((c) => c.cmdlet.startsWith('Set-') && c.ok)).toBe(true);
    expect(guids()).toEqual(ids);
    const r100 = h.store.objects(ORG.Fabrikam, 'TransportRule').find((r) => String(r.Name).includes('100'));
    expect(r100!.RecipientDomainIs).toContain('fabrikam.net');
    expectForeignUntouched();
  });

  test('4. a hand edit is reported by what-if exactly, and repaired by one Set on the next converge', () => {
    h.store.editObject(ORG.Contoso, 'OutboundConnector', '[SEPPmail] ExchangeOnline -> Appliance', { SmartHosts: ['rogue.example.net'] });
    const whatIf = run(h.runProgram(['what-if', '.']));
    expectOk(whatIf);
    expect(whatIf.stdout).toMatch(/\[Contoso\] what-if: 1 change\(s\) would be made/);
    expect(whatIf.stdout).toMatch(/Set-OutboundConnector '\[SEPPmail\] ExchangeOnline -> Appliance'.*SmartHosts.*rogue\.example\.net.*securemail\.example-msp\.net/);
    expect(whatIf.stdout).toContain('[Fabrikam] in sync, no change');
    expect(h.store.objects(ORG.Contoso, 'OutboundConnector').find((o) => String(o.Name).startsWith('[SEPPmail]'))!.SmartHosts).toEqual(['rogue.example.net']);
    const calls = h.store.readCalls().length;
    const address = h.resourceAddress('Contoso_Converge');
    expectOk(run(h.apply({}, [`-replace=${address}`])));
    const made = callsSince(calls);
    expect(made.map((c) => `${c.cmdlet}(${c.parameterNames.join(',')})`)).toEqual(['Set-OutboundConnector(Identity,SmartHosts)']);
    expect(managed(ORG.Contoso, 'OutboundConnector')[0].SmartHosts).toEqual(['securemail.example-msp.net']);
  });

  test('5. foreign objects without the marker survive, even with a similar name', () => {
    expectForeignUntouched();
  });

  test('6. deleting a tenant\'s declaration tears it down at the next apply, in reverse order, and only it', () => {
    const calls = h.store.readCalls().length;
    const sessions = { Contoso: sessionsFor(ORG.Contoso), Fabrikam: sessionsFor(ORG.Fabrikam) };
    declared = declared.filter((t) => t.id !== 'Tailspin');
    h.synth(declared);
    const r = run(h.apply());
    expectOk(r);
    expect(r.stdout).toContain('tearing down');
    for (const kind of ['InboundConnector', 'OutboundConnector', 'TransportRule'] as const) {
      expect(managed(ORG.Tailspin, kind)).toEqual([]);
    }
    const made = callsSince(calls);
    expect(new Set(made.map((c) => c.organization))).toEqual(new Set([ORG.Tailspin]));
    const order = made.map((c) => c.cmdlet);
    expect(order.lastIndexOf('Remove-TransportRule')).toBeLessThan(order.indexOf('Remove-OutboundConnector'));
    expect(order.indexOf('Remove-OutboundConnector')).toBeLessThan(order.indexOf('Remove-InboundConnector'));
    expect(sessionsFor(ORG.Contoso)).toBe(sessions.Contoso);
    expect(sessionsFor(ORG.Fabrikam)).toBe(sessions.Fabrikam);
  });

  test('7. a failing call fails the apply naming the tenant; the others converge; the next apply retries only what failed', () => {
    h.store.writeFaults([{ organization: ORG.Contoso, cmdlet: 'Set-TransportRule', nth: 1, message: 'The service is busy (injected)' }]);
    declared = withDomain(withDomain(declared, 'Contoso', 'contoso.de'), 'Fabrikam', 'fabrikam.de');
    h.synth(declared);
    const failed = run(h.apply());
    expect(failed.code).not.toBe(0);
    expect(oneLine(failed.stderr)).toMatch(/Set-TransportRule failed for tenant 'Contoso' at step \d+ of \d+ .*The service is busy \(injected\)/);
    const fabrikam100 = h.store.objects(ORG.Fabrikam, 'TransportRule').find((r) => String(r.Name).includes('100'));
    expect(fabrikam100!.RecipientDomainIs).toContain('fabrikam.de');
    h.store.writeFaults([]);
    const sessions = { Contoso: sessionsFor(ORG.Contoso), Fabrikam: sessionsFor(ORG.Fabrikam) };
    expectOk(run(h.apply()));
    expect(sessionsFor(ORG.Contoso)).toBe(sessions.Contoso + 1);
    expect(sessionsFor(ORG.Fabrikam)).toBe(sessions.Fabrikam);
    const contoso100 = h.store.objects(ORG.Contoso, 'TransportRule').find((r) => String(r.Name).includes('100'));
    expect(contoso100!.RecipientDomainIs).toContain('contoso.de');
  });

  test('8. a tenant whose connected id differs from the declared one is aborted before any change', () => {
    const calls = h.store.readCalls().length;
    h.synth([...declared, NORTHWIND]);
    const r = run(h.apply());
    expect(r.code).not.toBe(0);
    expect(oneLine(r.stderr)).toContain("tenant 'Northwind': connected to tenant id '99999999-aaaa-4bbb-8ccc-222222222222' but the declared tenant id is '11111111-aaaa-4bbb-8ccc-222222222222'");
    expect(callsSince(calls).filter((c) => c.organization === NORTHWIND.initialDomain && !c.cmdlet.startsWith('Get-'))).toEqual([]);
    expect(h.store.objects(NORTHWIND.initialDomain, 'InboundConnector')).toEqual([]);
    // Removing the mistaken declaration again must not be blocked by the same mismatch.
    h.synth(declared);
    expectOk(run(h.apply()));
  });

  test('9. destroy tears every tenant down in reverse order; foreign objects remain', () => {
    const calls = h.store.readCalls().length;
    expectOk(run(h.destroy()));
    for (const t of TENANTS) {
      for (const kind of ['InboundConnector', 'OutboundConnector', 'TransportRule'] as const) {
        expect(managed(t.initialDomain, kind)).toEqual([]);
      }
    }
    for (const org of [ORG.Contoso, ORG.Fabrikam]) {
      const order = callsSince(calls).filter((c) => c.organization === org).map((c) => c.cmdlet);
      expect(order.lastIndexOf('Remove-TransportRule')).toBeLessThan(order.indexOf('Remove-OutboundConnector'));
      expect(order.indexOf('Remove-OutboundConnector')).toBeLessThan(order.indexOf('Remove-InboundConnector'));
    }
    expectForeignUntouched();
  });

  test('10. no secret value in cdk.tf.json, the state, the plan, the logs or any output', () => {
    expect(outputs.length).toBeGreaterThan(5);
    for (const o of outputs) {
      expect(o.stdout + o.stderr).not.toContain(FAKE_CERT_SECRET);
    }
    const text = h.allText();
    expect(text).toContain('EXO_APP_CERT_PFX_B64');
    expect(text).not.toContain(FAKE_CERT_SECRET);
    expect(fs.existsSync(path.join(h.stackDir, 'cdk.tf.json'))).toBe(true);
  });
});
