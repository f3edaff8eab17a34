/**
 * Throw-away certificates for the access tests, made with the openssl CLI in a temp folder at
 * test time (nothing is committed): a valid public certificate (PEM and DER), an expired one,
 * one not yet valid, one expiring in 10 days, a PEM holding a certificate and its private key,
 * a private key alone, a PFX and a file that is no certificate at all.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  readonly valid: string;
  readonly validDer: string;
  readonly expired: string;
  readonly notYetValid: string;
  readonly expiringSoon: string;
  readonly certAndKey: string;
  readonly keyOnly: string;
  readonly pfx: string;
  readonly garbage: string;
  readonly missing: string;
}

const CA_CONFIG = `[ ca ]
default_ca = test
[ test ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
[ any ]
commonName = supplied
`;

/** `YYYYMMDDHHMMSSZ`, the date form of `openssl ca -startdate/-enddate`. */
function opensslDate(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-access-certs-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  fs.writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'key.pem');
  run('req', '-new', '-key', 'key.pem', '-out', 'req.csr', '-subj', '/CN=exo-gateway-automation-test');
  const DAY = 86_400_000;
  const now = Date.now();
  const issue = (name: string, from: number, to: number) => {
    run('ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-out', name, '-notext',
      '-startdate', opensslDate(new Date(from)), '-enddate', opensslDate(new Date(to)));
    return path.join(dir, name);
  };
  const valid = issue('valid.pem', now - DAY, now + 365 * DAY);
  const expired = issue('expired.pem', Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1));
  const notYetValid = issue('future.pem', now + 30 * DAY, now + 400 * DAY);
  const expiringSoon = issue('soon.pem', now - 300 * DAY, now + 10 * DAY);
  run('x509', '-in', 'valid.pem', '-outform', 'DER', '-out', 'valid.cer');
  const certAndKey = path.join(dir, 'cert-and-key.pem');
  fs.writeFileSync(certAndKey, fs.readFileSync(valid, 'utf8') + fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'));
  run('pkcs12', '-export', '-in', 'valid.pem', '-inkey', 'key.pem', '-out', 'app.pfx', '-passout', 'pass:test');
  const garbage = path.join(dir, 'notes.txt');
  fs.writeFileSync(garbage, 'this is not a certificate\n');
  return {
    dir,
    valid,
    validDer: path.join(dir, 'valid.cer'),
    expired,
    notYetValid,
    expiringSoon,
    certAndKey,
    keyOnly: path.join(dir, 'key.pem'),
    pfx: path.join(dir, 'app.pfx'),
    garbage,
    missing: path.join(dir, 'does-not-exist.cer'),
  };
}
