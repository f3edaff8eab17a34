import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openProcessSession } from '../../lib/runtime/session-client';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-session-client-'));
function fake(name: string, body: string): string {
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(file, body);
  return file;
}
const FAST = { connectSeconds: 1, requestSeconds: 1 };

describe('openProcessSession', () => {
  test('a session that never says hello is stopped and reported, not waited for', async () => {
    const script = fake('silent', 'setInterval(() => {}, 1000);');
    const started = Date.now();
    const s = await openProcessSession(process.execPath, [script], process.env, 'Contoso', FAST);
    expect(s.hello).toMatchObject({ type: 'fatal', error: { type: 'SessionTimeout', message: expect.stringContaining('no hello (connect) within 1 s') } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a request that gets no reply times out, and close still returns', async () => {
    const script = fake('mute', `process.stdout.write(JSON.stringify({ type: 'ready', tenantId: 't' }) + '\\n'); process.stdin.on('data', () => {}); setInterval(() => {}, 1000);`);
    const s = await openProcessSession(process.execPath, [script], process.env, 'Contoso', FAST);
    expect(s.hello.type).toBe('ready');
    const r = await s.read('Get-InboundConnector', { ResultSize: 'Unlimited' });
    expect(r).toMatchObject({ ok: false, error: { type: 'SessionTimeout', message: expect.stringContaining('no reply to request 1 within 1 s') } });
    await s.close();
  });

  test('lines that are not JSON (a banner) are skipped; a broken JSON hello is an error and the process is stopped', async () => {
    const banner = fake('banner', `console.log('Welcome to the module'); console.log(JSON.stringify({ type: 'ready', tenantId: 't' })); process.stdin.on('data', (d) => { for (const l of String(d).split('\\n').filter(Boolean)) { const r = JSON.parse(l); if (r.op === 'close') process.exit(0); console.log(JSON.stringify({ id: r.id, ok: true, result: [] })); } });`);
    const s = await openProcessSession(process.execPath, [banner], process.env, 'Contoso', FAST);
    expect(s.hello).toMatchObject({ type: 'ready', tenantId: 't' });
    expect(await s.read('Get-TransportRule', {})).toMatchObject({ ok: true, result: [] });
    await s.close();
    const broken = fake('broken', `console.log('{not json'); setInterval(() => {}, 1000);`);
    await expect(openProcessSession(process.execPath, [broken], process.env, 'Contoso', FAST)).rejects.toThrow(/not JSON/);
  });
});
