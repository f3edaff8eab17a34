/**
 * Throw-away certificates for the simulated Exchange Online served over HTTPS: a CA made fresh
 * for each state folder, the loopback server certificate it signs, and stand-in app certificates
 * for apps whose real certificate is not on this machine. Nothing here is ever trusted outside
 * the simulator: the CA is trusted only by processes told to (EXO_GATEWAY_CA_FILE).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as forge from 'node-forge';

/** A key pair and its certificate, PEM-encoded. */
export interface PemPair {
  readonly keyPem: string;
  readonly certPem: string;
}

function newKeyPem(): string {
  return crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function certificate(subjectCn: string, keyPem: string, issuer: { cn: string; keyPem: string } | undefined, extensions: object[], days: number): string {
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  cert.setIssuer([{ name: 'commonName', value: issuer?.cn ?? subjectCn }]);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuer?.keyPem ?? keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** The CA and the server certificate (127.0.0.1, ::1, localhost) of a simulator state folder, made once. */
export function loopbackPki(dir: string): { ca: PemPair; server: PemPair; caFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, 'ca.pem');
  const files = { caKey: path.join(dir, 'ca-key.pem'), serverKey: path.join(dir, 'server-key.pem'), serverCert: path.join(dir, 'server.pem') };
  if (![caFile, ...Object.values(files)].every((f) => fs.existsSync(f))) {
    const cn = 'cdktf-exo-gateway simulator CA (throw-away)';
    const caKey = newKeyPem();
    const caCert = certificate(cn, caKey, undefined, [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }], 365);
    const serverKey = newKeyPem();
    const serverCert = certificate('localhost', serverKey, { cn, keyPem: caKey }, [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ], 365);
    fs.writeFileSync(files.caKey, caKey, { mode: 0o600 });
    fs.writeFileSync(files.serverKey, serverKey, { mode: 0o600 });
    fs.writeFileSync(files.serverCert, serverCert);
    fs.writeFileSync(caFile, caCert);
  }
  return {
    ca: { keyPem: fs.readFileSync(files.caKey, 'utf8'), certPem: fs.readFileSync(caFile, 'utf8') },
    server: { keyPem: fs.readFileSync(files.serverKey, 'utf8'), certPem: fs.readFileSync(files.serverCert, 'utf8') },
    caFile,
  };
}

/** A self-signed app certificate (what `New-SelfSignedCertificate` makes for an Entra app), key and certificate in one PEM. */
export function newAppCertificate(appId: string, days = 30): PemPair {
  const keyPem = newKeyPem();
  const certPem = certificate(`exo-gateway simulated app ${appId}`, keyPem, undefined, [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, critical: true }], days);
  return { keyPem, certPem };
}
