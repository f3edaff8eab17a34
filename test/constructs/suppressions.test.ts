/**
 * Suppressions.add: a finding the user has judged harmless is suppressed with a reason, on the
 * construct or a scope above it, and stays visible as an info annotation; unknown codes, missing
 * or lazy reasons, and errors their rule does not allow to be suppressed are refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { CERTIFICATE_CHECK_TIME_CONTEXT } from '../../lib/constructs/mail-gateway';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, Suppressions, TenantGateway } from '../../lib';
import { synthWithAnnotations } from '../helpers/synth';

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8'));
const AT = new Date(new Date(MANIFEST.generated).getTime() + 86_400_000).toISOString();
const REASON = 'the vendor issues only wildcard certificates for this customer';

function fleet(cbcCertificateName = '*.contoso.com', cbcCertificate?: CertificateSource, profile = GatewayProfile.seppmailAppliance()) {
  const app = Testing.app({ context: { [CERTIFICATE_CHECK_TIME_CONTEXT]: AT } });
  const stack = new TerraformStack(app, 's');
  const gateway = new MailGateway(stack, 'Gw', { profile, fqdn: 'securemail.provider.example', trustedRootsPemFile: path.join(PKI, 'root.pem') });
  const tenant = new TenantGateway(stack, 'Contoso', {
    gateway,
    tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01',
    initialDomain: 'contoso.onmicrosoft.com',
    cbcCertificateName,
    cbcCertificate,
    access: ExchangeAccess.certificateFile('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', '/x.pfx'),
  });
  tenant.addManagedDomain('D', { domain: 'contoso.com' });
  return { stack, tenant };
}

function infosOf(stack: TerraformStack): string[] {
  return (stack.node.findAll() as IConstruct[]).flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => `[${c.node.path}] ${m.data}`));
}

describe('Suppressions.add', () => {
  test('without a suppression, the wildcard name is a CBC013 warning', () => {
    const { stack } = fleet();
    expect(synthWithAnnotations(stack).warnings).toEqual([expect.stringContaining('CBC013')]);
  });

  test('a suppression on the tenant turns the warning into an info annotation naming the reason', () => {
    const { stack, tenant } = fleet();
    Suppressions.add(tenant, [{ code: 'CBC013', reason: REASON }]);
    const r = synthWithAnnotations(stack);
    expect(r.warnings).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(infosOf(stack)).toEqual([expect.stringMatching(new RegExp(`^\\[s/Contoso\\] suppressed at s/Contoso \\(reason: ${REASON}\\): CBC013: tenant 'Contoso' uses the wildcard`))]);
  });

  test('a suppression on the stack covers the constructs under it', () => {
    const { stack } = fleet();
    Suppressions.add(stack, [{ code: 'CBC013', reason: REASON }]);
    expect(synthWithAnnotations(stack).warnings).toEqual([]);
    expect(infosOf(stack)).toEqual([expect.stringContaining('suppressed at s (reason: ')]);
  });

  test('a suppression on another construct leaves the finding alone', () => {
    const { stack } = fleet();
    Suppressions.add(stack.node.findChild('Gw'), [{ code: 'CBC013', reason: REASON }]);
    expect(synthWithAnnotations(stack).warnings).toEqual([expect.stringContaining('CBC013')]);
  });

  test('an error its rule allows to be suppressed (CBC025, incomplete chain) no longer fails synth', () => {
    const leafOnly = CertificateSource.fromPemFile(path.join(PKI, 'contoso-leaf-only.pem'));
    const before = fleet('seppmail.contoso.com', leafOnly);
    expect(synthWithAnnotations(before.stack).errors).toEqual([expect.stringContaining('CBC025')]);
    const after = fleet('seppmail.contoso.com', leafOnly);
    Suppressions.add(after.tenant, [{ code: 'CBC025', reason: 'the gateway sends the intermediate from its own certificate store' }]);
    expect(synthWithAnnotations(after.stack).errors).toEqual([]);
    expect(infosOf(after.stack)).toEqual([expect.stringContaining('CBC025: the chain of')]);
  });

  test('a warning rule that raises a finding to an error (CBC027 on Postfix) keeps the error, and says the suppression does not cover it', () => {
    const noClientAuth = CertificateSource.fromPemFile(path.join(PKI, 'no-client-auth.pem'));
    const onAppliance = fleet('seppmail.contoso.com', noClientAuth);
    Suppressions.add(onAppliance.tenant, [{ code: 'CBC027', reason: 'the appliance does not check the client certificate usage' }]);
    expect(synthWithAnnotations(onAppliance.stack).warnings).toEqual([]);
    const onPostfix = fleet('seppmail.contoso.com', noClientAuth, GatewayProfile.postfix());
    Suppressions.add(onPostfix.tenant, [{ code: 'CBC027', reason: 'the appliance does not check the client certificate usage' }]);
    expect(synthWithAnnotations(onPostfix.stack).errors).toEqual([
      expect.stringMatching(/CBC027: .* lacks the clientAuth extended key usage.*\(suppressed at s\/Contoso, but this finding is an error, which CBC027 does not allow to be suppressed\)$/),
    ]);
  });

  test.each([
    ['an unknown code', { code: 'CBC999', reason: REASON }, /^EXG011: Suppressions.add at s\/Contoso: 'CBC999' is not a validation code\. Use one of the codes in docs\/RULES\.md/],
    ['a missing reason', { code: 'CBC013', reason: '   ' }, /^EXG010: Suppressions.add at s\/Contoso: the reason for suppressing CBC013 is missing\./],
    ['a lazy reason', { code: 'CBC013', reason: 'ok' }, /^EXG010: .*the reason for suppressing CBC013 is 'ok', fewer than 10 characters/],
    ['an error its rule does not allow to be suppressed', { code: 'CBC004', reason: REASON }, /^EXG012: Suppressions.add at s\/Contoso: CBC004 is an error that cannot be suppressed/],
  ])('refuses %s', (_what, suppression, message) => {
    const { tenant } = fleet();
    expect(() => Suppressions.add(tenant, [suppression])).toThrow(message);
  });
});
