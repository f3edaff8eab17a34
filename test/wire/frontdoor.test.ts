/**
 * The stand-in Exchange Online front door attributes connections like Exchange Online does.
 * (The Postfix scenarios that use it are in test/wire/postfix-*.test.ts.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import { ExoSimBackend } from '../../lib/runtime/simulator/backend';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { ExoFrontDoor } from '../helpers/exo-frontdoor';

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');
const PORT = 25870 + (process.pid % 100);

function connector(backend: ExoSimBackend, org: string, certificateName: string) {
  backend.invoke(org, 'New-InboundConnector', { Name: 'CBC from gateway', ConnectorType: 'OnPremises', SenderDomains: ['*'], TlsSenderCertificateName: certificateName, RequireTls: true });
}

async function send(clientCert: string | undefined, to: string, subject: string, host = '127.0.0.1') {
  const transport = nodemailer.createTransport({
    host,
    port: PORT,
    secure: false,
    requireTLS: true,
    ignoreTLS: false,
    tls: {
      rejectUnauthorized: false,
      ...(clientCert ? { cert: fs.readFileSync(path.join(PKI, `${clientCert}.pem`)), key: fs.readFileSync(path.join(PKI, `${clientCert}.key.pem`)) } : {}),
    },
  } as any);
  try {
    return await transport.sendMail({ from: 'alice@sender.example', to, subject, text: 'hello' });
  } finally {
    transport.close();
  }
}

describe('stand-in Exchange Online front door', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-frontdoor-'));
  const store = new SimulatorStore(dir);
  const backend = new ExoSimBackend(store);
  const door = new ExoFrontDoor(store);

  beforeAll(async () => {
    store.seedTenant({ organization: 'contoso.onmicrosoft.com', tenantId: '00000000-0000-4000-8000-000000000001', acceptedDomains: ['contoso.com'] });
    store.seedTenant({ organization: 'fabrikam.onmicrosoft.com', tenantId: '00000000-0000-4000-8000-000000000002', acceptedDomains: ['fabrikam.com'] });
    connector(backend, 'contoso.onmicrosoft.com', 'seppmail.contoso.com');
    connector(backend, 'fabrikam.onmicrosoft.com', 'seppmail.fabrikam.com');
    await door.start([
      { host: '127.0.0.1', port: PORT },
      { host: '127.0.0.2', port: PORT, internet: true },
    ]);
  });
  afterAll(async () => {
    await door.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a certificate matching a tenant connector attributes the message to that tenant and connector', async () => {
    await send('contoso', 'bob@contoso.com', 'cbc');
    const r = door.records.find((x) => x.subject === 'cbc')!;
    expect(r).toMatchObject({ tenant: 'contoso.onmicrosoft.com', connector: 'CBC from gateway', rcptTo: ['bob@contoso.com'] });
    expect(r.presented!.names).toContain('seppmail.contoso.com');
  });

  test('no client certificate: anonymous Internet mail of the recipient\'s tenant', async () => {
    await send(undefined, 'carol@fabrikam.com', 'anonymous');
    expect(door.records.find((x) => x.subject === 'anonymous')).toMatchObject({ tenant: 'fabrikam.onmicrosoft.com', connector: null, presented: null });
  });

  test('a relay that no connector attributes is refused with 550 5.7.64', async () => {
    await expect(send(undefined, 'dave@elsewhere.example', 'relay')).rejects.toThrow(/5\.7\.64 TenantAttribution; Relay Access Denied/);
    await expect(send('other-name', 'dave@elsewhere.example', 'relay2')).rejects.toThrow(/5\.7\.64/);
  });

  test('a relay from a certificate-matched connector is accepted and attributed to that tenant', async () => {
    await send('contoso', 'erin@elsewhere.example', 'relay-ok');
    expect(door.records.find((x) => x.subject === 'relay-ok')).toMatchObject({ tenant: 'contoso.onmicrosoft.com', connector: 'CBC from gateway' });
  });

  test('a certificate of one tenant sent to another tenant\'s recipient is processed in the first tenant', async () => {
    await send('contoso', 'frank@fabrikam.com', 'cross');
    expect(door.records.find((x) => x.subject === 'cross')).toMatchObject({ tenant: 'contoso.onmicrosoft.com' });
  });

  test('temporary refusals answer 451 and then recover', async () => {
    door.failTemporarily(1);
    await expect(send('contoso', 'bob@contoso.com', 'busy')).rejects.toThrow(/451/);
    await send('contoso', 'bob@contoso.com', 'after-busy');
    expect(door.records.some((x) => x.subject === 'after-busy')).toBe(true);
    expect(door.records.some((x) => x.subject === 'busy')).toBe(false);
  });

  test('an Internet listener accepts any recipient, attributes nothing and records what was presented', async () => {
    await send(undefined, 'dave@elsewhere.example', 'internet-anonymous', '127.0.0.2');
    await send('contoso', 'bob@contoso.com', 'internet-cert', '127.0.0.2');
    expect(door.records.find((x) => x.subject === 'internet-anonymous')).toMatchObject({ listener: `127.0.0.2:${PORT}`, tenant: null, connector: null, presented: null });
    const withCert = door.records.find((x) => x.subject === 'internet-cert')!;
    expect(withCert).toMatchObject({ tenant: null, connector: null });
    expect(withCert.presented!.names).toContain('seppmail.contoso.com');
  });

  test('each record names its SMTP session and arrival time', async () => {
    const before = Date.now();
    await send('contoso', 'bob@contoso.com', 'session-a');
    await send('contoso', 'bob@contoso.com', 'session-b');
    const a = door.records.find((x) => x.subject === 'session-a')!;
    const b = door.records.find((x) => x.subject === 'session-b')!;
    expect(a.connection).not.toBe(b.connection);
    expect(a.receivedAt).toBeGreaterThanOrEqual(before);
    expect(b.receivedAt).toBeGreaterThanOrEqual(a.receivedAt);
  });
});
