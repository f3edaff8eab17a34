/**
 * The cdktf CLI (a devDependency) at the repository's root runs the main example, as the
 * top-level cdktf.json says: `npx cdktf synth` synthesizes and `npx cdktf deploy` applies to the
 * simulated Exchange Online what `npm run demo` does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CERT_ENV, TENANTS } from '../../examples/seppmail-msp/fleet';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { REPO, run, stackConvergeDocuments, tempDir } from './packaging';

test('npx cdktf synth at the root synthesizes examples/seppmail-msp', () => {
  const config = JSON.parse(fs.readFileSync(path.join(REPO, 'cdktf.json'), 'utf8'));
  expect(config.app).toContain('examples/seppmail-msp/main.ts');
  const out = tempDir('exo-cdktf-cli-');
  const cli = path.join(REPO, 'node_modules', '.bin', 'cdktf');
  const r = run(cli, ['synth', '--output', out], { cwd: REPO, env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' }, timeout: 300_000 });
  expect(r.stdout).toContain('seppmail-msp');
  const tenants = stackConvergeDocuments(path.join(out, 'stacks', 'seppmail-msp')).map((d) => d.tenant.initialDomain);
  expect(tenants.sort()).toEqual(TENANTS.map((t) => t.initialDomain).sort());
  fs.rmSync(out, { recursive: true, force: true });
}, 300_000);

test('npx cdktf deploy at the root converges the example in the simulated Exchange Online', () => {
  const out = tempDir('exo-cdktf-cli-deploy-');
  const sim = path.join(out, 'sim');
  const store = new SimulatorStore(sim);
  for (const t of TENANTS) store.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: t.domains });
  const rc = path.join(out, 'terraform.rc');
  fs.writeFileSync(rc, '');
  const env = {
    ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0', TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1',
    EXO_GATEWAY_TARGET: 'simulated', EXO_SIM_STATE_DIR: sim, [CERT_ENV]: 'Y2RrdGYtY2xpLXRlc3Qtbm90LWEtY2VydGlmaWNhdGU=',
  };
  const cli = path.join(REPO, 'node_modules', '.bin', 'cdktf');
  run(cli, ['deploy', '--auto-approve', '--output', path.join(out, 'cdktf.out')], { cwd: REPO, env, timeout: 300_000 });
  for (const t of TENANTS) {
    expect(store.objects(t.initialDomain, 'InboundConnector').map((c) => c.TlsSenderCertificateName)).toEqual([t.cbcCertificateName]);
  }
  expect(store.readSessions()).toHaveLength(TENANTS.length);
  fs.rmSync(out, { recursive: true, force: true });
}, 300_000);
