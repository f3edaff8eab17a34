/**
 * postfix-files delivery: the sync writes the files atomically with a manifest, is a full
 * reconcile (a tenant no longer declared loses its files), never touches files it did not
 * write, and teardown removes exactly what it wrote.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultContext } from '../../lib/gateways/adapter';
import { asciiJson, DOCUMENT_PART_LENGTH } from '../../lib/gateways/document';
import { postfixAdapter } from '../../lib/gateways/postfix/adapter';
import { main } from '../../lib/runtime/exo-apply';
import { filesDocument, SAMPLE_TENANTS } from './helpers';

function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${path.relative(dir, p)} ${(fs.statSync(p).mode & 0o777).toString(8)}`);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

describe('postfix-files delivery', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-postfix-files-'));
  const out = path.join(base, 'gateway');
  const lines: string[] = [];
  const ctx = { ...defaultContext(process.env, (l) => lines.push(l)) };
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  test('sync writes every file, chain files 0600 in 0700 folders, and a manifest', async () => {
    const report = await postfixAdapter.sync(filesDocument(out), ctx);
    expect(tree(out)).toEqual([
      'main.cf.fragment 644',
      'manifest.json 644',
      'master.cf.fragment 644',
      'relay_domains 644',
      'tenants/contoso/chain.pem 600',
      'tenants/fabrikam/chain.pem 600',
      'tenants/northwind/chain.pem 600',
      'tls_policy 644',
      'transport 644',
    ]);
    expect((fs.statSync(path.join(out, 'tenants', 'contoso')).mode & 0o777).toString(8)).toBe('700');
    expect(report.written).toHaveLength(8);
    expect(lines.join('\n')).toContain('[gateway Postfix] wrote the Postfix files of 3 tenant(s)');
    expect(fs.readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('a re-sync without the tenant removes its files only; a foreign file is never touched', async () => {
    fs.writeFileSync(path.join(out, 'README.local'), 'mine');
    const report = await postfixAdapter.sync(filesDocument(out, SAMPLE_TENANTS.filter((t) => t.name !== 'Fabrikam')), ctx);
    expect(report.removed).toEqual([path.join(out, 'tenants', 'fabrikam', 'chain.pem')]);
    expect(fs.existsSync(path.join(out, 'tenants', 'fabrikam'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'transport'), 'utf8')).not.toContain('fabrikam');
    expect(fs.readFileSync(path.join(out, 'README.local'), 'utf8')).toBe('mine');
  });

  test('refuses to overwrite a file it did not write, and a folder of another gateway', async () => {
    const other = path.join(base, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'transport'), 'hand made');
    await expect(postfixAdapter.sync(filesDocument(other), ctx)).rejects.toThrow(/transport exists and was not written by this library/);
    expect(fs.readFileSync(path.join(other, 'transport'), 'utf8')).toBe('hand made');
    const doc = filesDocument(out);
    await expect(postfixAdapter.sync({ ...doc, gateway: { ...doc.gateway, fqdn: 'other.provider.example' } }, ctx)).rejects.toThrow(/holds the files of the gateway securemail.provider.example/);
  });

  test('a failing certificate stops the sync before any file changes', async () => {
    const before = fs.readFileSync(path.join(out, 'transport'), 'utf8');
    const broken = SAMPLE_TENANTS.map((t) => (t.name === 'Northwind' ? { ...t, certificate: { ...t.certificate, keyFile: '/nonexistent/key.pem' } } : t));
    await expect(postfixAdapter.sync(filesDocument(out, broken), ctx)).rejects.toThrow(/tenant 'Northwind': cannot read the private key file/);
    expect(fs.readFileSync(path.join(out, 'transport'), 'utf8')).toBe(before);
  });

  test('teardown removes exactly what the library wrote; the folder stays while it holds other files; it is idempotent', async () => {
    const report = await postfixAdapter.teardown({ ...filesDocument(out), tenants: [] }, ctx);
    expect(tree(out)).toEqual(['README.local 644']);
    expect(report.removed.length).toBe(8);
    fs.rmSync(out, { recursive: true });
    await postfixAdapter.sync(filesDocument(out), ctx);
    await postfixAdapter.teardown({ ...filesDocument(out), tenants: [] }, ctx);
    expect(fs.existsSync(out)).toBe(false); // the library created it, so it goes when empty
    await expect(postfixAdapter.teardown({ ...filesDocument(out), tenants: [] }, ctx)).resolves.toMatchObject({ removed: [] });
  });

  test('the apply-time program reads the document from one variable or from parts', async () => {
    const text = asciiJson(filesDocument(out));
    const parts: NodeJS.ProcessEnv = { EXO_GATEWAY_DOCUMENT_PARTS: '3' };
    const size = Math.ceil(text.length / 3);
    for (let i = 0; i < 3; i++) parts[`EXO_GATEWAY_DOCUMENT_${i + 1}`] = text.slice(i * size, (i + 1) * size);
    expect(DOCUMENT_PART_LENGTH).toBeLessThanOrEqual((128 * 1024) / 4);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['gateway-sync'], { ...process.env, ...parts })).toBe(0);
      expect(tree(out)).toHaveLength(9);
      expect(await main(['gateway-teardown'], { ...process.env, EXO_GATEWAY_DOCUMENT: text })).toBe(0);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      log.mockRestore();
    }
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['gateway-sync'], { ...process.env, EXO_GATEWAY_DOCUMENT: '{"schema":"x"}' })).toBe(1);
      expect(err.mock.calls.flat().join(' ')).toMatch(/GatewayDeploymentError: EXO_GATEWAY_DOCUMENT is not a gateway document/);
    } finally {
      err.mockRestore();
    }
  });
});
