/**
 * The adminApi transport against the simulated Exchange Online served over HTTPS: real TLS (a
 * throw-away CA), token issuance for a certificate-signed client assertion (MSAL), InvokeCommand
 * backed by the simulator's semantics. Throttling, paging, token expiry, a refused certificate and
 * a server that stops answering.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MANAGED_MARKER, TenantDesiredState } from '../../lib/core/exo-model';
import { tenantDocument } from '../../lib/profiles';
import { adminApiSettings, AdminApiSettings, openAdminApiSession } from '../../lib/runtime/admin-api';
import { openWithRetry } from '../../lib/runtime/connect';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { ConnectError, StepFailedError, TenantMismatchError } from '../../lib/runtime/errors';
import { CONCURRENCY_MESSAGE, HttpsSimulator, startHttpsSimulator, writeHttpFaults } from '../../lib/runtime/simulator/https-server';
import { ensureStandInCertificate, standInCertificateFile } from '../../lib/runtime/simulator/identity';
import { newAppCertificate } from '../../lib/runtime/simulator/pki';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { tenant } from '../helpers/fleet-fixtures';

jest.setTimeout(60_000);

const CONTOSO = tenantDocument(tenant('Contoso'));
const FABRIKAM = tenantDocument(tenant('Fabrikam'));
const APP = CONTOSO.access.appId;
const RETRY_NEVER = { attempts: 5, backoffSeconds: [600] }; // a retry would time the test out

interface World {
  dir: string;
  store: SimulatorStore;
  sim: HttpsSimulator;
  settings: AdminApiSettings;
  lines: string[];
  log: (l: string) => void;
  open: SessionOpener;
}

async function world(options: { pageSize?: number; seed?: TenantDesiredState[]; tenantIds?: { [org: string]: string } } = {}): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-adminapi-'));
  const store = new SimulatorStore(dir);
  for (const d of options.seed ?? [CONTOSO, FABRIKAM]) {
    store.seedTenant({ organization: d.access.organization, tenantId: options.tenantIds?.[d.access.organization] ?? d.tenant.tenantId, acceptedDomains: d.tenant.managedDomains, appIds: [APP] });
  }
  ensureStandInCertificate(dir, APP);
  const sim = await startHttpsSimulator({ stateDir: dir, pageSize: options.pageSize });
  const env = { EXO_GATEWAY_ADMIN_API_URL: sim.url, EXO_GATEWAY_LOGIN_URL: sim.url, EXO_GATEWAY_CA_FILE: sim.caFile, EXO_GATEWAY_ADMIN_API_TIMEOUT_SECONDS: '2', EXO_GATEWAY_ADMIN_API_BACKOFF_MS: '20', EXO_GATEWAY_ADMIN_API_ATTEMPTS: '4' };
  const settings = adminApiSettings(env, standInCertificateFile(dir, APP));
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  return { dir, store, sim, settings, lines, log, open: (d) => openAdminApiSession(d, {}, log, settings) };
}

const managed = (store: SimulatorStore, org: string) =>
  (['InboundConnector', 'OutboundConnector', 'TransportRule'] as const).flatMap((k) => store.objects(org, k)).filter((o) => String(o.Comment ?? o.Comments ?? '').includes(MANAGED_MARKER));

describe('adminApi transport against the HTTPS simulator', () => {
  let w: World;
  afterEach(async () => {
    await w?.sim.close();
    if (w) fs.rmSync(w.dir, { recursive: true, force: true });
  });

  test('converges a tenant, then finds nothing to change; no token or key in the output', async () => {
    w = await world();
    const first = await convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log });
    expect(first.applied).toBe(first.plan.steps.length);
    expect(first.applied).toBeGreaterThan(2);
    expect(managed(w.store, CONTOSO.access.organization)).toHaveLength(first.applied);
    const second = await convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log });
    expect(second.plan.steps).toEqual([]);
    expect(w.lines.join('\n')).not.toMatch(/eyJ|PRIVATE KEY|Bearer/);
    expect(w.store.readCalls().every((c) => c.organization === CONTOSO.access.organization)).toBe(true);
  });

  test('reads every object when the answer spans several pages', async () => {
    w = await world({ pageSize: 2 });
    for (let i = 0; i < 5; i++) w.store.putForeignObject(CONTOSO.access.organization, 'TransportRule', { Name: `Foreign ${i}`, Comments: 'by hand', State: 'Enabled', Priority: i });
    const session = await w.open(CONTOSO);
    const reply = await session.read('Get-TransportRule', { ResultSize: 'Unlimited' });
    expect(reply.ok).toBe(true);
    expect((reply.result as { Name: string }[]).map((r) => r.Name)).toEqual(['Foreign 0', 'Foreign 1', 'Foreign 2', 'Foreign 3', 'Foreign 4']);
    expect(Object.keys((reply.result as object[])[0]).some((k) => k.startsWith('@odata'))).toBe(false);
    const result = await convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log });
    expect(w.store.objects(CONTOSO.access.organization, 'TransportRule').map((r) => r.Name).slice(-5)).toEqual(['Foreign 0', 'Foreign 1', 'Foreign 2', 'Foreign 3', 'Foreign 4']);
    expect(result.applied).toBeGreaterThan(0);
  });

  test('throttled (429 with Retry-After, the concurrency message) then served: retried, applied once', async () => {
    w = await world();
    const org = CONTOSO.access.organization;
    writeHttpFaults(w.dir, [
      { organization: org, cmdlet: 'New-InboundConnector', nth: 1, status: 429, retryAfterSeconds: 1 },
      { organization: org, cmdlet: 'New-OutboundConnector', nth: 1, status: 500, message: CONCURRENCY_MESSAGE },
    ]);
    const started = Date.now();
    await convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(w.lines).toContain('[Contoso] New-InboundConnector: HTTP 429; retrying in 1.0 s (attempt 2 of 4)');
    expect(w.lines.some((l) => l.startsWith('[Contoso] New-OutboundConnector: HTTP 500, too many concurrent requests in the tenant; retrying'))).toBe(true);
    const calls = w.store.readCalls().map((c) => c.cmdlet);
    expect(calls.filter((c) => c === 'New-InboundConnector')).toHaveLength(1);
    expect(calls.filter((c) => c === 'New-OutboundConnector')).toHaveLength(1);
    expect(w.store.objects(org, 'InboundConnector')).toHaveLength(1);
  });

  test('throttled on every attempt: the step fails with a clear message', async () => {
    w = await world();
    writeHttpFaults(w.dir, [1, 2, 3, 4].map((nth) => ({ cmdlet: 'New-InboundConnector', nth, status: 503 })));
    await expect(convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log })).rejects.toThrow(/New-InboundConnector failed for tenant 'Contoso' at step 1 of \d+ .*HTTP 503, still after 4 attempts/);
    expect(w.store.readCalls()).toEqual([]);
  });

  test('a token that expires mid-rollout is replaced once and the rollout completes', async () => {
    w = await world();
    let invokes = 0;
    const open: SessionOpener = async (d) => {
      const s = await w.open(d);
      return {
        ...s,
        invoke: (c, p) => {
          if (++invokes === 3) w.sim.identity.expireIssuedTokens();
          return s.invoke(c, p);
        },
      };
    };
    const result = await convergeTenant(CONTOSO, open, { whatIf: false, log: w.log });
    expect(result.applied).toBe(result.plan.steps.length);
    expect(w.sim.identity.issued.get(CONTOSO.tenant.tenantId)).toBe(2);
    expect(managed(w.store, CONTOSO.access.organization)).toHaveLength(result.applied);
  });

  test('a certificate not registered on the app is refused: clear error, not retried, nothing changed', async () => {
    w = await world();
    const other = newAppCertificate(APP);
    const file = path.join(w.dir, 'wrong.pem');
    fs.writeFileSync(file, `${other.keyPem}${other.certPem}`);
    const doc: TenantDesiredState = { ...CONTOSO, access: { ...CONTOSO.access, certificateEnv: undefined, certificateFile: file } };
    const started = Date.now();
    const error = await convergeTenant(doc, w.open, { whatIf: false, log: w.log, connectRetry: RETRY_NEVER }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.message).toMatch(/AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application/);
    expect(error.message).toMatch(/upload its public certificate to the app registration/);
    expect(error.message).not.toMatch(/PRIVATE KEY|eyJ/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(w.store.readCalls()).toEqual([]);
    expect(w.store.readSessions()).toEqual([]);
  });

  test('a server that stops answering: the request deadline fails that tenant, the other converges', async () => {
    w = await world();
    writeHttpFaults(w.dir, [{ organization: FABRIKAM.access.organization, cmdlet: 'New-InboundConnector', nth: 1, hang: true }]);
    const [contoso, fabrikam] = await Promise.allSettled([CONTOSO, FABRIKAM].map((d) => convergeTenant(d, w.open, { whatIf: false, log: w.log })));
    expect(contoso.status).toBe('fulfilled');
    expect(fabrikam.status).toBe('rejected');
    const reason = (fabrikam as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(StepFailedError);
    expect(reason.message).toMatch(/New-InboundConnector failed for tenant 'Fabrikam' at step 1 .*no answer from https:\/\/127\.0\.0\.1:\d+\/adminapi\/beta\/fabrikam\.onmicrosoft\.com\/InvokeCommand within 2 s; not retried/);
    expect(managed(w.store, CONTOSO.access.organization).length).toBeGreaterThan(0);
    expect(managed(w.store, FABRIKAM.access.organization)).toEqual([]);
  });

  test('the tenant id check and the accepted-domain check run before any change', async () => {
    w = await world({ tenantIds: { [CONTOSO.access.organization]: '99999999-0000-4000-8000-000000000000' } });
    await expect(convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log })).rejects.toThrow(TenantMismatchError);
    const other = { ...FABRIKAM, tenant: { ...FABRIKAM.tenant, managedDomains: ['not-accepted.example'] } };
    await expect(convergeTenant(other, w.open, { whatIf: false, log: w.log })).rejects.toThrow(/managed domain\(s\) not-accepted.example are not accepted domains/);
    expect(w.store.readCalls()).toEqual([]);
  });

  test('a tenant that does not exist fails at once and says what is wrong', async () => {
    w = await world({ seed: [FABRIKAM] });
    const started = Date.now();
    const error = await convergeTenant(CONTOSO, w.open, { whatIf: false, log: w.log, connectRetry: RETRY_NEVER }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.message).toMatch(/AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found/);
    expect(error.message).toMatch(/check initialDomain and tenantId.*exo-gateway simulate --seed-from/);
    expect(error.message).not.toMatch(/admin consent/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('connect retry', () => {
  test('a PowerShell connect that fails with "tenant not found" is not retried and names the cause', async () => {
    let opened = 0;
    const fatal = { type: 'ConnectFailed', message: "Connect-ExchangeOnline failed for organization 'x.onmicrosoft.com': AADSTS90002: Tenant 'x.onmicrosoft.com' not found." };
    const session = await openWithRetry(
      async () => {
        opened++;
        return { hello: { type: 'fatal', error: fatal }, read: jest.fn(), invoke: jest.fn(), close: async () => undefined };
      },
      CONTOSO,
      RETRY_NEVER,
      () => undefined,
      async () => undefined,
    );
    expect(opened).toBe(1);
    expect(session.hello.error?.type).toBe('TenantNotFound');
    expect(session.hello.error?.message).toMatch(/does not exist \(AADSTS90002\): check initialDomain and tenantId/);
  });
});
