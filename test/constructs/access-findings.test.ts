/**
 * App-only Exchange Online access findings: the app certificate inspected at synth (CBC040,
 * CBC041, CBC044), the multi-organization app (CBC043), how a tenant reaches Exchange Online
 * (CBC011), and the certificate check time.
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  ExchangeAccess,
  ExchangeAutomationApp,
  GatewayProfile,
  MailGateway,
  RunnerCertificate,
  SignInAudience,
  TenantGateway,
} from '../../lib';
import { synthWithAnnotations } from '../helpers/synth';
import { useTestCertificates, HOME, CONTOSO, FABRIKAM, certs, setup, one, codes } from './access-fixtures';

useTestCertificates();

describe('the app certificate is inspected at synth (CBC040, CBC041, CBC044)', () => {
  test.each([
    ['holds a certificate and its private key', () => certs.certAndKey, "holds a PEM block 'PRIVATE KEY'"],
    ['is a private key alone', () => certs.keyOnly, "holds a PEM block 'PRIVATE KEY'"],
    ['is the PFX', () => certs.pfx, 'holds a PKCS#12 (PFX) archive, which carries the private key'],
    ['is no certificate', () => certs.garbage, 'is not an X.509 certificate: it holds neither a PEM CERTIFICATE block nor a DER certificate'],
    ['does not exist', () => certs.missing, 'cannot be read: ENOENT'],
  ])('fails with CBC040 when the file %s', (_name, file, fragment) => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ publicCertificateFile: file() })));
    const { errors, json } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([expect.stringContaining(`[msp/Automation] CBC040: the app certificate file '${file()}' ${fragment}`)]);
    expect(errors[0]).toMatch(/\(value: .+\)\. Fix: /);
    expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY/);
  });

  test('accepts a DER .cer and uploads it as PEM', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ publicCertificateFile: certs.validDer })));
    const { errors, json } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(one(json, 'azuread_application_certificate', 'Automation_Certificate')[1].value).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  test.each([
    ['expired', () => certs.expired, /CBC041: the app certificate '.*expired\.pem' \('CN=exo-gateway-automation-test', SHA-256 [0-9A-F:]+\) expired on 2021-01-01 \(value: 2021-01-01T00:00:00.000Z\)/],
    ['not yet valid', () => certs.notYetValid, /CBC041: the app certificate '.*future\.pem' .* is not valid before \d{4}-/],
  ])('fails with CBC041 when the certificate is %s', (_name, file, pattern) => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ publicCertificateFile: file() })));
    const { errors } = synthWithAnnotations(s.stack);
    expect(codes(errors)).toEqual(['CBC041']);
    expect(errors[0]).toMatch(pattern);
  });

  test('warns with CBC044 when the certificate expires within 30 days', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ publicCertificateFile: certs.expiringSoon })));
    const { errors, warnings } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/^\[msp\/Automation\] CBC044: the app certificate .* expires in (9|10) day\(s\)/)]);
  });

  test('reports an app used by many tenants once', () => {
    const s = setup();
    const access = ExchangeAccess.multiTenantApp(s.automation({ publicCertificateFile: certs.expired }));
    s.tenant(CONTOSO, access);
    s.tenant(FABRIKAM, access);
    expect(synthWithAnnotations(s.stack).errors.filter((e) => e.includes('CBC041'))).toHaveLength(1);
  });

  test('checks each tenant\'s own app with appPerTenant', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.appPerTenant({ publicCertificateFile: certs.certAndKey, runnerCertificate: RunnerCertificate.fromFile('/x.pfx') }));
    expect(synthWithAnnotations(s.stack).errors).toEqual([expect.stringContaining('[msp/Contoso/ExchangeApp] CBC040')]);
  });
});

describe('the app of the multi-tenant model is multi-organization (CBC043)', () => {
  test('fails when a single-organization app is used for another tenant', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ signInAudience: SignInAudience.MY_ORG })));
    const { errors, json } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([
      `[msp/Contoso/ExchangeAccess] CBC043: tenant 'Contoso' uses the app msp/Automation of tenant ${HOME}, whose sign-in audience is AzureADMyOrg, not AzureADMultipleOrgs (value: AzureADMyOrg). Fix: declare the app with signInAudience: SignInAudience.MULTIPLE_ORGS, or give this tenant its own app with ExchangeAccess.appPerTenant() [msp/Contoso/ExchangeAccess]`,
    ]);
    expect(one(json, 'azuread_application', 'Automation_Application')[1].sign_in_audience).toBe('AzureADMyOrg');
  });

  test('passes when the single-organization app is used only in its own tenant', () => {
    const s = setup();
    s.tenant({ ...CONTOSO, tenantId: HOME }, ExchangeAccess.multiTenantApp(s.automation({ signInAudience: SignInAudience.MY_ORG })));
    expect(synthWithAnnotations(s.stack).errors).toEqual([]);
  });
});

describe('a tenant says how it reaches Exchange Online (CBC011)', () => {
  test('throws when a tenant has no access model, naming every model in the fix', () => {
    const s = setup();
    expect(() => s.tenant(CONTOSO, undefined as unknown as ExchangeAccess))
      .toThrow(/^CBC011: tenant 'Contoso' declares no Exchange Online access \(value: undefined\)\. Fix: set access: ExchangeAccess\.multiTenantApp\(app\), ExchangeAccess\.appPerTenant\(\{\.\.\.\}\), or .* \[msp\/Contoso\]$/);
  });

  test('the rule reports a tenant model without access, in the same words', () => {
    const { AccessDeclared } = require('../../lib/core/rules/access-declared');
    const { findingsOf } = require('../../lib/core/findings');
    const tenant = { path: 'msp/Contoso', name: 'Contoso', tenantId: CONTOSO.tenantId, initialDomain: CONTOSO.initialDomain, retired: false };
    expect(findingsOf(AccessDeclared, { fleet: { gateways: [], tenants: [tenant] }, desiredObjects: () => [] })).toEqual([
      expect.objectContaining({ code: 'CBC011', path: 'msp/Contoso', fix: expect.stringContaining('ExchangeAccess.multiTenantApp(app)') }),
    ]);
  });

  test('still checks the app id of a bring-your-own app', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.certificateFile('not-an-app-id', '/x.pfx'));
    expect(codes(synthWithAnnotations(s.stack).errors)).toEqual(['CBC011']);
  });
});

describe('the certificate check time', () => {
  test('honours the context key cdktf-exo-gateway:certificateCheckTime', () => {
    const app = Testing.app({ context: { 'cdktf-exo-gateway:certificateCheckTime': '2020-06-01T00:00:00Z' } });
    const stack = new TerraformStack(app, 'msp');
    const gateway = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example', tlsCertificateName: '*.provider.example' });
    const automation = new ExchangeAutomationApp(stack, 'Automation', { tenantId: HOME, publicCertificateFile: certs.expired, runnerCertificate: RunnerCertificate.fromFile('/x.pfx') });
    const t = new TenantGateway(stack, 'Contoso', { gateway, tenantId: CONTOSO.tenantId, initialDomain: CONTOSO.initialDomain, cbcCertificateName: CONTOSO.cbc, access: ExchangeAccess.multiTenantApp(automation) });
    t.addManagedDomain('D', { domain: CONTOSO.domain });
    const { errors, warnings } = synthWithAnnotations(stack);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
