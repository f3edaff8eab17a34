import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileTraits } from '../../lib/profiles/traits';
import { CertificateReference, loadCertificate, parsePemCertificates } from '../../lib/core/certificates';
import { DeclaredCertificate, GatewayModel, TenantModel } from '../../lib/core/fleet';
import { validateFleet } from '../../lib/rules';
import { context, GATEWAY, tenant } from '../helpers/fleet-fixtures';

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8'));
/** The fixtures are judged as of one day after they were generated, so they never age. */
const AT = new Date(new Date(MANIFEST.generated).getTime() + 86_400_000);
const ROOTS = parsePemCertificates(fs.readFileSync(path.join(PKI, 'root.pem'), 'utf8'));
const ENV = { PFX_PASSWORD: MANIFEST.pfxPassword, WRONG_PASSWORD: 'not-it' };

function declared(file: string, kind: 'pem' | 'pfx' = 'pem', passwordEnv?: string, roots = ROOTS): DeclaredCertificate {
  const reference: CertificateReference = { kind, file: path.join(PKI, file), passwordEnv };
  return { reference, load: loadCertificate(reference, ENV, roots, AT) };
}

const POLICY = { expiryWarningDays: 30, expiryErrorDays: 7, at: AT.toISOString() };
const GW: GatewayModel = { ...GATEWAY, fqdn: 'securemail.provider.example', tlsCertificateName: 'securemail.provider.example', certificatePolicy: POLICY };

function withCert(cert: DeclaredCertificate, overrides: Partial<TenantModel> = {}, gateway: GatewayModel = GW): TenantModel {
  return tenant('Contoso', { gateway, cbcCertificate: cert, ...overrides });
}

function findings(tenants: TenantModel[], gateway: GatewayModel = GW) {
  return validateFleet(context(tenants, [gateway]));
}

function only(code: string, tenants: TenantModel[], gateway: GatewayModel = GW) {
  return findings(tenants, gateway).filter((f) => f.code === code);
}

describe('certificate inspection', () => {
  test('reads names, validity, EKU, CRL, OCSP and CA-Issuers and completes the chain', () => {
    const c = declared('contoso.pem').load.certificate!;
    expect(c.leaf).toMatchObject({
      commonName: 'seppmail.contoso.com',
      dnsNames: ['seppmail.contoso.com'],
      issuer: expect.stringContaining('CN=Test Issuing CA'),
      extendedKeyUsage: expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']),
      crlUrls: ['http://crl.test-pki.invalid/intermediate.crl'],
      ocspUrls: ['http://ocsp.test-pki.invalid'],
      caIssuerUrls: ['http://ca.test-pki.invalid/intermediate.cer'],
      selfSigned: false,
    });
    expect(c.leaf.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(c.chainStatus).toBe('complete');
    expect(c.chain.map((x) => x.commonName)).toEqual(['seppmail.contoso.com', 'Test Issuing CA', 'Test Root CA']);
  });

  test('finds the leaf of a PEM file that lists the intermediate first', () => {
    const os = require('node:os');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exo-pem-')), 'reversed.pem');
    fs.writeFileSync(file, fs.readFileSync(path.join(PKI, 'intermediate.pem'), 'utf8') + fs.readFileSync(path.join(PKI, 'contoso-leaf-only.pem'), 'utf8'));
    const c = loadCertificate({ kind: 'pem', file }, ENV, ROOTS, AT).certificate!;
    expect(c.leaf.commonName).toBe('seppmail.contoso.com');
    expect(c.chainStatus).toBe('complete');
  });

  test.each([['modern (AES-256)', 'contoso-modern.pfx'], ['legacy (RC2/3DES)', 'contoso-legacy.pfx']])('reads a %s PFX with the password from the named variable', (_w, file) => {
    const c = declared(file, 'pfx', 'PFX_PASSWORD').load;
    expect(c.error).toBeUndefined();
    expect(c.certificate!.leaf.commonName).toBe('seppmail.contoso.com');
    expect(c.certificate!.chainStatus).toBe('complete');
  });

  test('a valid fleet with certificates has no certificate finding', () => {
    const gw = { ...GW, tlsCertificate: declared('gateway.pem') };
    expect(findings([withCert(declared('contoso.pem'), {}, gw)], gw)).toEqual([]);
  });
});

describe('certificate rules', () => {
  test('CBC020 fails on a wrong PFX password, a missing file and a file with no certificate', () => {
    const cases = [declared('contoso-modern.pfx', 'pfx', 'WRONG_PASSWORD'), declared('nope.pem'), declared('contoso.key.pem')];
    const messages = cases.map((c) => only('CBC020', [withCert(c)]).map((f) => f.message)[0]);
    expect(messages[0]).toMatch(/could not be decrypted: wrong password in WRONG_PASSWORD/);
    expect(messages[1]).toMatch(/nope.pem does not exist/);
    expect(messages[2]).toMatch(/holds no PEM certificate/);
  });

  test('CBC021 fails when the certificate does not cover the declared CBC name, naming subject and fingerprint', () => {
    const cert = declared('other-name.pem');
    const f = only('CBC021', [withCert(cert)]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("does not cover 'seppmail.contoso.com'; it names mail.northwind.com");
    expect(f[0].message).toContain(cert.load.certificate!.leaf.fingerprint);
    expect(f[0].path).toBe('app/stack/Contoso');
  });

  test('CBC021 accepts a one-label wildcard and fails on the gateway FQDN', () => {
    const t = tenant('Fabrikam', { gateway: GW, cbcCertificateName: 'seppmail.fabrikam.com', domains: [{ path: 'd', domain: 'fabrikam.com' }], cbcCertificate: declared('fabrikam-wildcard.pem') });
    expect(only('CBC021', [t])).toEqual([]);
    const gw = { ...GW, tlsCertificate: declared('contoso.pem') };
    expect(only('CBC021', [], gw)[0].message).toContain("the gateway TLS certificate 'CN=seppmail.contoso.com'");
  });

  test('CBC022 fails on an expired certificate and one expiring within 7 days, in days', () => {
    expect(only('CBC022', [withCert(declared('expired.pem'))])[0].message).toMatch(/expired 1[01] day\(s\) ago/);
    expect(only('CBC022', [withCert(declared('expiring-3d.pem'))])[0].message).toMatch(/expires in [23] day\(s\) .*within 7 days/);
    expect(only('CBC023', [withCert(declared('expiring-3d.pem'))])).toEqual([]);
  });

  test('CBC023 warns when a certificate expires within the horizon, and the horizon is configurable', () => {
    const f = only('CBC023', [withCert(declared('expiring-20d.pem'))]);
    expect(f).toEqual([expect.objectContaining({ level: 'warning' })]);
    expect(f[0].message).toMatch(/expires in (19|20) day\(s\)/);
    const relaxed = { ...GW, certificatePolicy: { ...POLICY, expiryWarningDays: 14 } };
    expect(only('CBC023', [withCert(declared('expiring-20d.pem'), {}, relaxed)], relaxed)).toEqual([]);
  });

  test('CBC024 fails on a self-signed certificate', () => {
    const f = only('CBC024', [withCert(declared('self-signed.pem'))]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('is self-signed');
  });

  test('CBC025 fails when the intermediate is missing, with the fix', () => {
    const f = only('CBC025', [withCert(declared('contoso-leaf-only.pem'))]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("no certificate of 'CN=Test Issuing CA");
    expect(f[0].fix).toContain('append the intermediate certificate(s)');
  });

  test('CBC025 fails when the chain does not end at a trusted root (here: Node\'s public roots only)', () => {
    const f = only('CBC025', [withCert(declared('contoso.pem', 'pem', undefined, []))]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/no certificate of 'CN=Test Root CA.*it is not a trusted root/);
  });

  test('CBC026 fails without CRL distribution point and OCSP URL', () => {
    const f = only('CBC026', [withCert(declared('no-revocation.pem'))]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('neither a CRL distribution point nor an OCSP URL');
  });

  test('CBC027 warns without clientAuth, and is an error for a gateway that refuses such a client certificate', () => {
    const f = only('CBC027', [withCert(declared('no-client-auth.pem'))]);
    expect(f).toEqual([expect.objectContaining({ level: 'warning' })]);
    expect(f[0].fix).toContain('several public CAs no longer include it');
    const postfix: GatewayModel = { ...GW, product: 'postfix', traits: profileTraits('postfix') };
    expect(only('CBC027', [withCert(declared('no-client-auth.pem'), {}, postfix)], postfix)).toEqual([expect.objectContaining({ level: 'error' })]);
  });

  test('CBC028 fails when two tenants present the same certificate, even under different declared names', () => {
    const a = withCert(declared('fabrikam-wildcard.pem'), { cbcCertificateName: 'a.fabrikam.com', domains: [{ path: 'a', domain: 'fabrikam.com' }] });
    const b = tenant('Other', { gateway: GW, cbcCertificateName: 'b.fabrikam.com', domains: [{ path: 'b', domain: 'fabrikam.com' }], cbcCertificate: declared('fabrikam-wildcard.pem') });
    const f = only('CBC028', [a, b]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("tenant 'Other' uses the same certificate");
  });

  test('CBC028 fails when two different certificates cover overlapping names', () => {
    const a = withCert(declared('contoso.pem'));
    const b = tenant('Again', { gateway: GW, cbcCertificateName: 'seppmail.contoso.com', domains: [{ path: 'b', domain: 'contoso.de' }], cbcCertificate: declared('expiring-20d.pem') });
    expect(only('CBC028', [a, b])[0].message).toContain("both cover 'seppmail.contoso.com'");
  });

  test('gateway certificates get the same expiry, chain and revocation checks', () => {
    const gw = { ...GW, tlsCertificateName: 'seppmail.contoso.com', fqdn: 'seppmail.contoso.com', tlsCertificate: declared('expired.pem') };
    expect(findings([], gw).map((f) => f.code)).toContain('CBC022');
  });
});
