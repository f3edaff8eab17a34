/**
 * Synth-time inspection of the public certificate uploaded to an app registration
 * (`azuread_application_certificate`). Only the public part may enter Terraform: a file that
 * holds a private key is refused, whatever else it holds.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppCertificateFacts } from '../core/fleet';

/** The facts, and the certificate as PEM when it is usable. */
export interface InspectedAppCertificate {
  readonly facts: AppCertificateFacts;
  /** The certificate (the first one in the file) as PEM; undefined when the file is unusable. */
  readonly pem?: string;
}

const PRIVATE_KEY_PEM = /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY)-----/;
const CERTIFICATE_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** RFC 3339 without fractional seconds, as the azuread provider's date arguments expect. */
export function rfc3339(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** True for a DER PKCS#12 archive: SEQUENCE { INTEGER 3, SEQUENCE ... } (RFC 7292 PFX, version 3). */
function isPkcs12(bytes: Buffer): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30) return false;
  const lengthBytes = bytes[1] & 0x80 ? bytes[1] & 0x7f : 0;
  const at = 2 + lengthBytes;
  return bytes[at] === 0x02 && bytes[at + 1] === 0x01 && bytes[at + 2] === 0x03 && bytes[at + 3] === 0x30;
}

function derPrivateKey(bytes: Buffer): string | undefined {
  if (isPkcs12(bytes)) return 'a PKCS#12 (PFX) archive, which carries the private key';
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: bytes, format: 'der', type });
      return `a DER ${type.toUpperCase()} private key`;
    } catch {
      // not this kind of key
    }
  }
  return undefined;
}

/**
 * Reads `file` (relative paths from the current directory, i.e. the cdktf app) and reports
 * what it is. `now` is the time the certificate is judged at.
 */
export function inspectAppCertificate(file: string, now: Date = new Date()): InspectedAppCertificate {
  const checkedAt = now.toISOString();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(file));
  } catch (e) {
    return { facts: { file, checkedAt, problem: 'unreadable', detail: (e as Error).message } };
  }
  const text = bytes.toString('latin1');
  const keyBlock = PRIVATE_KEY_PEM.exec(text);
  if (keyBlock) {
    return { facts: { file, checkedAt, problem: 'private-key', detail: `a PEM block '${keyBlock[1]}'` } };
  }
  const pemBlock = CERTIFICATE_PEM.exec(text);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pemBlock ? Buffer.from(pemBlock[0], 'latin1') : bytes);
  } catch (e) {
    const key = pemBlock ? undefined : derPrivateKey(bytes);
    if (key) return { facts: { file, checkedAt, problem: 'private-key', detail: key } };
    const detail = pemBlock ? `its CERTIFICATE block does not parse (${(e as Error).message})` : 'it holds neither a PEM CERTIFICATE block nor a DER certificate';
    return { facts: { file, checkedAt, problem: 'not-a-certificate', detail } };
  }
  return {
    pem: cert.toString(),
    facts: {
      file,
      checkedAt,
      subject: cert.subject.replace(/\n/g, ', '),
      fingerprint: cert.fingerprint256,
      validFrom: new Date(cert.validFrom).toISOString(),
      validTo: new Date(cert.validTo).toISOString(),
    },
  };
}
