/// <reference lib="dom" />
/**
 * Generates the committed test PKI under test/fixtures/pki/: a root, an intermediate and leaves
 * with and without the properties the certificate rules check. Keys are throw-away test keys.
 * Dates are relative to the generation time written to manifest.json; tests evaluate the
 * certificates "as of" that time plus one day, so the fixtures never age.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json scripts/make-test-pki.ts
 *
 * PFX files are written with the openssl CLI (modern AES-256 and -legacy RC2/3DES).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const OUT = path.resolve(__dirname, '..', 'test', 'fixtures', 'pki');
const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 86_400_000;
const now = new Date(Math.floor(Date.now() / 1000) * 1000);

interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

async function keys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

async function ca(name: string, issuer: Issued | undefined, serial: string): Promise<Issued> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${name}, O=cdktf-exo-gateway test PKI`,
    issuer: issuer ? issuer.cert.subject : `CN=${name}, O=cdktf-exo-gateway test PKI`,
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    signingAlgorithm: ALG,
    publicKey: k.publicKey,
    signingKey: (issuer ?? { keys: k }).keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, issuer ? 0 : 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(k.publicKey),
    ],
  });
  return { cert, keys: k };
}

interface LeafSpec {
  file: string;
  cn: string;
  sans: string[];
  notBeforeDays?: number;
  notAfterDays: number;
  clientAuth?: boolean;
  revocation?: boolean;
  selfSigned?: boolean;
}

async function leaf(spec: LeafSpec, issuer: Issued, serial: string): Promise<Issued> {
  const k = await keys();
  const eku = [x509.ExtendedKeyUsage.serverAuth, ...(spec.clientAuth === false ? [] : [x509.ExtendedKeyUsage.clientAuth])];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension(eku),
    new x509.SubjectAlternativeNameExtension(spec.sans.map((value) => ({ type: 'dns' as const, value }))),
  ];
  if (spec.revocation !== false && !spec.selfSigned) {
    extensions.push(new x509.CRLDistributionPointsExtension(['http://crl.test-pki.invalid/intermediate.crl']));
    extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: ['http://ocsp.test-pki.invalid'], caIssuers: ['http://ca.test-pki.invalid/intermediate.cer'] }));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${spec.cn}`,
    issuer: spec.selfSigned ? `CN=${spec.cn}` : issuer.cert.subject,
    notBefore: new Date(now.getTime() + (spec.notBeforeDays ?? -30) * DAY),
    notAfter: new Date(now.getTime() + spec.notAfterDays * DAY),
    signingAlgorithm: ALG,
    publicKey: k.publicKey,
    signingKey: spec.selfSigned ? k.privateKey : issuer.keys.privateKey,
    extensions,
  });
  return { cert, keys: k };
}

async function keyPem(k: CryptoKeyPair): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', k.privateKey as unknown as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n`;
}

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(OUT, name), text);
  const root = await ca('Test Root CA', undefined, '01');
  const inter = await ca('Test Issuing CA', root, '02');
  write('root.pem', root.cert.toString('pem') + '\n');
  write('intermediate.pem', inter.cert.toString('pem') + '\n');

  const leaves: LeafSpec[] = [
    { file: 'contoso', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 365 },
    { file: 'fabrikam-wildcard', cn: '*.fabrikam.com', sans: ['*.fabrikam.com'], notAfterDays: 365 },
    { file: 'gateway', cn: 'securemail.provider.example', sans: ['securemail.provider.example'], notAfterDays: 365 },
    { file: 'expired', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notBeforeDays: -400, notAfterDays: -10 },
    { file: 'expiring-20d', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 21 },
    { file: 'expiring-3d', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 4 },
    { file: 'no-client-auth', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 365, clientAuth: false },
    { file: 'no-revocation', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 365, revocation: false },
    { file: 'self-signed', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 365, selfSigned: true },
    { file: 'other-name', cn: 'mail.northwind.com', sans: ['mail.northwind.com'], notAfterDays: 365 },
    { file: 'fabrikam', cn: 'seppmail.fabrikam.com', sans: ['seppmail.fabrikam.com'], notAfterDays: 365 },
    { file: 'tailspin', cn: 'seppmail.tailspintoys.com', sans: ['seppmail.tailspintoys.com'], notAfterDays: 365 },
    { file: 'contoso-rotated', cn: 'seppmail.contoso.com', sans: ['seppmail.contoso.com'], notAfterDays: 730 },
    { file: 'exo-frontdoor', cn: 'mail.protection.outlook.com', sans: ['*.mail.protection.outlook.com', 'mail.protection.outlook.com'], notAfterDays: 3650 },
  ];
  let serial = 16;
  for (const spec of leaves) {
    const l = await leaf(spec, inter, (serial++).toString(16));
    const key = await keyPem(l.keys);
    const chain = spec.selfSigned ? l.cert.toString('pem') + '\n' : `${l.cert.toString('pem')}\n${inter.cert.toString('pem')}\n`;
    write(`${spec.file}.pem`, chain);
    write(`${spec.file}.key.pem`, key);
    if (spec.file === 'contoso') {
      write('contoso-leaf-only.pem', l.cert.toString('pem') + '\n');
      const pfx = (extra: string[], out: string) =>
        execFileSync('openssl', ['pkcs12', '-export', ...extra, '-inkey', path.join(OUT, 'contoso.key.pem'), '-in', path.join(OUT, 'contoso.pem'), '-out', path.join(OUT, out), '-passout', 'pass:test-pfx-password']);
      pfx(['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'], 'contoso-modern.pfx');
      pfx(['-legacy'], 'contoso-legacy.pfx');
    }
  }
  write('manifest.json', `${JSON.stringify({ generated: now.toISOString(), pfxPassword: 'test-pfx-password', note: 'throw-away test PKI; evaluate as of generated + 1 day' }, undefined, 2)}\n`);
  process.stdout.write(`test PKI written to ${OUT}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
