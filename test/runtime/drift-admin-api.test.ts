/**
 * drift through the adminApi transport (the simulated Exchange Online over HTTPS), and the
 * accepted-domain check converge makes before planning, reported as a finding.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tenantDocument } from '../../lib/profiles';
import { adminApiSettings, openAdminApiSession } from '../../lib/runtime/admin-api';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { checkDrift, driftExitCode } from '../../lib/runtime/drift';
import { HttpsSimulator, startHttpsSimulator } from '../../lib/runtime/simulator/https-server';
import { ensureStandInCertificate, standInCertificateFile } from '../../lib/runtime/simulator/identity';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { tenant } from '../helpers/fleet-fixtures';

jest.setTimeout(60_000);

const CONTOSO = { ...tenantDocument(tenant('Contoso')), access: { ...tenantDocument(tenant('Contoso')).access, transport: 'adminApi' as const } };
const FABRIKAM = { ...tenantDocument(tenant('Fabrikam')), access: { ...tenantDocument(tenant('Fabrikam')).access, transport: 'adminApi' as const } };
const APP = CONTOSO.access.appId;

let dir: string;
let store: SimulatorStore;
let sim: HttpsSimulator;
let open: SessionOpener;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-drift-adminapi-'));
  store = new SimulatorStore(dir);
  for (const d of [CONTOSO, FABRIKAM]) store.seedTenant({ organization: d.access.organization, tenantId: d.tenant.tenantId, acceptedDomains: d.tenant.managedDomains, appIds: [APP] });
  ensureStandInCertificate(dir, APP);
  sim = await startHttpsSimulator({ stateDir: dir });
  const env = { EXO_GATEWAY_ADMIN_API_URL: sim.url, EXO_GATEWAY_LOGIN_URL: sim.url, EXO_GATEWAY_CA_FILE: sim.caFile, EXO_GATEWAY_ADMIN_API_TIMEOUT_SECONDS: '5' };
  const settings = adminApiSettings(env, standInCertificateFile(dir, APP));
  open = (d) => openAdminApiSession(d, {}, () => undefined, settings);
  for (const d of [CONTOSO, FABRIKAM]) await convergeTenant(d, open, { whatIf: false, log: () => undefined });
});

afterAll(async () => {
  await sim?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const steps = () => [CONTOSO, FABRIKAM].map((document, i) => ({ stack: 's', stackDir: 's', resource: `T${i}_Converge_1`, document }));

test('a converged fleet read over the admin endpoint is in sync', async () => {
  const report = await checkDrift(steps(), open);
  expect(report.summary).toEqual({ tenants: 2, inSync: 2, drifted: 0, failed: 0, findings: 0 });
  expect(driftExitCode(report)).toBe(0);
});

test('an edited connector is reported through the admin endpoint, a tenant whose managed domain is gone is reported as blocked', async () => {
  const outbound = CONTOSO.objects.find((o) => o.kind === 'OutboundConnector')!;
  store.editObject(CONTOSO.access.organization, 'OutboundConnector', outbound.name, { SmartHosts: ['rogue.example'] });
  const fabrikam = store.readTenant(FABRIKAM.access.organization)!;
  store.writeTenant({ ...fabrikam, AcceptedDomain: fabrikam.AcceptedDomain.filter((d) => String(d.DomainName).toLowerCase() !== FABRIKAM.tenant.managedDomains[0]) });
  const report = await checkDrift(steps(), open);
  expect(report.tenants.map((t) => [t.tenant, t.findings.map((f) => `${f.finding}:${f.property}:${f.found}`)])).toEqual([
    ['Contoso', ['changed:SmartHosts:[rogue.example]']],
    ['Fabrikam', [`blocked:AcceptedDomain:(not accepted)`]],
  ]);
  expect(report.tenants[1].findings[0].message).toContain(`managed domain(s) ${FABRIKAM.tenant.managedDomains[0]} are no longer accepted domains`);
  expect(driftExitCode(report)).toBe(2);
});
