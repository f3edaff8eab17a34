/**
 * Certificate inspection at synth time: load a PEM (leaf + chain) or PFX/PKCS#12 file, read the
 * facts the rules need (names, validity, issuer, EKU, CRL distribution points, OCSP and CA-Issuers
 * URLs), and build the chain from the leaf to a trusted root, checking each link's signature and
 * dates. The result is plain data for the rules (lib/core/rules/certificate-*.ts).
 *
 * node:crypto parses and verifies; @peculiar/x509 reads the CRL distribution points, which
 * node:crypto does not expose; node-forge decrypts PKCS#12 (modern and legacy RC2/3DES), which
 * Node's own TLS loader rejects without the legacy provider.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { rootCertificates } from 'node:tls';
import type * as Px509 from '@peculiar/x509';
import type * as Forge from 'node-forge';
import { CertificateFacts, CertificateLoad, CertificateReference, InspectedCertificate } from './certificate-types';

// The two libraries are loaded on first use, so that a synth with no certificate file (names
// only) never pays for loading them.
let px509Module: typeof Px509 | undefined;
let forgeModule: typeof Forge | undefined;
function px509(): typeof Px509 {
  if (!px509Module) {
    require('reflect-metadata'); // @peculiar/x509 needs it loaded first
    px509Module = require('@peculiar/x509') as typeof Px509;
  }
  return px509Module;
}
function forgeLib(): typeof Forge {
  forgeModule ??= require('node-forge') as typeof Forge;
  return forgeModule;
}

export * from './certificate-types';

export const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function infoAccess(cert: X509Certificate, label: string): string[] {
  const text = cert.infoAccess ?? '';
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = line.match(new RegExp(`^${label} - URI:(.+)$`));
    if (m) out.push(m[1].trim());
  }
  return out;
}

function crlUrls(der: Buffer): string[] {
  try {
    const x509 = px509();
    const cert = new x509.X509Certificate(new Uint8Array(der));
    const ext = cert.getExtension(x509.CRLDistributionPointsExtension);
    if (!ext) return [];
    const out: string[] = [];
    for (const dp of ext.distributionPoints) {
      for (const name of dp.distributionPoint?.fullName ?? []) {
        if (name.uniformResourceIdentifier) out.push(name.uniformResourceIdentifier);
      }
    }
    return out;
  } catch {
    return [];
  }
}

function dnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).trim());
}

/** Reads the facts of one certificate. */
export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3);
  const selfIssued = cert.subject === cert.issuer;
  let selfSigned = false;
  if (selfIssued) {
    try {
      selfSigned = cert.verify(cert.publicKey);
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    commonName: cn,
    dnsNames: dnsNames(cert),
    issuer: cert.issuer.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint: cert.fingerprint256,
    extendedKeyUsage: cert.keyUsage ?? [],
    crlUrls: crlUrls(cert.raw),
    ocspUrls: infoAccess(cert, 'OCSP'),
    caIssuerUrls: infoAccess(cert, 'CA Issuers'),
    selfSigned,
    isCa: cert.ca,
  };
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function validAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}

let bundledRoots: X509Certificate[] | undefined;

/** Node's bundled Mozilla roots, parsed once. */
export function nodeTrustedRoots(): X509Certificate[] {
  bundledRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return bundledRoots;
}

/** Parses PEM text into certificates (for user-supplied roots). */
export function parsePemCertificates(text: string): X509Certificate[] {
  return splitPem(text).map((p) => new X509Certificate(p));
}

/**
 * Builds the chain leaf -> intermediates (from the file) -> a trusted root and inspects it.
 * The leaf's own dates are left to the expiry rules; intermediates must be valid `at`.
 */
export function inspectChain(source: string, certs: X509Certificate[], trustedRoots: X509Certificate[], at: Date): InspectedCertificate {
  const [leaf, ...rest] = certs;
  const leafFacts = certificateFacts(leaf);
  const chain: CertificateFacts[] = [leafFacts];
  if (leafFacts.selfSigned) {
    const trusted = trustedRoots.some((r) => r.fingerprint256 === leaf.fingerprint256);
    return { source, leaf: leafFacts, chain, chainStatus: trusted ? 'complete' : 'self-signed' };
  }
  let current = leaf;
  const used = new Set<string>([leaf.fingerprint256]);
  for (let depth = 0; depth < 10; depth++) {
    const root = trustedRoots.find((r) => issues(r, current));
    if (root) {
      chain.push(certificateFacts(root));
      if (!validAt(root, at)) {
        return { source, leaf: leafFacts, chain, chainStatus: 'invalid-link', chainDetail: `the root '${root.subject.replace(/\n/g, ', ')}' is not valid on ${at.toISOString().slice(0, 10)}` };
      }
      return { source, leaf: leafFacts, chain, chainStatus: 'complete' };
    }
    const next = rest.find((c) => !used.has(c.fingerprint256) && issues(c, current));
    if (!next) {
      const sameName = rest.find((c) => c.subject === current.issuer);
      if (sameName) {
        return { source, leaf: leafFacts, chain, chainStatus: 'invalid-link', chainDetail: `'${sameName.subject.replace(/\n/g, ', ')}' has the issuer's name but did not sign '${current.subject.replace(/\n/g, ', ')}'` };
      }
      const selfSignedTop = current !== leaf && current.subject === current.issuer;
      return selfSignedTop
        ? { source, leaf: leafFacts, chain, chainStatus: 'untrusted-root', chainDetail: `the chain ends at '${current.subject.replace(/\n/g, ', ')}', which is not a trusted root` }
        : { source, leaf: leafFacts, chain, chainStatus: 'missing-intermediate', chainDetail: `no certificate of '${current.issuer.replace(/\n/g, ', ')}' (the issuer of '${current.subject.replace(/\n/g, ', ')}') is in the file, and it is not a trusted root` };
    }
    used.add(next.fingerprint256);
    chain.push(certificateFacts(next));
    if (!validAt(next, at)) {
      return { source, leaf: leafFacts, chain, chainStatus: 'invalid-link', chainDetail: `the intermediate '${next.subject.replace(/\n/g, ', ')}' is not valid on ${at.toISOString().slice(0, 10)}` };
    }
    if (!next.ca) {
      return { source, leaf: leafFacts, chain, chainStatus: 'invalid-link', chainDetail: `'${next.subject.replace(/\n/g, ', ')}' signs the chain but is not a CA certificate` };
    }
    current = next;
  }
  return { source, leaf: leafFacts, chain, chainStatus: 'invalid-link', chainDetail: 'the chain is longer than 10 certificates' };
}

/** Orders certificates leaf first: the leaf is the one that issued none of the others. */
function leafFirst(certs: X509Certificate[]): X509Certificate[] {
  const leaf = certs.find((c) => !certs.some((o) => o !== c && o.checkIssued(c))) ?? certs[0];
  return [leaf, ...certs.filter((c) => c !== leaf)];
}

function pfxCertificates(file: string, password: string): X509Certificate[] {
  const der = fs.readFileSync(file);
  const forge = forgeLib();
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))), password);
  const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const out: X509Certificate[] = [];
  for (const bag of bags) {
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    if (!asn1) continue;
    out.push(new X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')));
  }
  return leafFirst(out);
}

/**
 * Loads and inspects a certificate file. `env` supplies PFX passwords by variable name; the
 * password is used in memory only.
 */
export function loadCertificate(ref: CertificateReference, env: NodeJS.ProcessEnv, trustedRoots: X509Certificate[], at: Date): CertificateLoad {
  if (ref.kind === 'name' || !ref.file) return {};
  const file = ref.file;
  if (!fs.existsSync(file)) return { error: `the file ${file} does not exist` };
  try {
    let certs: X509Certificate[];
    if (ref.kind === 'pem') {
      const text = fs.readFileSync(file, 'utf8');
      certs = splitPem(text).map((p) => new X509Certificate(p));
      if (certs.length === 0) return { error: `${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
      // The leaf is the certificate that issued none of the others, wherever the file lists it:
      // the deployment step picks the same one (by its private key).
      certs = leafFirst(certs);
    } else {
      let password = '';
      if (ref.passwordEnv) {
        const value = env[ref.passwordEnv];
        if (value === undefined) return { error: `the PFX password variable ${ref.passwordEnv} is not set` };
        password = value;
      }
      try {
        certs = pfxCertificates(file, password);
      } catch (e) {
        const msg = (e as Error).message;
        return { error: /mac|password|decrypt|Invalid/i.test(msg) ? `${file} could not be decrypted: wrong password in ${ref.passwordEnv ?? '(no password variable)'}, or not a PKCS#12 file` : `${file} is not a readable PKCS#12 file: ${msg}` };
      }
      if (certs.length === 0) return { error: `${file} holds no certificate` };
    }
    return { certificate: inspectChain(file, certs, trustedRoots, at) };
  } catch (e) {
    return { error: `${file} could not be read as a certificate: ${(e as Error).message}` };
  }
}

/** Whole days from `at` until `notAfter` (negative when expired). */
export function daysUntil(notAfter: string, at: Date): number {
  return Math.floor((new Date(notAfter).getTime() - at.getTime()) / 86_400_000);
}

/** Every name a certificate covers: its DNS SANs, or its CN where it has none. */
export function certificateNames(facts: CertificateFacts): string[] {
  if (facts.dnsNames.length) return facts.dnsNames;
  return facts.commonName ? [facts.commonName] : [];
}
