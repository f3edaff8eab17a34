/**
 * The rehearsal path: `exo-gateway simulate --seed-from` seeds what a synthesized stack declares,
 * and the apply program in simulated mode needs no certificate variable, with either transport.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack, TENANTS } from '../../examples/seppmail-msp/fleet';
import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { convergeTenant } from '../../lib/runtime/converge';
import { ConnectError, DocumentError } from '../../lib/runtime/errors';
import { sessionOpener, stackDocuments } from '../../lib/runtime/exo-apply';
import { parseSimulateArguments, seedTenants } from '../../lib/runtime/simulate';
import { readApps, standInCertificateFile } from '../../lib/runtime/simulator/identity';
import { SimulatorStore } from '../../lib/runtime/simulator/store';

jest.setTimeout(120_000);

const RUNTIME = path.resolve(__dirname, '..', '..', 'build', 'runtime');

function synthesized(tenants = TENANTS): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-simulate-'));
  const app = new App({ outdir, skipValidation: true });
  new SeppmailMspStack(app, 'fleet', tenants);
  app.synth();
  return path.join(outdir, 'stacks', 'fleet');
}

describe('exo-gateway simulate', () => {
  test('--seed-from seeds every tenant, its domains and a stand-in certificate when the declared one is not here', () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-simstate-'));
    const lines: string[] = [];
    seedTenants(stateDir, stackDocuments(synthesized()), {}, (l) => lines.push(l));
    const store = new SimulatorStore(stateDir);
    expect(store.listTenants().sort()).toEqual(TENANTS.map((t) => t.initialDomain).sort());
    expect(store.readTenant('contoso.onmicrosoft.com')!.AcceptedDomain.map((d) => d.DomainName)).toEqual(['contoso.onmicrosoft.com', 'contoso.com', 'contoso.ch']);
    expect(lines.some((l) => l.includes('the environment variable EXO_APP_CERT_PFX_B64 is not set; the simulator registered a stand-in certificate'))).toBe(true);
    expect(fs.existsSync(standInCertificateFile(stateDir, '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21'))).toBe(true);
    expect(readApps(stateDir)['3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21'].certificates).toHaveLength(1);
  });

  test('rehearsal with the PowerShell transport needs no certificate variable; an unseeded tenant fails at once', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-simstate-'));
    const docs = stackDocuments(synthesized());
    seedTenants(stateDir, docs.filter((d) => d.tenant.name !== 'Tailspin'), {}, () => undefined);
    const env = { PATH: process.env.PATH, EXO_GATEWAY_TARGET: 'simulated', EXO_SIM_STATE_DIR: stateDir };
    const open = sessionOpener(env, RUNTIME, () => undefined);
    const contoso = docs.find((d) => d.tenant.name === 'Contoso')!;
    const result = await convergeTenant(contoso, open, { whatIf: false, log: () => undefined });
    expect(result.applied).toBeGreaterThan(0);
    expect(new SimulatorStore(stateDir).objects('contoso.onmicrosoft.com', 'InboundConnector').filter((o) => String(o.Comment).includes(MANAGED_MARKER))).toHaveLength(1);
    const started = Date.now();
    const tailspin = docs.find((d) => d.tenant.name === 'Tailspin')!;
    const error = await convergeTenant(tailspin, open, { whatIf: false, log: () => undefined, connectRetry: { attempts: 5, backoffSeconds: [600] } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.message).toMatch(/Tenant 'tailspintoys.onmicrosoft.com' not found.*check initialDomain and tenantId.*exo-gateway simulate --seed-from/);
    expect(error.message).not.toMatch(/admin consent/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('the adminApi transport against the simulator says what to start when its URL is missing', async () => {
    const open = sessionOpener({ EXO_GATEWAY_TARGET: 'simulated', EXO_SIM_STATE_DIR: '/tmp/x' }, RUNTIME, () => undefined);
    const doc = stackDocuments(synthesized())[0];
    expect(() => open({ ...doc, access: { ...doc.access, transport: 'adminApi' } })).toThrow(DocumentError);
    expect(() => open({ ...doc, access: { ...doc.access, transport: 'adminApi' } })).toThrow(/start 'exo-gateway simulate' and export what it prints/);
    expect(() => open({ ...doc, access: { ...doc.access, transport: 'carrier-pigeon' as never } })).toThrow(/transport 'carrier-pigeon' is not known/);
  });

  test('arguments are checked', () => {
    expect(parseSimulateArguments(['--seed-from', 'a', '--seed-from', 'b', '--port', '8443'], { EXO_SIM_STATE_DIR: '/tmp/s' })).toEqual({ stateDir: '/tmp/s', seedFrom: ['a', 'b'], port: 8443, pageSize: undefined });
    expect(() => parseSimulateArguments(['--port', 'x'], {})).toThrow(/--port must be a whole number/);
    expect(() => parseSimulateArguments(['--port', '99999'], {})).toThrow("simulate: --port must be a port number from 1 to 65535 (or 0, the default, for any free port), got '99999'; usage: exo-gateway simulate");
    expect(parseSimulateArguments(['--port', '65535'], {}).port).toBe(65535);
    expect(() => parseSimulateArguments(['--bogus'], {})).toThrow(/unknown argument '--bogus'/);
  });
});
