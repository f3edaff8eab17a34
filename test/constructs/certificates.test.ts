import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { CERTIFICATE_CHECK_TIME_CONTEXT } from '../../lib/constructs/mail-gateway';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, TenantGateway } from '../../lib';
import { synthWithAnnotations } from '../helpers/synth';

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8'));
const AT = new Date(new Date(MANIFEST.generated).getTime() + 86_400_000).toISOString();
const APP = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';

function stackWith(cert: CertificateSource, gatewayCert?: CertificateSource) {
  const app = Testing.app({ context: { [CERTIFICATE_CHECK_TIME_CONTEXT]: AT } });
  const stack = new TerraformStack(app, 's');
  const gw = new MailGateway(stack, 'Gw', {
    profile: GatewayProfile.seppmailAppliance(),
    fqdn: 'securemail.provider.example',
    tlsCertificate: gatewayCert,
    trustedRootsPemFile: path.join(PKI, 'root.pem'),
  });
  const t = new TenantGateway(stack, 'Contoso', {
    gateway: gw,
    tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01',
    initialDomain: 'contoso.onmicrosoft.com',
    cbcCertificateName: 'seppmail.contoso.com',
    cbcCertificate: cert,
    access: ExchangeAccess.certificateFile(APP, '/x.pfx'),
  });
  t.addManagedDomain('D', { domain: 'contoso.com' });
  return synthWithAnnotations(stack);
}

describe('certificates on the constructs', () => {
  test('good PEM certificates for tenant and gateway synthesize without findings', () => {
    const r = stackWith(CertificateSource.fromPemFile(path.join(PKI, 'contoso.pem'), { keyFile: path.join(PKI, 'contoso.key.pem') }), CertificateSource.fromPemFile(path.join(PKI, 'gateway.pem')));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('an expired tenant certificate fails synth on the tenant path with days and fingerprint', () => {
    const r = stackWith(CertificateSource.fromPemFile(path.join(PKI, 'expired.pem')));
    expect(r.errors).toEqual([expect.stringMatching(/^\[s\/Contoso\] CBC022: the CBC certificate of tenant 'Contoso' 'CN=seppmail.contoso.com' \(SHA-256 [0-9A-F:]+\) expired \d+ day\(s\) ago/)]);
  });

  test('an expiring certificate is a warning annotation, not an error', () => {
    const r = stackWith(CertificateSource.fromPemFile(path.join(PKI, 'expiring-20d.pem')));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining('CBC023')]);
  });

  test('a PFX is read with the password from the named variable, which never reaches the synthesized JSON', () => {
    process.env.TEST_PFX_PASSWORD = MANIFEST.pfxPassword;
    const r = stackWith(CertificateSource.fromPfxFile(path.join(PKI, 'contoso-legacy.pfx'), { passwordEnv: 'TEST_PFX_PASSWORD' }));
    delete process.env.TEST_PFX_PASSWORD;
    expect(r.errors).toEqual([]);
    const text = JSON.stringify(r.json);
    expect(text).not.toContain(MANIFEST.pfxPassword);
    expect(text).not.toContain('PRIVATE KEY');
  });

  test('name only: no certificate finding, only name rules', () => {
    const r = stackWith(CertificateSource.nameOnly());
    expect(r.errors).toEqual([]);
  });

  test('a gateway certificate that does not cover the FQDN fails on the gateway path', () => {
    const r = stackWith(CertificateSource.nameOnly(), CertificateSource.fromPemFile(path.join(PKI, 'contoso.pem')));
    expect(r.errors).toEqual([expect.stringMatching(/^\[s\/Gw\] CBC021: the gateway TLS certificate 'CN=seppmail.contoso.com'.* does not cover 'securemail.provider.example'/)]);
  });
});

describe('variable names, never values', () => {
  const SECRET = 'MIIKZAIBAzCCCh4GCSqGSIb3DQEHAaCCCg8EggoLMIIKBzCCBg==';
  test.each([
    ['ExchangeAccess.certificateFromEnvironment', () => ExchangeAccess.certificateFromEnvironment(APP, SECRET)],
    ['a PFX password variable', () => ExchangeAccess.certificateFile(APP, '/x.pfx', { passwordEnv: 'pass word!' })],
    ['CertificateSource.fromPfxFile', () => CertificateSource.fromPfxFile('/x.pfx', { passwordEnv: SECRET })],
  ])('%s refuses a value where a variable name belongs, without echoing it', (_what, make) => {
    let message = '';
    try {
      make();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/must be the NAME of an environment variable/);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('pass word!');
  });
});
