/**
 * The rendered configuration against the real Postfix (Debian's, installed by .ci/run), in a
 * private configuration and queue folder: never /etc/postfix, never the system instance.
 * Where Postfix is missing the tests are skipped, except in CI (CI=true), where they fail.
 */
import { MASTER_CF } from '../helpers/postfix-instance';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultContext } from '../../lib/gateways/adapter';
import { postfixAdapter } from '../../lib/gateways/postfix/adapter';
import { filesDocument, findPostfixTool, hostDocument, PKI, SAMPLE_TENANTS } from './helpers';

const postconf = findPostfixTool('postconf');
const postfix = findPostfixTool('postfix');
const postmap = findPostfixTool('postmap');
const isRoot = process.getuid?.() === 0;

/** A master.cf without inet services and without chroot: nothing listens, nothing needs a jail. */

/** A private Postfix instance: its own main.cf, master.cf, queue and data folders. */
function privateInstance(base: string, extraMain = ''): string {
  const cfg = path.join(base, 'config');
  fs.mkdirSync(cfg, { recursive: true });
  fs.mkdirSync(path.join(base, 'queue'));
  fs.mkdirSync(path.join(base, 'data'));
  fs.writeFileSync(
    path.join(cfg, 'main.cf'),
    [
      '# private test instance of cdktf-exo-gateway',
      'compatibility_level = 3.6',
      `queue_directory = ${path.join(base, 'queue')}`,
      `data_directory = ${path.join(base, 'data')}`,
      'syslog_name = postfix-exo-gateway-test',
      'inet_interfaces = loopback-only',
      'inet_protocols = ipv4',
      'mydestination =',
      'myhostname = securemail.provider.example',
      extraMain,
    ].join('\n') + '\n',
  );
  fs.writeFileSync(path.join(cfg, 'master.cf'), MASTER_CF);
  // The instance's processes run as the postfix user: they must reach the folders, and own the data folder.
  fs.chmodSync(base, 0o755);
  const uid = Number(run('id', ['-u', 'postfix']).stdout.trim());
  if (uid > 0) fs.chownSync(path.join(base, 'data'), uid, -1);
  return cfg;
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const available = Boolean(postconf && postfix && postmap);
if (!available && process.env.CI) {
  test('Postfix is installed in CI (.ci/run installs Debian postfix)', () => {
    throw new Error('postconf/postfix/postmap not found on PATH or in /usr/sbin; .ci/run must install postfix');
  });
}
if (available && !isRoot && process.env.CI) {
  test('the Postfix checks run as root in CI', () => {
    throw new Error('postfix check needs root');
  });
}
const describePostfix = available && isRoot ? describe : describe.skip;

describePostfix('the rendered configuration passes the real Postfix', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-postfix-check-'));
  const cfg = privateInstance(base);
  const dir = path.join(cfg, 'cdktf-exo-gateway');
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  beforeAll(async () => {
    await postfixAdapter.sync(filesDocument(dir, SAMPLE_TENANTS, dir), defaultContext(process.env, () => undefined));
    // What configuration management does on the gateway: merge the fragments, postmap the tables.
    fs.appendFileSync(path.join(cfg, 'main.cf'), fs.readFileSync(path.join(dir, 'main.cf.fragment')));
    fs.appendFileSync(path.join(cfg, 'master.cf'), fs.readFileSync(path.join(dir, 'master.cf.fragment')));
    for (const t of ['transport', 'tls_policy', 'relay_domains']) {
      const r = run(postmap!, ['-c', cfg, `hash:${path.join(dir, t)}`]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
    }
  });

  test('postfix check passes without a warning', () => {
    const r = run(postfix!, ['-c', cfg, 'check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const n = run(postconf!, ['-c', cfg, '-n']);
    expect(n.stderr).toBe('');
  });

  test('postconf reads the settings: no client certificate by default, one per tenant transport', () => {
    expect(run(postconf!, ['-c', cfg, '-h', 'smtp_tls_security_level', 'smtp_tls_chain_files', 'smtp_tls_cert_file']).stdout).toBe('may\n\n\n');
    expect(run(postconf!, ['-c', cfg, '-P', 't-northwind/unix/smtp_tls_chain_files']).stdout.trim()).toBe(`t-northwind/unix/smtp_tls_chain_files = ${dir}/tenants/northwind/chain.pem`);
    expect(run(postconf!, ['-c', cfg, '-P', 't-contoso/unix/smtp_tls_security_level']).stdout.trim()).toBe('t-contoso/unix/smtp_tls_security_level = secure');
  });

  test('the tables route each managed domain to its tenant transport and require verified TLS there', () => {
    expect(run(postmap!, ['-c', cfg, '-q', 'contoso.ch', `hash:${dir}/transport`]).stdout.trim()).toBe('t-contoso:[contoso-com.mail.protection.outlook.com]');
    expect(run(postmap!, ['-c', cfg, '-q', 'fabrikam.com', `hash:${dir}/transport`]).stdout.trim()).toBe('t-fabrikam:[fabrikam-com.mail.protection.outlook.com]');
    expect(run(postmap!, ['-c', cfg, '-q', '[northwind-com.mail.protection.outlook.com]', `hash:${dir}/tls_policy`]).stdout.trim()).toBe('secure match=.mail.protection.outlook.com');
    expect(run(postmap!, ['-c', cfg, '-q', 'northwind.com', `hash:${dir}/relay_domains`]).stdout.trim()).toBe('OK');
    expect(run(postmap!, ['-c', cfg, '-q', 'example.org', `hash:${dir}/transport`]).code).toBe(1);
  });

  test.each(['contoso', 'fabrikam', 'northwind'])('the chain file of %s is a client certificate that verifies to the test root', (name) => {
    const chain = path.join(dir, 'tenants', name, 'chain.pem');
    const r = run('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', path.join(PKI, 'root.pem'), '-untrusted', chain, chain]);
    expect(r.stdout.trim()).toBe(`${chain}: OK`);
    expect(run('openssl', ['pkey', '-in', chain, '-noout']).code).toBe(0);
  });
});

describePostfix('postfix-host delivery on a private Postfix instance', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-postfix-host-'));
  const cfg = privateInstance(base, 'relay_domains = legacy.example');
  const lines: string[] = [];
  const ctx = defaultContext(process.env, (l) => lines.push(l));
  const running = () => run(postfix!, ['-c', cfg, 'status']).code === 0;
  const services = () => run(postconf!, ['-c', cfg, '-M']).stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter((s) => s.startsWith('t-'));

  afterAll(() => {
    if (running()) run(postfix!, ['-c', cfg, 'stop']);
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('sync writes, postmaps, changes main.cf and master.cf with postconf, checks and starts the instance', async () => {
    expect(running()).toBe(false);
    const report = await postfixAdapter.sync(hostDocument(cfg, SAMPLE_TENANTS), ctx);
    expect(services()).toEqual(['t-contoso', 't-fabrikam', 't-northwind']);
    expect(run(postconf!, ['-c', cfg, '-h', 'relay_domains']).stdout.trim()).toBe(`hash:${cfg}/cdktf-exo-gateway/relay_domains`);
    expect(fs.existsSync(path.join(cfg, 'cdktf-exo-gateway', 'transport.db'))).toBe(true);
    expect((fs.statSync(path.join(cfg, 'cdktf-exo-gateway', 'tenants', 'contoso', 'chain.pem')).mode & 0o777).toString(8)).toBe('600');
    expect(report.commands.some((c) => c.endsWith(`-c ${cfg} check`))).toBe(true);
    expect(lines.join('\n')).toContain("main.cf: relay_domains was 'legacy.example'");
    expect(running()).toBe(true);
    expect(run(postfix!, ['-c', cfg, 'check'])).toMatchObject({ code: 0, stderr: '' });
  });

  test('a re-sync without a tenant removes its service and files, and reloads', async () => {
    const report = await postfixAdapter.sync(hostDocument(cfg, SAMPLE_TENANTS.filter((t) => t.name !== 'Fabrikam')), ctx);
    expect(services()).toEqual(['t-contoso', 't-northwind']);
    expect(fs.existsSync(path.join(cfg, 'cdktf-exo-gateway', 'tenants', 'fabrikam'))).toBe(false);
    expect(report.commands.some((c) => c.endsWith(`-c ${cfg} reload`))).toBe(true);
    expect(running()).toBe(true);
  });

  test('a service of the same name that the library did not add stops the sync before any change', async () => {
    run(postconf!, ['-c', cfg, '-M', 't-fabrikam/unix=t-fabrikam unix - - n - - smtp']);
    await expect(postfixAdapter.sync(hostDocument(cfg, SAMPLE_TENANTS), ctx)).rejects.toThrow(/already has a service t-fabrikam that the library did not add/);
    run(postconf!, ['-c', cfg, '-MX', 't-fabrikam/unix']);
  });

  test('a different queue directory is refused before any change', async () => {
    const doc = hostDocument(cfg, SAMPLE_TENANTS);
    const other = { ...doc, deployment: { ...doc.deployment, queueDir: '/var/spool/postfix' } };
    await expect(postfixAdapter.sync(other, ctx)).rejects.toThrow(/has queue_directory .* not \/var\/spool\/postfix; nothing was changed/);
  });

  test('teardown removes the services, restores main.cf, removes the files, and reloads', async () => {
    const report = await postfixAdapter.teardown({ ...hostDocument(cfg), tenants: [] }, ctx);
    expect(services()).toEqual([]);
    expect(run(postconf!, ['-c', cfg, '-n', 'relay_domains']).stdout.trim()).toBe('relay_domains = legacy.example');
    expect(run(postconf!, ['-c', cfg, '-n', 'transport_maps', 'smtp_tls_chain_files']).stdout.trim()).toBe('');
    expect(fs.existsSync(path.join(cfg, 'cdktf-exo-gateway'))).toBe(false);
    expect(report.commands.some((c) => c.endsWith(`-c ${cfg} reload`))).toBe(true);
    expect(run(postfix!, ['-c', cfg, 'check'])).toMatchObject({ code: 0, stderr: '' });
  });
});
