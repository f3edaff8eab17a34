/**
 * App-only Exchange Online access: bring your own app (certificate file or variable), and the
 * azuread providers, created per tenant or passed in.
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ExchangeAccess, RunnerCertificate, TenantDirectory } from '../../lib';
import { resourceOf, synthWithAnnotations } from '../helpers/synth';
import { useTestCertificates, HOME, CONTOSO, FABRIKAM, alias, certs, setup, one, doc, codes, escapeRegExp } from './access-fixtures';

useTestCertificates();

describe('bring your own app (ExchangeAccess.certificateFile / certificateFromEnvironment)', () => {
  test('declares no azuread provider or resource, and the document keeps the given app id', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.certificateFromEnvironment('3F1C2A9E-6B7D-4E2F-9A1B-0C5D8E7F6A21', 'EXO_APP_CERT_PFX_B64', { passwordEnv: 'EXO_PW' }));
    const { json, errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(json.provider).toBeUndefined();
    expect(json.terraform?.required_providers).toBeUndefined();
    expect(Object.keys(json.resource)).toEqual(['terraform_data']);
    expect(doc(json, 'Contoso').access).toEqual({ appId: '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', organization: 'contoso.onmicrosoft.com', certificateEnv: 'EXO_APP_CERT_PFX_B64', certificatePasswordEnv: 'EXO_PW' });
    expect(resourceOf(json, 'Contoso_Teardown').depends_on).toBeUndefined();
    expect(resourceOf(json, 'Contoso_Converge').depends_on).toEqual([expect.stringMatching(/^terraform_data\.Contoso_Teardown_/)]);
  });

  test('mixes with a declared model per tenant: the bring-your-own tenant depends on nothing of the other', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation()));
    s.tenant(FABRIKAM, ExchangeAccess.certificateFile('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', '/run/exo.pfx'));
    const { json, errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(resourceOf(json, 'Fabrikam_Converge').depends_on).toEqual([expect.stringMatching(/^terraform_data\.Fabrikam_Teardown_/)]);
    expect(doc(json, 'Fabrikam').access.appId).toBe('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21');
    expect(json.provider.azuread.map((p: any) => p.tenant_id)).toEqual([HOME, CONTOSO.tenantId]);
  });

  test('ExchangeAccess.appId: the given id, or the declared app\'s client id reference', () => {
    const s = setup();
    expect(ExchangeAccess.certificateFile('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', '/x.pfx').appId).toBe('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21');
    const app = s.automation();
    expect(ExchangeAccess.multiTenantApp(app).appId).toBe(app.clientId);
    expect(ExchangeAccess.appPerTenant({ publicCertificateFile: certs.valid, runnerCertificate: RunnerCertificate.fromFile('/x.pfx') }).appId).toBeUndefined();
  });
});

describe('providers: created per tenant or passed in', () => {
  test('a provider you pass is used for that tenant, and the library creates none for it', () => {
    const s = setup();
    const mine = new AzureadProvider(s.stack, 'ContosoDirectory', { alias: 'contoso', tenantId: CONTOSO.tenantId, useOidc: true });
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation(), { directory: TenantDirectory.fromProvider(mine) }));
    const { json, errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(json.provider.azuread).toEqual([
      { alias: 'contoso', tenant_id: CONTOSO.tenantId, use_oidc: true },
      { alias: alias(HOME), tenant_id: HOME },
    ]);
    for (const type of ['azuread_service_principal', 'azuread_app_role_assignment', 'azuread_directory_role', 'azuread_directory_role_assignment']) {
      expect(one(json, type, 'Contoso_ExchangeAccess_' + { azuread_service_principal: 'ServicePrincipal', azuread_app_role_assignment: 'ManageAsAppConsent', azuread_directory_role: 'ExchangeAdministratorRole', azuread_directory_role_assignment: 'ExchangeAdministrator' }[type])[1].provider).toBe('azuread.contoso');
    }
  });

  test('composes into a stack that already has azuread providers: ours are aliased and every resource names its provider', () => {
    const s = setup();
    new AzureadProvider(s.stack, 'Default', {});
    new AzureadProvider(s.stack, 'Other', { alias: 'other', tenantId: '77777777-7777-4777-8777-777777777777' });
    const access = ExchangeAccess.multiTenantApp(s.automation());
    s.tenant(CONTOSO, access);
    s.tenant(FABRIKAM, access);
    const { json, errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(json.provider.azuread.map((p: any) => p.alias ?? '(default)')).toEqual(['(default)', 'other', alias(HOME), alias(CONTOSO.tenantId), alias(FABRIKAM.tenantId)]);
    for (const section of ['resource', 'data']) {
      for (const [type, byName] of Object.entries(json[section]) as [string, any][]) {
        if (!type.startsWith('azuread_')) continue;
        for (const body of Object.values(byName) as any[]) expect(body.provider).toMatch(/^azuread\.exo_gateway_/);
      }
    }
  });

  test('the home tenant declared as a customer too shares one provider for that tenant id', () => {
    const s = setup();
    const home = { ...CONTOSO, tenantId: HOME };
    s.tenant(home, ExchangeAccess.multiTenantApp(s.automation()));
    const { json, errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([]);
    expect(json.provider.azuread).toEqual([{ alias: alias(HOME), tenant_id: HOME }]);
  });

  test('throws CBC042 when one tenant is reached with two different provider settings in a stack', () => {
    const s = setup();
    const app = s.automation({ directory: TenantDirectory.fromSettings({ useOidc: true }) });
    expect(() => s.tenant({ ...CONTOSO, tenantId: HOME }, ExchangeAccess.multiTenantApp(app, { directory: TenantDirectory.fromSettings({ useMsi: true }) })))
      .toThrow(/^CBC042: tenant 5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b00 is reached with two different provider settings in stack 'msp'.*Fix: use the same TenantDirectory settings .*\[msp\/Contoso\/ExchangeAccess\]$/);
  });

  test('throws CBC042 when the provider you pass lives in another stack', () => {
    const s = setup();
    const elsewhere = new TerraformStack(s.app, 'identity');
    const provider = new AzureadProvider(elsewhere, 'Contoso', { alias: 'contoso', tenantId: CONTOSO.tenantId });
    expect(() => s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation(), { directory: TenantDirectory.fromProvider(provider) })))
      .toThrow(/CBC042: the azuread provider identity\/Contoso is in stack 'identity', not in 'msp'.*\(value: identity\/Contoso\). Fix: declare the provider in the same stack/);
  });

  test.each([
    ['of another tenant', () => ({ alias: 'contoso', tenantId: FABRIKAM.tenantId }), `is configured for tenant ${FABRIKAM.tenantId}, not ${CONTOSO.tenantId}`],
    ['without a tenant id', () => ({ alias: 'contoso' }), 'sets no tenant_id'],
  ])('fails with CBC042 for a provider %s', (_name, config, fragment) => {
    const s = setup();
    const provider = new AzureadProvider(s.stack, 'ContosoDirectory', config());
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation(), { directory: TenantDirectory.fromProvider(provider) }));
    const { errors } = synthWithAnnotations(s.stack);
    expect(codes(errors)).toEqual(['CBC042']);
    const pattern = '^\\[msp/Contoso/ExchangeAccess\\] CBC042: the azuread provider msp/ContosoDirectory used for tenant \'Contoso\' .*' + escapeRegExp(fragment as string) + '.*Fix: set tenantId: \'' + CONTOSO.tenantId + '\' on that provider';
    expect(errors).toEqual([expect.stringMatching(new RegExp(pattern))]);
  });

  test('fails with CBC042 for a provider whose tenant id synth cannot read', () => {
    const s = setup();
    const variable = new TerraformVariable(s.stack, 'contoso_tenant', { type: 'string' });
    const provider = new AzureadProvider(s.stack, 'ContosoDirectory', { alias: 'contoso', tenantId: variable.stringValue });
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation(), { directory: TenantDirectory.fromProvider(provider) }));
    const { errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([expect.stringContaining('CBC042: the azuread provider msp/ContosoDirectory used for tenant \'Contoso\' takes its tenant id from a Terraform expression')]);
  });

  test('fails with CBC042 when two tenants are given one provider: it is wrong for one of them', () => {
    const s = setup();
    const provider = new AzureadProvider(s.stack, 'Shared', { alias: 'shared', tenantId: CONTOSO.tenantId });
    const access = ExchangeAccess.multiTenantApp(s.automation(), { directory: TenantDirectory.fromProvider(provider) });
    s.tenant(CONTOSO, access);
    s.tenant(FABRIKAM, access);
    const { errors } = synthWithAnnotations(s.stack);
    expect(errors).toEqual([expect.stringMatching(/^\[msp\/Fabrikam\/ExchangeAccess\] CBC042: .*msp\/Shared used for tenant 'Fabrikam' is configured for tenant 6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01, not 0a9b8c7d/)]);
  });

  test('fails with CBC042 when the app\'s own provider is of another tenant, or its tenant id is no GUID', () => {
    const s = setup();
    const provider = new AzureadProvider(s.stack, 'Home', { alias: 'home', tenantId: CONTOSO.tenantId });
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ directory: TenantDirectory.fromProvider(provider) })));
    expect(synthWithAnnotations(s.stack).errors).toEqual([expect.stringMatching(/^\[msp\/Automation\] CBC042: the azuread provider msp\/Home used for app msp\/Automation is configured for tenant 6f1d7c52-.*, not 5d2c1b0a-/)]);

    const t = setup();
    t.tenant(CONTOSO, ExchangeAccess.multiTenantApp(t.automation({ tenantId: 'example-msp.onmicrosoft.com' })));
    expect(synthWithAnnotations(t.stack).errors).toEqual([expect.stringContaining("[msp/Automation] CBC042: the tenant id 'example-msp.onmicrosoft.com' of app msp/Automation is not an Entra tenant GUID")]);
  });

  test('fails with CBC012 when the same customer tenant is declared twice (two service principals in one tenant)', () => {
    const s = setup();
    const access = ExchangeAccess.multiTenantApp(s.automation());
    s.tenant(CONTOSO, access);
    s.tenant({ ...FABRIKAM, tenantId: CONTOSO.tenantId }, access);
    const { errors } = synthWithAnnotations(s.stack);
    expect(codes(errors)).toEqual(['CBC012']);
  });
});
