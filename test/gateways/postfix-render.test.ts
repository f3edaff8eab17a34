/**
 * The Postfix adapter's rendering, against golden files (UPDATE_GOLDEN=1 rewrites them), and the
 * chain files built from the committed test PKI (PEM + key, modern and legacy PFX).
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { spawnRunner } from '../../lib/gateways/adapter';
import { loadTenantChain } from '../../lib/gateways/certificate-material';
import { exoMxHost, GatewayDeploymentError, postfixServiceName, sanitiseTenantName } from '../../lib/gateways/document';
import { renderPostfix } from '../../lib/gateways/postfix/render';
import { GOLDEN, PFX_PASSWORD, PKI, SAMPLE_TENANTS, filesDocument, pem, tenantEntry } from './helpers';

const stubChain = (t: { name: string }) => `chain of ${t.name}\n`;

describe('Postfix rendering (golden files)', () => {
  const rendering = renderPostfix(filesDocument('/out'), stubChain);
  const golden = ['main.cf.fragment', 'master.cf.fragment', 'transport', 'tls_policy', 'relay_domains'];

  test.each(golden)('%s matches test/fixtures/postfix', (name) => {
    const file = rendering.files.find((f) => f.path === name)!;
    expect(file).toBeDefined();
    const goldenFile = path.join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN === '1') {
      // Rewriting the golden files makes the comparison below pass by construction: never in CI.
      if (process.env.CI) throw new Error('UPDATE_GOLDEN=1 is for regenerating the golden files by hand, not for CI');
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(goldenFile, file.content);
    }
    expect(file.content).toBe(fs.readFileSync(goldenFile, 'utf8'));
    expect(file.mode).toBe(0o644);
  });

  test('one chain file per tenant, mode 0600, under tenants/<name>/', () => {
    const chains = rendering.files.filter((f) => f.path.endsWith('chain.pem'));
    expect(chains.map((f) => [f.path, f.mode, f.tenant])).toEqual([
      ['tenants/contoso/chain.pem', 0o600, 'Contoso'],
      ['tenants/fabrikam/chain.pem', 0o600, 'Fabrikam'],
      ['tenants/northwind/chain.pem', 0o600, 'Northwind'],
    ]);
  });

  test('Postfix has no trailing comments: every # starts its line', () => {
    for (const f of rendering.files.filter((x) => !x.path.endsWith('.pem'))) {
      for (const line of f.content.split('\n')) {
        if (line.includes('#')) expect({ file: f.path, line, ok: line.startsWith('#') }).toEqual({ file: f.path, line, ok: true });
      }
    }
  });

  test('the default transport presents no client certificate; each tenant transport only its own, with level secure', () => {
    expect(rendering.mainCf).toEqual(
      expect.arrayContaining([
        ['smtp_tls_security_level', 'may'],
        ['smtp_tls_chain_files', ''],
        ['smtp_tls_cert_file', ''],
        ['smtp_tls_eccert_file', ''],
      ]),
    );
    expect(rendering.services.map((s) => s.entry)).toEqual([
      't-contoso unix - - n - - smtp -o smtp_tls_chain_files=/etc/postfix/cdktf-exo-gateway/tenants/contoso/chain.pem -o smtp_tls_security_level=secure',
      't-fabrikam unix - - n - - smtp -o smtp_tls_chain_files=/etc/postfix/cdktf-exo-gateway/tenants/fabrikam/chain.pem -o smtp_tls_security_level=secure',
      't-northwind unix - - n - - smtp -o smtp_tls_chain_files=/etc/postfix/cdktf-exo-gateway/tenants/northwind/chain.pem -o smtp_tls_security_level=secure',
    ]);
  });

  test('host mode names the tables and chain files in <configDir>/cdktf-exo-gateway, and other table types', () => {
    const doc = { ...filesDocument('/out'), deployment: { kind: 'postfix-host' as const, configDir: '/etc/postfix-out', postfixCommand: 'postfix', reload: true, tableType: 'lmdb' as const } };
    const r = renderPostfix(doc, stubChain);
    expect(r.mainCf).toContainEqual(['transport_maps', 'lmdb:/etc/postfix-out/cdktf-exo-gateway/transport']);
    expect(r.services[0].entry).toContain('smtp_tls_chain_files=/etc/postfix-out/cdktf-exo-gateway/tenants/contoso/chain.pem');
  });

  test('a tenant name is sanitised for Postfix; comments stay on one line', () => {
    expect(sanitiseTenantName('Tailspin Toys GmbH')).toBe('tailspin-toys-gmbh');
    expect(postfixServiceName('A.Datum_Corp')).toBe('t-a-datum-corp');
    expect(exoMxHost('Fabrikam-Mail.de')).toBe('fabrikam-mail-de.mail.protection.outlook.com');
    const r = renderPostfix(filesDocument('/out', [tenantEntry('Odd\nName', '00000000-0000-4000-8000-000000000001', ['odd.example'], pem('contoso'))]), stubChain);
    const master = r.files.find((f) => f.path === 'master.cf.fragment')!.content;
    expect(master).toContain('# Tenant Odd Name (tenant id');
    expect(master).toContain('t-odd-name  unix');
  });
});

describe('chain files from the test PKI', () => {
  const ctx = { env: { ...process.env, TEST_PFX_PASSWORD: PFX_PASSWORD }, run: spawnRunner };
  const leaf = new X509Certificate(fs.readFileSync(path.join(PKI, 'contoso.pem')));
  const intermediate = new X509Certificate(fs.readFileSync(path.join(PKI, 'intermediate.pem')));

  function expectChain(text: string) {
    const blocks = [...text.matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((m) => m[1]);
    expect(blocks).toEqual(['PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE']);
    const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map((c) => new X509Certificate(c));
    expect(certs[0].fingerprint256).toBe(leaf.fingerprint256);
    expect(certs[1].fingerprint256).toBe(intermediate.fingerprint256);
    // The key belongs to the leaf: a TLS context loads the file as Postfix would.
    expect(() => tls.createSecureContext({ key: text, cert: text })).not.toThrow();
  }

  test('PEM + key file: key, leaf, intermediate', () => {
    expectChain(loadTenantChain(SAMPLE_TENANTS[0], ctx));
  });

  test.each(['contoso-modern.pfx', 'contoso-legacy.pfx'])('PFX %s is decrypted with openssl, the password from the named variable', (file) => {
    const t = tenantEntry('Contoso', '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', ['contoso.com'], { kind: 'pfx', file: path.join(PKI, file), passwordEnv: 'TEST_PFX_PASSWORD', fingerprint: leaf.fingerprint256 });
    expectChain(loadTenantChain(t, ctx));
  });

  test('refusals name the tenant and the reason', () => {
    const pfx = (env: NodeJS.ProcessEnv) => () =>
      loadTenantChain(tenantEntry('Contoso', 'x', ['contoso.com'], { kind: 'pfx', file: path.join(PKI, 'contoso-modern.pfx'), passwordEnv: 'TEST_PFX_PASSWORD' }), { env, run: spawnRunner });
    expect(pfx({ ...process.env, TEST_PFX_PASSWORD: 'wrong' })).toThrow(/tenant 'Contoso': openssl cannot read the PFX .*contoso-modern.pfx/);
    const noVar = { ...process.env };
    delete noVar.TEST_PFX_PASSWORD;
    expect(pfx(noVar)).toThrow(/environment variable TEST_PFX_PASSWORD .* is not set/);
    const wrongKey = tenantEntry('Contoso', 'x', ['contoso.com'], { kind: 'pem', file: path.join(PKI, 'contoso.pem'), keyFile: path.join(PKI, 'fabrikam-wildcard.key.pem') });
    expect(() => loadTenantChain(wrongKey, ctx)).toThrow(/the private key does not belong to any certificate/);
    const renewed = tenantEntry('Contoso', 'x', ['contoso.com'], { ...pem('contoso'), fingerprint: 'AA:BB' });
    expect(() => loadTenantChain(renewed, ctx)).toThrow(/not AA:BB that synth checked; synthesize again/);
    expect(() => loadTenantChain(tenantEntry('Contoso', 'x', ['contoso.com'], { kind: 'name' }), ctx)).toThrow(GatewayDeploymentError);
    expect(() => loadTenantChain(tenantEntry('Contoso', 'x', ['contoso.com'], { kind: 'pem', file: path.join(PKI, 'contoso.pem') }), ctx)).toThrow(/has no keyFile/);
    expect(() => loadTenantChain(tenantEntry('Contoso', 'x', ['contoso.com'], { kind: 'pem', file: path.join(PKI, 'missing.pem'), keyFile: path.join(PKI, 'contoso.key.pem') }), ctx)).toThrow(/cannot read the certificate file .*missing.pem: ENOENT/);
  });
});
