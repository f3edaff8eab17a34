/**
 * The SEPPmail REST deployment against a stand-in appliance API (test/helpers/seppmail-stub.ts):
 * the calls of a full sync, a re-sync that writes nothing, a change, a removal, a teardown; that
 * nothing of anyone else is touched; error replies with tenant, call and message; the checklist;
 * and that the API token and secret appear in no output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { GatewayContext, GatewayReport } from '../../lib/gateways/adapter';
import { asciiJson } from '../../lib/gateways/document';
import { customerComment, seppmailRestAdapter, SeppmailRestDocument, SeppmailRestTenant } from '../../lib/gateways/seppmail-rest';
import { domainDifferences } from '../../lib/gateways/seppmail-rest/plan';
import { GATEWAY_DOCUMENT_SCHEMA } from '../../lib/gateways/types';
import { gatewaySync, gatewayTeardown } from '../../lib/runtime/gateway-sync';
import { SeppmailStub, StubCall } from '../helpers/seppmail-stub';
import { REPO } from './helpers';

const TOKEN = 'tok-3f9a7c1e5b2d4a60';
const SECRET = 'sec-8e1b6d2f9c0a7e35';
const ENV = { SM_TOKEN: TOKEN, SM_SECRET: SECRET };
const OWNER = 'msp/Appliance';
const CONTOSO_ID = '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01';
const FABRIKAM_ID = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02';

function tenant(name: string, tenantId: string, domains: string[], extra: Partial<SeppmailRestTenant> = {}): SeppmailRestTenant {
  return {
    name,
    tenantId,
    initialDomain: `${name.toLowerCase()}.onmicrosoft.com`,
    managedDomains: domains,
    exoMxHost: `${domains[0].replace(/\./g, '-')}.mail.protection.outlook.com`,
    certificate: { kind: 'pfx', file: `/certs/${name.toLowerCase()}.pfx`, passwordEnv: 'PFX_PASSWORD', fingerprint: 'AA:BB' },
    customer: name,
    cbcCertificateName: `seppmail.${domains[0]}`,
    ...extra,
  };
}

const CONTOSO = tenant('Contoso', CONTOSO_ID, ['contoso.com', 'contoso.ch']);
const FABRIKAM = tenant('Fabrikam', FABRIKAM_ID, ['fabrikam.com']);

function document(url: string, caFile: string, tenants: SeppmailRestTenant[]): SeppmailRestDocument {
  return {
    schema: GATEWAY_DOCUMENT_SCHEMA,
    gateway: { name: 'Appliance', fqdn: 'securemail.example-msp.net', product: 'seppmail-appliance', tlsCertificateName: '*.example-msp.net' },
    deployment: { kind: 'seppmail-rest', apiUrl: url, tokenEnv: 'SM_TOKEN', secretEnv: 'SM_SECRET', caFile, insecureSkipVerify: false, customerPrefix: '', owner: OWNER, timeoutMs: 10_000 },
    tenants,
  };
}

function calls(list: StubCall[]): string[] {
  return list.map((c) => `${c.method} ${c.path}${Object.keys(c.query).length ? `?${new URLSearchParams(c.query).toString()}` : ''}`);
}

describe('SEPPmail REST deployment against the stand-in API', () => {
  const stub = new SeppmailStub(TOKEN, SECRET);
  const lines: string[] = [];
  const ctx: GatewayContext = { env: { ...ENV }, log: (l) => lines.push(l), run: () => ({ code: 1, stdout: '', stderr: 'no commands' }) };
  let doc: (tenants: SeppmailRestTenant[]) => SeppmailRestDocument;
  const sync = (tenants: SeppmailRestTenant[]): Promise<GatewayReport> => seppmailRestAdapter.sync(doc(tenants), ctx);

  beforeAll(async () => {
    const url = await stub.start();
    doc = (tenants) => document(url, stub.caFile, tenants);
    // what others keep on the appliance: a customer made by hand, one of another fleet, a loose domain
    stub.seedCustomer('Foreign-Customer', 'set up by hand', 'not ours');
    stub.seedDomain('foreign-corp.com', 'Foreign-Customer', { forwarding: { host: 'mail.foreign-corp.com' }, tls: { level: 'may' } });
    stub.seedCustomer('Other-Fleet', customerComment('other/Gateway', FABRIKAM_ID));
    stub.seedDomain('otherfleet.com', 'Other-Fleet', { forwarding: { host: 'otherfleet-com.mail.protection.outlook.com', port: 25, noMXLookup: true } });
    stub.seedDomain('loose.net', null, { forwarding: { host: '192.0.2.10' } });
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.clearCalls();
    lines.length = 0;
  });
  afterEach(() => {
    expect(stub.violations).toEqual([]);
    const out = lines.join('\n');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(SECRET);
  });

  function foreignIntact(): void {
    expect(stub.customers.get('Foreign-Customer')).toMatchObject({ comment: 'set up by hand', description: 'not ours' });
    expect(stub.domains.get('foreign-corp.com')).toEqual({ domainName: 'foreign-corp.com', customer: 'Foreign-Customer', forwarding: { host: 'mail.foreign-corp.com' }, tls: { level: 'may' } });
    expect(stub.customers.get('Other-Fleet')?.comment).toBe(customerComment('other/Gateway', FABRIKAM_ID));
    expect(stub.domains.get('otherfleet.com')?.customer).toBe('Other-Fleet');
    expect(stub.domains.get('loose.net')).toEqual({ domainName: 'loose.net', customer: null, forwarding: { host: '192.0.2.10' } });
  }

  test('a full sync creates one marked customer per tenant and a managed domain per domain, attaches them, applies the mail configuration once, and verifies', async () => {
    const report = await sync([CONTOSO, FABRIKAM]);
    expect(calls(stub.calls)).toEqual([
      'GET /customer',
      'GET /mailsystem/manageddomain',
      'POST /customer',
      'POST /customer',
      'POST /mailsystem/manageddomain?applyMailconfig=false',
      'POST /mailsystem/manageddomain?applyMailconfig=false',
      'POST /mailsystem/manageddomain?applyMailconfig=false',
      'POST /customer/Contoso/mailroute',
      'POST /customer/Fabrikam/mailroute',
      'PUT /mailsystem/manageddomain/contoso.com?applyMailconfig=true',
      'GET /customer',
      'GET /mailsystem/manageddomain',
    ]);
    expect(stub.calls[2].body).toEqual({ name: 'Contoso', comment: `#managed-by:cdktf-exo-gateway owner=${OWNER} tenant=${CONTOSO_ID}`, description: `Microsoft 365 tenant contoso.onmicrosoft.com (${CONTOSO_ID})` });
    expect(stub.calls[4].body).toEqual({
      domainName: 'contoso.com',
      forwarding: { host: 'contoso-com.mail.protection.outlook.com', port: 25, noMXLookup: true },
      requestedTenantID: CONTOSO_ID,
      tls: { level: 'secure' },
    });
    expect(stub.calls[7].body).toEqual({ mailRoutes: ['contoso.com', 'contoso.ch'] });
    expect(stub.mailConfigApplied).toBe(1);
    expect(stub.mailConfigPending).toBe(false);
    expect(stub.domains.get('contoso.ch')).toMatchObject({ customer: 'Contoso', requestedTenantID: CONTOSO_ID, tls: { level: 'secure' } });
    expect(stub.domains.get('fabrikam.com')).toMatchObject({ customer: 'Fabrikam', requestedTenantID: FABRIKAM_ID, forwarding: { host: 'fabrikam-com.mail.protection.outlook.com' } });
    foreignIntact();
    expect(report.written).toEqual(['customer Contoso', 'customer Fabrikam', 'managed domain contoso.com', 'managed domain contoso.ch', 'managed domain fabrikam.com', 'customer Contoso mail routes contoso.com,contoso.ch', 'customer Fabrikam mail routes fabrikam.com', 'managed domain contoso.com']);
    expect(report.removed).toEqual([]);
    const out = lines.join('\n');
    expect(out).toContain("[gateway Appliance] tenant 'Contoso': create the customer Contoso (POST /customer)");
    expect(out).toContain('verified: 2 customer(s) with the marker and 3 managed domain(s)');
  });

  test('a re-sync of the same document makes no write call (two reads) and still prints the checklist', async () => {
    await sync([CONTOSO, FABRIKAM]);
    expect(calls(stub.calls)).toEqual(['GET /customer', 'GET /mailsystem/manageddomain']);
    expect(stub.mailConfigApplied).toBe(1);
    const out = lines.join('\n');
    expect(out).toContain('[gateway Appliance] the appliance already holds the 2 customer(s) and 3 managed domain(s) as declared; nothing changed');
    expect(out).toContain('MANUAL STEP, not done by the library (the SEPPmail API has no call for a managed domain\'s TLS certificate)');
    expect(out).toContain(
      "tenant 'Contoso': In the SEPPmail appliance GUI, Mail System > Managed Domains > each of contoso.com, contoso.ch > TLS Settings: import the certificate issued to seppmail.contoso.com (file /certs/contoso.pfx, SHA-256 AA:BB)",
    );
    expect(out).not.toContain('Created in this run');
  });

  test('a change (a new domain, a new MX host, a drifted TLS level) updates only what differs', async () => {
    stub.domains.get('contoso.com')!.tls = { level: 'may' }; // an admin changed it in the GUI
    const contoso = { ...CONTOSO, exoMxHost: 'contoso-com.d-v1.mx.microsoft' };
    const fabrikam = { ...FABRIKAM, managedDomains: ['fabrikam.com', 'fabrikam.ch'] };
    await sync([contoso, fabrikam]);
    expect(calls(stub.writes())).toEqual([
      'PUT /mailsystem/manageddomain/contoso.com?applyMailconfig=false',
      'PUT /mailsystem/manageddomain/contoso.ch?applyMailconfig=false',
      'POST /mailsystem/manageddomain?applyMailconfig=false',
      'POST /customer/Fabrikam/mailroute',
      'PUT /mailsystem/manageddomain/contoso.com?applyMailconfig=true',
    ]);
    const out = lines.join('\n');
    expect(out).toContain('update the managed domain contoso.com: forwarding.host contoso-com.mail.protection.outlook.com -> contoso-com.d-v1.mx.microsoft, tls.level may -> secure');
    expect(out).toContain('Created in this run, so still without it: fabrikam.ch.');
    expect(stub.domains.get('contoso.com')).toMatchObject({ forwarding: { host: 'contoso-com.d-v1.mx.microsoft' }, tls: { level: 'secure' } });
    expect(stub.domains.get('fabrikam.ch')).toMatchObject({ customer: 'Fabrikam', requestedTenantID: FABRIKAM_ID });
    expect(stub.mailConfigApplied).toBe(2);
    foreignIntact();
  });

  test('a removal detaches and deletes what is no longer declared, then the customer, and applies once', async () => {
    const contoso = { ...CONTOSO, exoMxHost: 'contoso-com.d-v1.mx.microsoft', managedDomains: ['contoso.com'] };
    const report = await sync([contoso]);
    expect(calls(stub.writes())).toEqual([
      'PUT /customer/Contoso/mailroute',
      'PUT /customer/Fabrikam/mailroute',
      'DELETE /mailsystem/manageddomain/contoso.ch?applyMailconfig=false',
      'DELETE /mailsystem/manageddomain/fabrikam.ch?applyMailconfig=false',
      'DELETE /mailsystem/manageddomain/fabrikam.com?applyMailconfig=false',
      'DELETE /customer/Fabrikam',
      'PUT /mailsystem/manageddomain/contoso.com?applyMailconfig=true',
    ]);
    expect(stub.writes()[1].body).toEqual({ mailRoutes: ['fabrikam.ch', 'fabrikam.com'] });
    expect(report.removed).toEqual(['managed domain contoso.ch', 'managed domain fabrikam.ch', 'managed domain fabrikam.com', 'customer Fabrikam']);
    expect([...stub.customers.keys()].sort()).toEqual(['Contoso', 'Foreign-Customer', 'Other-Fleet']);
    expect([...stub.domains.keys()].sort()).toEqual(['contoso.com', 'foreign-corp.com', 'loose.net', 'otherfleet.com']);
    expect(stub.mailConfigApplied).toBe(3);
    foreignIntact();
  });

  test('an error reply fails the sync naming the tenant, the call and the appliance\'s message; the next sync continues', async () => {
    stub.failNext('POST', /^\/mailsystem\/manageddomain$/, 4711, 'license limit of managed domains reached');
    const withFabrikam = [{ ...CONTOSO, exoMxHost: 'contoso-com.d-v1.mx.microsoft', managedDomains: ['contoso.com'] }, FABRIKAM];
    const err = await sync(withFabrikam).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain("[gateway Appliance] tenant 'Fabrikam': create the managed domain fabrikam.com");
    expect(message).toContain('POST /mailsystem/manageddomain?applyMailconfig=false: HTTP 500, SEPPmail error 4711: license limit of managed domains reached');
    expect(message).toContain('1 of 4 change(s) were made before it');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(SECRET);
    expect(stub.customers.has('Fabrikam')).toBe(true);
    stub.clearCalls();
    await sync(withFabrikam);
    expect(calls(stub.writes())).toEqual(['POST /mailsystem/manageddomain?applyMailconfig=false', 'POST /customer/Fabrikam/mailroute', 'PUT /mailsystem/manageddomain/contoso.com?applyMailconfig=true']);
  });

  test('a domain left without a customer by an interrupted run, with the declared tenant id, is adopted', async () => {
    stub.failNext('POST', /^\/customer\/Fabrikam\/mailroute$/, 17, 'internal error');
    const tenants = [{ ...CONTOSO, exoMxHost: 'contoso-com.d-v1.mx.microsoft', managedDomains: ['contoso.com'] }, { ...FABRIKAM, managedDomains: ['fabrikam.com', 'fabrikam.de'] }];
    await expect(sync(tenants)).rejects.toThrow(/tenant 'Fabrikam': attach fabrikam.de to the customer Fabrikam failed: POST \/customer\/Fabrikam\/mailroute: HTTP 500, SEPPmail error 17: internal error/);
    expect(stub.domains.get('fabrikam.de')?.customer).toBeNull();
    stub.clearCalls();
    await sync(tenants);
    expect(calls(stub.writes())).toEqual(['POST /customer/Fabrikam/mailroute', 'PUT /mailsystem/manageddomain/contoso.com?applyMailconfig=true']);
    expect(stub.domains.get('fabrikam.de')?.customer).toBe('Fabrikam');
  });

  test('fails before any change when a declared domain or customer name belongs to someone else', async () => {
    const grabbing = [
      { ...CONTOSO, exoMxHost: 'contoso-com.d-v1.mx.microsoft', managedDomains: ['contoso.com', 'foreign-corp.com', 'loose.net'] },
      tenant('Other-Fleet', FABRIKAM_ID, ['otherfleet.org']),
    ];
    const err = (await sync(grabbing).catch((e: Error) => e)) as Error;
    expect(calls(stub.writes())).toEqual([]);
    expect(err.message).toContain('nothing was changed: 3 declared object(s) already exist on the appliance outside this deployment');
    expect(err.message).toContain("tenant 'Contoso': the managed domain foreign-corp.com exists on the appliance under the customer Foreign-Customer");
    expect(err.message).toContain("tenant 'Contoso': the managed domain loose.net exists on the appliance without a customer");
    expect(err.message).toContain("tenant 'Other-Fleet': the customer Other-Fleet carries the marker of another owner (owner=other/Gateway, this deployment is owner=msp/Appliance); if it is this fleet's, set owner: 'other/Gateway'");
    foreignIntact();
  });

  test('teardown removes every customer and managed domain of this owner, applying the mail configuration with the last removal', async () => {
    const report = await seppmailRestAdapter.teardown({ ...doc([]), tenants: [] }, ctx);
    expect(calls(stub.writes())).toEqual([
      'PUT /customer/Contoso/mailroute',
      'PUT /customer/Fabrikam/mailroute',
      'DELETE /mailsystem/manageddomain/contoso.com?applyMailconfig=false',
      'DELETE /mailsystem/manageddomain/fabrikam.com?applyMailconfig=false',
      'DELETE /mailsystem/manageddomain/fabrikam.de?applyMailconfig=true',
      'DELETE /customer/Contoso',
      'DELETE /customer/Fabrikam',
    ]);
    expect(report.removed).toHaveLength(5);
    expect([...stub.customers.keys()].sort()).toEqual(['Foreign-Customer', 'Other-Fleet']);
    expect([...stub.domains.keys()].sort()).toEqual(['foreign-corp.com', 'loose.net', 'otherfleet.com']);
    expect(stub.mailConfigPending).toBe(false);
    foreignIntact();
    expect(lines.join('\n')).toContain('verified: no customer of owner=msp/Appliance is left on the appliance');
    stub.clearCalls();
    await seppmailRestAdapter.teardown(doc([]), ctx);
    expect(calls(stub.writes())).toEqual([]);
  });
});

describe('SEPPmail REST deployment: credentials and TLS', () => {
  const stub = new SeppmailStub(TOKEN, SECRET);
  beforeAll(() => stub.start());
  afterAll(() => stub.stop());

  const run = (docOverride: Partial<SeppmailRestDocument['deployment']>, env: NodeJS.ProcessEnv = ENV) => {
    const lines: string[] = [];
    const d = document(stub.url, stub.caFile, [CONTOSO]);
    const p = seppmailRestAdapter.sync({ ...d, deployment: { ...d.deployment, ...docOverride } }, { env, log: (l) => lines.push(l), run: () => ({ code: 1, stdout: '', stderr: '' }) });
    return p.then(
      () => ({ ok: true, text: lines.join('\n') }),
      (e: Error) => ({ ok: false, text: `${lines.join('\n')}\n${e.message}` }),
    );
  };

  test('sends the token and the secret only as the two API-key headers, with accept: application/json', async () => {
    const r = await run({});
    expect(r.ok).toBe(true);
    for (const h of stub.headers) {
      expect(h['x-sm-api-token']).toBe(TOKEN);
      expect(h['x-sm-api-secret']).toBe(SECRET);
      expect(h.accept).toBe('application/json');
    }
    expect(stub.calls.every((c) => !JSON.stringify(c).includes(TOKEN) && !JSON.stringify(c).includes(SECRET))).toBe(true);
    expect(r.text).not.toContain(TOKEN);
  });

  test('fails naming the variable, never a value, when a credential is not set', async () => {
    const r = await run({}, { SM_TOKEN: TOKEN });
    expect(r.ok).toBe(false);
    expect(r.text).toContain('the environment variable SM_SECRET (the SEPPmail API secret) is not set on this runner');
    expect(r.text).not.toContain(TOKEN);
  });

  test('a refused key fails with the status and no credential in the message', async () => {
    const r = await run({}, { SM_TOKEN: TOKEN, SM_SECRET: 'wrong-secret-value' });
    expect(r.ok).toBe(false);
    expect(r.text).toContain('GET /customer: HTTP 401, SEPPmail error 401: invalid API token or secret');
    expect(r.text).not.toContain(TOKEN);
    expect(r.text).not.toContain('wrong-secret-value');
  });

  test("without caFile the stub's certificate is refused, with a hint; insecureSkipVerify connects", async () => {
    const refused = await run({ caFile: undefined });
    expect(refused.ok).toBe(false);
    expect(refused.text).toMatch(/cannot reach 127\.0\.0\.1:\d+: \S+ .*the appliance's HTTPS certificate was not accepted: give its CA as caFile/);
    expect((await run({ caFile: undefined, insecureSkipVerify: true })).ok).toBe(true);
  });
});

describe('SEPPmail REST deployment through the bundled apply-time program', () => {
  const stub = new SeppmailStub(TOKEN, SECRET);
  // bundled here as scripts/bundle-runtime.js does (the adminApi code stays in extras.js, loaded
  // only by adminApi tenants), into a folder of this test's own
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seppmail-bundle-'));
  const bundle = path.join(out, 'exo-apply.js');
  let inputs: string[] = [];
  beforeAll(async () => {
    const built = esbuild.buildSync({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', entryPoints: [path.join(REPO, 'lib/runtime/exo-apply.ts')], outfile: bundle, metafile: true, external: ['./extras'] });
    inputs = Object.keys(built.metafile!.inputs);
    await stub.start();
  });
  afterAll(async () => {
    await stub.stop();
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('the program bundles the SEPPmail adapter and no npm package', () => {
    expect(inputs.filter((i) => i.includes('seppmail-rest'))).toContain('lib/gateways/seppmail-rest/client.ts');
    expect(inputs.filter((i) => i.includes('node_modules'))).toEqual([]);
  });

  /** Runs the program without blocking this process (the stub answers from here). */
  function program(step: string, doc: SeppmailRestDocument): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const env = { PATH: process.env.PATH, ...ENV, EXO_GATEWAY_DOCUMENT: asciiJson(doc) };
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bundle, step], { env, cwd: out });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  test('gateway-sync and gateway-teardown run with Node built-ins only and print no credential', async () => {
    const d = document(stub.url, stub.caFile, [CONTOSO, FABRIKAM]);
    const synced = await program('gateway-sync', d);
    expect(synced.stderr).toBe('');
    expect(synced.status).toBe(0);
    expect(synced.stdout).toContain('MANUAL STEP');
    expect(stub.domains.get('fabrikam.com')?.customer).toBe('Fabrikam');
    const torn = await program('gateway-teardown', { ...d, tenants: [] });
    expect(torn.status).toBe(0);
    expect(stub.customers.size).toBe(0);
    for (const r of [synced, torn]) {
      expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    }
    expect(stub.violations).toEqual([]);
  });

  test('a failure exits non-zero with the message on stderr', async () => {
    stub.failNext('POST', /^\/customer$/, 3, 'database locked');
    const r = await program('gateway-sync', document(stub.url, stub.caFile, [CONTOSO]));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("tenant 'Contoso': create the customer Contoso failed: POST /customer: HTTP 500, SEPPmail error 3: database locked");
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  test('gatewaySync reads the document from the environment and dispatches on the deployment kind', async () => {
    const lines: string[] = [];
    const env = { ...ENV, EXO_GATEWAY_DOCUMENT: asciiJson(document(stub.url, stub.caFile, [CONTOSO])) };
    await gatewaySync(env, (l) => lines.push(l));
    expect(stub.customers.has('Contoso')).toBe(true);
    await gatewayTeardown({ ...env, EXO_GATEWAY_DOCUMENT: asciiJson({ ...document(stub.url, stub.caFile, []), tenants: [] }) }, (l) => lines.push(l));
    expect(stub.customers.has('Contoso')).toBe(false);
  });
});

describe('SEPPmail managed domain comparison', () => {
  const settings = { forwarding: { host: 'contoso-com.mail.protection.outlook.com', port: 25, noMXLookup: true }, requestedTenantID: CONTOSO_ID, tls: { level: 'secure' } };

  test('reads back case-insensitively, with a missing port as 25 and "1"/"true" as true', () => {
    expect(domainDifferences({ domainName: 'contoso.com', forwarding: { host: 'Contoso-Com.Mail.Protection.Outlook.com', noMXLookup: '1' }, requestedTenantID: CONTOSO_ID.toUpperCase(), tls: { level: 'secure' } }, settings)).toEqual([]);
    expect(domainDifferences({ domainName: 'contoso.com', forwarding: { host: 'contoso-com.mail.protection.outlook.com', port: '25', noMXLookup: 'true' }, requestedTenantID: CONTOSO_ID, tls: { level: 'secure' } }, settings)).toEqual([]);
  });

  test('names every differing field', () => {
    expect(domainDifferences({ domainName: 'contoso.com' }, settings)).toEqual([
      'forwarding.host (none) -> contoso-com.mail.protection.outlook.com',
      'forwarding.noMXLookup false -> true',
      `requestedTenantID (none) -> ${CONTOSO_ID}`,
      'tls.level (none) -> secure',
    ]);
  });
});
