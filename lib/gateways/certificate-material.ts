/**
 * Reads a tenant's certificate and private key on the runner at apply time and builds the chain
 * file Postfix wants (smtp_tls_chain_files: key, then leaf, then intermediates).
 *
 * Node built-ins only: PEM is read with node:fs and checked with node:crypto; a PFX is decrypted
 * with the `openssl pkcs12` command (modern and, with -legacy, RC2/3DES files), its password
 * handed over as `-passin env:<NAME>`, never on a command line.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { CommandRunner } from './adapter';
import { GatewayDeploymentError } from './document';
import { GatewayTenant } from './types';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

interface PemBlock {
  readonly label: string;
  readonly text: string;
}

function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ label: m[1], text: `${m[0].trim()}\n` }));
}

function keyBlocks(blocks: PemBlock[]): PemBlock[] {
  return blocks.filter((b) => /PRIVATE KEY$/.test(b.label));
}

function readText(file: string, what: string, tenant: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new GatewayDeploymentError(`tenant '${tenant}': cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Decrypts a PFX with the openssl command; returns its PEM output. */
function pfxToPem(file: string, passwordEnv: string | undefined, tenant: string, env: NodeJS.ProcessEnv, run: CommandRunner, openssl: string): string {
  if (!fs.existsSync(file)) throw new GatewayDeploymentError(`tenant '${tenant}': the PFX file ${file} does not exist on this runner`);
  if (passwordEnv && env[passwordEnv] === undefined) {
    throw new GatewayDeploymentError(`tenant '${tenant}': the environment variable ${passwordEnv} with the password of ${file} is not set`);
  }
  const passin = passwordEnv ? `env:${passwordEnv}` : 'pass:';
  const base = ['pkcs12', '-in', file, '-nodes', '-passin', passin];
  let r = run(openssl, base, env);
  if (r.code !== 0 && /unsupported|legacy|RC2/i.test(r.stderr)) r = run(openssl, [...base, '-legacy'], env);
  if (r.code !== 0) {
    const why = /mac verify|invalid password|bad decrypt/i.test(r.stderr) ? 'the password is wrong' : r.stderr.trim().split('\n')[0] || `exit ${r.code}`;
    throw new GatewayDeploymentError(`tenant '${tenant}': openssl cannot read the PFX ${file}: ${why}`);
  }
  return r.stdout;
}

function sameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  return a.fingerprint256 === b.fingerprint256;
}

/** Orders certificates from the leaf up, each followed by its issuer; the rest keep file order. */
function chainOrder(leaf: X509Certificate, others: X509Certificate[]): X509Certificate[] {
  const rest = others.filter((c) => !sameCertificate(c, leaf));
  const out: X509Certificate[] = [];
  let current = leaf;
  for (;;) {
    const i = rest.findIndex((c) => current.checkIssued(c) && !sameCertificate(c, current));
    if (i < 0) break;
    current = rest.splice(i, 1)[0];
    out.push(current);
  }
  return [...out, ...rest];
}

export interface ChainOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly run: CommandRunner;
  /** The openssl command (PFX only). */
  readonly openssl?: string;
}

/**
 * The chain file content for a tenant: its private key, its leaf certificate, then the
 * intermediates. Throws GatewayDeploymentError when a file is missing or unreadable, the key
 * is encrypted or does not belong to the certificate, or the leaf is not the one synth checked.
 */
export function loadTenantChain(tenant: GatewayTenant, options: ChainOptions): string {
  const ref = tenant.certificate;
  let blocks: PemBlock[];
  if (ref.kind === 'pem') {
    if (!ref.file) throw new GatewayDeploymentError(`tenant '${tenant.name}': no certificate file`);
    if (!ref.keyFile) throw new GatewayDeploymentError(`tenant '${tenant.name}': the PEM certificate ${ref.file} has no keyFile; the gateway cannot present it without its private key (CBC030)`);
    blocks = [...keyBlocks(pemBlocks(readText(ref.keyFile, 'private key file', tenant.name))), ...pemBlocks(readText(ref.file, 'certificate file', tenant.name)).filter((b) => b.label === 'CERTIFICATE')];
  } else if (ref.kind === 'pfx') {
    if (!ref.file) throw new GatewayDeploymentError(`tenant '${tenant.name}': no certificate file`);
    blocks = pemBlocks(pfxToPem(ref.file, ref.passwordEnv, tenant.name, options.env, options.run, options.openssl ?? 'openssl'));
  } else {
    throw new GatewayDeploymentError(`tenant '${tenant.name}': the certificate is given by name only; the gateway needs a PEM file with its key or a PFX file (CBC030)`);
  }
  const keys = keyBlocks(blocks);
  if (keys.some((k) => k.label === 'ENCRYPTED PRIVATE KEY') || keys.some((k) => /Proc-Type: 4,ENCRYPTED/.test(k.text))) {
    throw new GatewayDeploymentError(`tenant '${tenant.name}': the private key is encrypted; Postfix needs it unencrypted (a PFX is decrypted for you)`);
  }
  if (keys.length !== 1) throw new GatewayDeploymentError(`tenant '${tenant.name}': expected exactly one private key, found ${keys.length}`);
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => new X509Certificate(b.text));
  if (certs.length === 0) throw new GatewayDeploymentError(`tenant '${tenant.name}': ${ref.file} holds no certificate`);
  let key;
  try {
    key = createPrivateKey(keys[0].text);
  } catch (e) {
    throw new GatewayDeploymentError(`tenant '${tenant.name}': the private key cannot be read: ${(e as Error).message}`);
  }
  const leaf = certs.find((c) => c.checkPrivateKey(key));
  if (!leaf) throw new GatewayDeploymentError(`tenant '${tenant.name}': the private key does not belong to any certificate in ${ref.file}`);
  if (ref.fingerprint && leaf.fingerprint256.toUpperCase() !== ref.fingerprint.toUpperCase()) {
    throw new GatewayDeploymentError(`tenant '${tenant.name}': ${ref.file} now holds the certificate ${leaf.fingerprint256}, not ${ref.fingerprint} that synth checked; synthesize again so the new certificate is checked`);
  }
  const ordered = [leaf, ...chainOrder(leaf, certs)];
  return [keys[0].text, ...ordered.map((c) => c.toString().trim() + '\n')].join('');
}
