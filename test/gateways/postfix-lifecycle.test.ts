/**
 * The Postfix deployment end to end with the real Terraform (and OpenTofu): a postfix-product
 * fleet whose gateway configuration is written as files (postfixFiles) into a temporary folder,
 * and whose Exchange Online is the simulated one. Asserts the files, the connectors, and the
 * order Terraform runs the steps in.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PFX_PASSWORD_ENV, POSTFIX_TENANTS, PostfixExampleTenant } from '../../examples/postfix-msp/fleet';
import { PostfixDeployment } from '../../lib';
import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { lifecycleBinaries, RunResult } from '../helpers/lifecycle';
import { PFX_PASSWORD, PKI, PostfixLifecycleHarness } from './helpers';

const KINDS = ['InboundConnector', 'OutboundConnector'] as const;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** Index of the first line of `text` that contains all of `parts`. */
function lineIndex(text: string, ...parts: string[]): number {
  return text.split('\n').findIndex((l) => parts.every((p) => l.includes(p)));
}

describe.each(lifecycleBinaries())('Postfix gateway deployment lifecycle with $name', ({ path: binary }) => {
  const h = new PostfixLifecycleHarness(binary);
  const out = path.join(h.dir, 'gateway-files');
  const deployment = PostfixDeployment.files({ outputDir: out });
  const outputs: RunResult[] = [];
  const org = (id: string) => POSTFIX_TENANTS.find((t) => t.id === id)!.initialDomain;
  const managed = (id: string, kind: (typeof KINDS)[number]) => h.store.objects(org(id), kind).filter((o) => String(o.Comment ?? '').includes(MANAGED_MARKER));
  const sessionsFor = (id: string) => h.store.readSessions().filter((s) => s.organization === org(id)).length;
  const ok = (r: RunResult) => {
    outputs.push(r);
    if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const env = { [PFX_PASSWORD_ENV]: PFX_PASSWORD };
  let declared: PostfixExampleTenant[] = POSTFIX_TENANTS;

  beforeAll(() => {
    h.seed(POSTFIX_TENANTS);
    process.env[PFX_PASSWORD_ENV] = PFX_PASSWORD; // synth inspects PFX files with it
  });
  afterAll(() => {
    delete process.env[PFX_PASSWORD_ENV];
    h.cleanup();
  });

  test('1. first apply writes the files of 3 tenants (chain files 0600) before any tenant converges', () => {
    h.synthPostfix(declared, deployment);
    const r = ok(h.apply(env));
    expect(filesUnder(out)).toEqual([
      'main.cf.fragment',
      'manifest.json',
      'master.cf.fragment',
      'relay_domains',
      'tenants/contoso/chain.pem',
      'tenants/fabrikam/chain.pem',
      'tenants/northwind/chain.pem',
      'tls_policy',
      'transport',
    ]);
    for (const t of ['contoso', 'fabrikam', 'northwind']) {
      expect(fs.statSync(path.join(out, 'tenants', t, 'chain.pem')).mode & 0o777).toBe(0o600);
    }
    expect(fs.readFileSync(path.join(out, 'transport'), 'utf8')).toContain('contoso.ch     t-contoso:[contoso-com.mail.protection.outlook.com]');
    for (const t of POSTFIX_TENANTS) {
      expect(managed(t.id, 'InboundConnector').map((o) => [o.ConnectorType, o.TlsSenderCertificateName])).toEqual([['OnPremises', t.cbcCertificateName]]);
      expect(managed(t.id, 'OutboundConnector').map((o) => [o.ConnectorType, o.SmartHosts])).toEqual([['Partner', ['securemail.provider.example']]]);
      expect(h.store.objects(t.initialDomain, 'TransportRule')).toEqual([]);
    }
    const synced = lineIndex(r.stdout, 'Postfix_GatewaySync', 'Creation complete');
    expect(synced).toBeGreaterThan(0);
    for (const t of POSTFIX_TENANTS) {
      expect(lineIndex(r.stdout, `${t.id}_Converge`, 'Provisioning with')).toBeGreaterThan(synced);
    }
  });

  test('2. a re-apply without changes plans nothing', () => {
    const plan = h.plan();
    outputs.push(plan);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  test('3. a tenant certificate moved to a PFX re-runs the gateway sync only; openssl decrypts it at apply time', () => {
    const sessions = h.sessionCount();
    const before = fs.readFileSync(path.join(out, 'tenants', 'contoso', 'chain.pem'), 'utf8');
    declared = declared.map((t) => (t.id === 'Contoso' ? { ...t, certificate: 'contoso-modern', format: 'pfx' as const } : t));
    h.synthPostfix(declared, deployment);
    const r = ok(h.apply(env));
    expect(lineIndex(r.stdout, 'Postfix_GatewaySync', 'Provisioning with')).toBeGreaterThan(-1);
    expect(lineIndex(r.stdout, '_Converge', 'Provisioning with')).toBe(-1);
    expect(h.sessionCount()).toBe(sessions);
    expect(fs.readFileSync(path.join(out, 'tenants', 'contoso', 'chain.pem'), 'utf8')).toBe(before);
    const chain = path.join(out, 'tenants', 'contoso', 'chain.pem');
    const verify = spawnSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', path.join(PKI, 'root.pem'), '-untrusted', chain, chain], { encoding: 'utf8' });
    expect(verify.stdout.trim()).toBe(`${chain}: OK`);
  });

  test("4. deleting a tenant's declaration removes its connectors first, then its gateway files", () => {
    const sessions = { Contoso: sessionsFor('Contoso'), Fabrikam: sessionsFor('Fabrikam') };
    declared = declared.filter((t) => t.id !== 'Northwind');
    h.synthPostfix(declared, deployment);
    const r = ok(h.apply(env));
    for (const kind of KINDS) expect(managed('Northwind', kind)).toEqual([]);
    expect(fs.existsSync(path.join(out, 'tenants', 'northwind'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'transport'), 'utf8')).not.toContain('northwind');
    expect(fs.readFileSync(path.join(out, 'master.cf.fragment'), 'utf8')).not.toContain('t-northwind');
    const pruned = lineIndex(r.stdout, 'tearing down', '11111111-aaaa-4bbb-8ccc-222222222222');
    expect(pruned).toBeGreaterThan(-1);
    expect(lineIndex(r.stdout, 'Postfix_GatewaySync', 'Provisioning with')).toBeGreaterThan(pruned);
    expect(sessionsFor('Contoso')).toBe(sessions.Contoso);
    expect(sessionsFor('Fabrikam')).toBe(sessions.Fabrikam);
    expect(managed('Contoso', 'InboundConnector')).toHaveLength(1);
  });

  test('5. destroy removes the tenants\' connectors first, then every file the library wrote', () => {
    const r = ok(h.destroy());
    for (const t of declared) for (const kind of KINDS) expect(managed(t.id, kind)).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);
    const gatewayGone = lineIndex(r.stdout, 'Postfix_GatewayTeardown', 'Destroying...');
    expect(gatewayGone).toBeGreaterThan(-1);
    for (const t of declared) {
      const done = lineIndex(r.stdout, `${t.id}_Teardown`, 'Destruction complete');
      expect(done).toBeGreaterThan(-1);
      expect(done).toBeLessThan(gatewayGone);
    }
  });

  test('6. no key material or password in the stack, the state or any output', () => {
    const key = fs.readFileSync(path.join(PKI, 'contoso.key.pem'), 'utf8').split('\n')[1];
    for (const o of outputs) {
      expect(o.stdout + o.stderr).not.toContain('PRIVATE KEY');
      expect(o.stdout + o.stderr).not.toContain(PFX_PASSWORD);
    }
    const text = h.allText();
    expect(text).not.toContain(key);
    expect(text).not.toContain(PFX_PASSWORD);
    expect(text).toContain(PFX_PASSWORD_ENV);
  });
});
