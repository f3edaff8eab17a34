/**
 * App-only Exchange Online access declared with the azuread provider, the two app models: one
 * multi-organization app in the provider's own tenant, and an app per customer tenant. The azuread
 * provider cannot be installed here, so these stacks are checked by the typed bindings (compile
 * time) and by exact Testing.synth assertions.
 */
import { Testing } from 'cdktf';
import {
  ExchangeAccess,
  ExchangeRoleGrant,
  RunnerCertificate,
  TenantAppAccess,
  TenantDirectory,
} from '../../lib';
import { resourceOf, synthWithAnnotations } from '../helpers/synth';
import * as fs from 'node:fs';
import {
  useTestCertificates,
  HOME,
  CONTOSO,
  FABRIKAM,
  alias,
  EXO_APP_ID,
  MANAGE_AS_APP,
  EXCHANGE_ADMIN_TEMPLATE,
  certs,
  setup,
  one,
  count,
  doc,
  infos,
} from './access-fixtures';

useTestCertificates();

describe('ExchangeAccess.multiTenantApp: one multi-organization app in the provider\'s own tenant', () => {
  function fleet(options: { roleGrant?: ExchangeRoleGrant } = {}) {
    const s = setup();
    const app = s.automation();
    const access = ExchangeAccess.multiTenantApp(app, options);
    s.tenant(CONTOSO, access);
    s.tenant(FABRIKAM, access);
    return { ...s, automation: app, ...synthWithAnnotations(s.stack) };
  }

  test('synthesizes without findings: the app and its certificate once, and per tenant SP, consent, role and gate', () => {
    const { json, errors, warnings } = fleet();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(Object.keys(json.resource).sort()).toEqual([
      'azuread_app_role_assignment', 'azuread_application', 'azuread_application_certificate', 'azuread_directory_role',
      'azuread_directory_role_assignment', 'azuread_service_principal', 'terraform_data',
    ]);
    expect(count(json, 'azuread_application')).toBe(1);
    expect(count(json, 'azuread_application_certificate')).toBe(1);
    for (const type of ['azuread_service_principal', 'azuread_app_role_assignment', 'azuread_directory_role', 'azuread_directory_role_assignment']) {
      expect(count(json, type)).toBe(2);
    }
    expect(Object.keys(json.data)).toEqual(['azuread_service_principal']);
    expect(count(json, 'azuread_service_principal', 'data')).toBe(2);
    expect(json.terraform.required_providers.azuread).toEqual({ source: 'hashicorp/azuread', version: '3.7.0' });
  });

  test('the app is multi-organization, asks for Exchange.ManageAsApp and gets the public certificate, in the home tenant', () => {
    const { json } = fleet();
    const [appName, application] = one(json, 'azuread_application', 'Automation_Application');
    expect(application).toEqual({
      provider: `azuread.${alias(HOME)}`,
      display_name: 'exo-gateway-automation',
      sign_in_audience: 'AzureADMultipleOrgs',
      required_resource_access: [{ resource_app_id: EXO_APP_ID, resource_access: [{ id: MANAGE_AS_APP, type: 'Role' }] }],
    });
    const [, certificate] = one(json, 'azuread_application_certificate', 'Automation_Certificate');
    const pem = fs.readFileSync(certs.valid, 'utf8');
    const notAfter = new (require('node:crypto').X509Certificate)(pem).validTo;
    expect(certificate).toEqual({
      provider: `azuread.${alias(HOME)}`,
      application_id: `\${azuread_application.${appName}.id}`,
      type: 'AsymmetricX509Cert',
      encoding: 'pem',
      value: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/),
      start_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      end_date: new Date(notAfter).toISOString().replace('.000Z', 'Z'),
      lifecycle: { create_before_destroy: true },
    });
    expect(certificate.value.replace(/\s/g, '')).toBe(pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0].replace(/\s/g, ''));
  });

  test('one aliased provider per tenant, named after the tenant id and set to it', () => {
    const { json } = fleet();
    expect(json.provider.azuread).toEqual([
      { alias: alias(HOME), tenant_id: HOME },
      { alias: alias(CONTOSO.tenantId), tenant_id: CONTOSO.tenantId },
      { alias: alias(FABRIKAM.tenantId), tenant_id: FABRIKAM.tenantId },
    ]);
  });

  test.each([CONTOSO, FABRIKAM])('in $id: service principal of the app, consent to Exchange.ManageAsApp and Exchange Administrator, through its own provider', (spec) => {
    const { json } = fleet();
    const provider = `azuread.${alias(spec.tenantId)}`;
    const [appName] = one(json, 'azuread_application', 'Automation_Application');
    const [exoName, exo] = one(json, 'azuread_service_principal', `${spec.id}_ExchangeAccess_ExchangeOnline`, 'data');
    expect(exo).toEqual({ provider, client_id: EXO_APP_ID });
    const [spName, sp] = one(json, 'azuread_service_principal', `${spec.id}_ExchangeAccess_ServicePrincipal`);
    expect(sp).toEqual({ provider, client_id: `\${azuread_application.${appName}.client_id}` });
    const [, consent] = one(json, 'azuread_app_role_assignment', `${spec.id}_ExchangeAccess_ManageAsAppConsent`);
    expect(consent).toEqual({
      provider,
      app_role_id: MANAGE_AS_APP,
      principal_object_id: `\${azuread_service_principal.${spName}.object_id}`,
      resource_object_id: `\${data.azuread_service_principal.${exoName}.object_id}`,
    });
    const [roleName, role] = one(json, 'azuread_directory_role', `${spec.id}_ExchangeAccess_ExchangeAdministratorRole`);
    expect(role).toEqual({ provider, template_id: EXCHANGE_ADMIN_TEMPLATE });
    const [, assignment] = one(json, 'azuread_directory_role_assignment', `${spec.id}_ExchangeAccess_ExchangeAdministrator`);
    expect(assignment).toEqual({
      provider,
      role_id: `\${azuread_directory_role.${roleName}.template_id}`,
      principal_object_id: `\${azuread_service_principal.${spName}.object_id}`,
    });
  });

  test.each([[CONTOSO, FABRIKAM], [FABRIKAM, CONTOSO]])('the apply steps of $id depend on its own consent and role assignment and the app certificate, never on another tenant\'s', (spec, other) => {
    const { json } = fleet();
    const [consent] = one(json, 'azuread_app_role_assignment', `${spec.id}_ExchangeAccess_ManageAsAppConsent`);
    const [assignment] = one(json, 'azuread_directory_role_assignment', `${spec.id}_ExchangeAccess_ExchangeAdministrator`);
    const [certificate] = one(json, 'azuread_application_certificate', 'Automation_Certificate');
    const [teardown] = one(json, 'terraform_data', `${spec.id}_Teardown`);
    const access = [`azuread_app_role_assignment.${consent}`, `azuread_directory_role_assignment.${assignment}`, `azuread_application_certificate.${certificate}`];
    expect(resourceOf(json, `${spec.id}_Converge`).depends_on).toEqual([`terraform_data.${teardown}`, ...access]);
    expect(resourceOf(json, `${spec.id}_Teardown`).depends_on).toEqual(access);
    const [spName] = one(json, 'azuread_service_principal', `${spec.id}_ExchangeAccess_ServicePrincipal`);
    const gate = resourceOf(json, `${spec.id}_ExchangeAccess_Ready`);
    expect(gate).toEqual({ input: { app_id: `\${azuread_service_principal.${spName}.client_id}` }, depends_on: access });
    const mine = JSON.stringify([resourceOf(json, `${spec.id}_Converge`), resourceOf(json, `${spec.id}_Teardown`), gate]);
    expect(mine).not.toContain(`${other.id}_`);
  });

  test('the apply step gets the app id from Terraform, the tenant\'s initial domain and the runner certificate reference', () => {
    const { json } = fleet();
    const [gateName] = one(json, 'terraform_data', 'Contoso_ExchangeAccess_Ready');
    const appId = `\${terraform_data.${gateName}.output.app_id}`;
    expect(doc(json, 'Contoso').access).toEqual({ appId, organization: 'contoso.onmicrosoft.com', certificateEnv: 'EXO_APP_CERT_PFX_B64' });
    expect(doc(json, 'Contoso', 'Teardown').access).toEqual({ appId, organization: 'contoso.onmicrosoft.com', certificateEnv: 'EXO_APP_CERT_PFX_B64' });
    const registry = resourceOf(json, 'ExoGatewayFleet_Registry');
    const group = registry.input.groups.find((g: any) => g.tenants.some((t: string) => t.startsWith(`${CONTOSO.tenantId}|`)));
    expect(JSON.parse(group.access.replace(/\$\{[^}]*\}/, 'APP')).appId).toBe('APP');
    expect(group.access).toContain(`"appId":"${appId}"`);
    // the converge step gets that app id from Terraform in its environment; the only Terraform
    // expression in the teardown document is that app id
    expect(resourceOf(json, 'Contoso_Converge').provisioner[0]['local-exec'].environment.EXO_APP_ID).toBe(appId);
    const text = resourceOf(json, 'Contoso_Teardown').input as string;
    expect(text.replace(/\$\$\{/g, '').match(/\$\{[^}]*\}/g)).toEqual([appId]);
  });

  test('the converge trigger is the content hash and does not change with the app id', () => {
    const { json } = fleet();
    const converge = resourceOf(json, 'Contoso_Converge');
    expect(converge.triggers_replace[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(converge.triggers_replace.join('\n')).not.toContain('${');
  });

  test('outputs: the app id, and the service principal object id per tenant', () => {
    const { json } = fleet();
    const [appName] = one(json, 'azuread_application', 'Automation_Application');
    const outputs = Object.entries(json.output).map(([k, v]: [string, any]) => [k.replace(/_[0-9A-F]{8}$/, ''), v.value]);
    const sp = (id: string) => one(json, 'azuread_service_principal', `${id}_ExchangeAccess_ServicePrincipal`)[0];
    expect(outputs.sort()).toEqual([
      ['Automation_ClientId', `\${azuread_application.${appName}.client_id}`],
      ['Contoso_ExchangeAccess_ServicePrincipalObjectId', `\${azuread_service_principal.${sp('Contoso')}.object_id}`],
      ['Fabrikam_ExchangeAccess_ServicePrincipalObjectId', `\${azuread_service_principal.${sp('Fabrikam')}.object_id}`],
    ]);
  });

  test('no private key and no PFX reaches the synthesized JSON', () => {
    process.env.EXO_APP_CERT_PFX_B64 = 'U0VDUkVULVBGWC1CWVRFUw==';
    const text = JSON.stringify(fleet().json);
    delete process.env.EXO_APP_CERT_PFX_B64;
    expect(text).not.toMatch(/PRIVATE KEY/);
    expect(text).not.toContain('U0VDUkVULVBGWC1CWVRFUw==');
  });

  test('a role grant or sign-in audience outside its enum (untyped callers) is CBC017, not silently another grant', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ signInAudience: 'AzureADMultipleOrg' as any }), { roleGrant: 'ExchangeAdmin' as any }));
    const errors = synthWithAnnotations(s.stack).errors.filter((e) => e.includes('CBC017'));
    expect(errors).toEqual([
      expect.stringContaining("[msp/Automation] CBC017: signInAudience 'AzureADMultipleOrg' is not a member of SignInAudience"),
      expect.stringContaining("[msp/Contoso/ExchangeAccess] CBC017: roleGrant 'ExchangeAdmin' is not a member of ExchangeRoleGrant"),
    ]);
  });

  test('TenantAppAccess.of(tenant) gives the per-tenant resources', () => {
    const s = setup();
    const contoso = s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation()));
    const access = TenantAppAccess.of(contoso)!;
    expect(access.node.path).toBe('msp/Contoso/ExchangeAccess');
    expect(access.roleAssignment).toBeDefined();
    expect(access.provider.alias).toBe(alias(CONTOSO.tenantId));
    const byo = s.tenant(FABRIKAM, ExchangeAccess.certificateFile('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', '/x.pfx'));
    expect(TenantAppAccess.of(byo)).toBeUndefined();
  });

  test('with the Exchange role-group grant: no Entra role, the steps depend on the consent and certificate, and an info says what to do by hand', () => {
    const { json, errors, stack } = fleet({ roleGrant: ExchangeRoleGrant.EXCHANGE_ROLE_GROUP });
    expect(errors).toEqual([]);
    expect(json.resource.azuread_directory_role).toBeUndefined();
    expect(json.resource.azuread_directory_role_assignment).toBeUndefined();
    const [consent] = one(json, 'azuread_app_role_assignment', 'Contoso_ExchangeAccess_ManageAsAppConsent');
    const [certificate] = one(json, 'azuread_application_certificate', 'Automation_Certificate');
    const [teardown] = one(json, 'terraform_data', 'Contoso_Teardown');
    expect(resourceOf(json, 'Contoso_Converge').depends_on).toEqual([`terraform_data.${teardown}`, `azuread_app_role_assignment.${consent}`, `azuread_application_certificate.${certificate}`]);
    const info = infos(stack).filter((i) => i.startsWith('[msp/Contoso/ExchangeAccess]'));
    expect(info).toEqual([expect.stringContaining('New-ServicePrincipal')]);
    expect(info[0]).toContain('Remote and Accepted Domains, Transport Rules, View-Only Configuration');
  });

  test('useExistingServicePrincipal takes over a service principal created by an earlier consent', () => {
    const s = setup();
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation(), { useExistingServicePrincipal: true }));
    const json = JSON.parse(Testing.synth(s.stack));
    expect(one(json, 'azuread_service_principal', 'Contoso_ExchangeAccess_ServicePrincipal')[1].use_existing).toBe(true);
  });

  test('the library\'s providers take the fleet-wide settings, never a secret', () => {
    const s = setup();
    const directory = TenantDirectory.fromSettings({ clientId: 'c0ffee00-1234-4abc-8def-0123456789ab', useOidc: true });
    s.tenant(CONTOSO, ExchangeAccess.multiTenantApp(s.automation({ directory }), { directory }));
    const json = JSON.parse(Testing.synth(s.stack));
    expect(json.provider.azuread).toEqual([
      { alias: alias(HOME), tenant_id: HOME, client_id: 'c0ffee00-1234-4abc-8def-0123456789ab', use_oidc: true },
      { alias: alias(CONTOSO.tenantId), tenant_id: CONTOSO.tenantId, client_id: 'c0ffee00-1234-4abc-8def-0123456789ab', use_oidc: true },
    ]);
  });
});

describe('ExchangeAccess.appPerTenant: an app registered inside each customer tenant', () => {
  function fleet() {
    const s = setup();
    const access = ExchangeAccess.appPerTenant({ publicCertificateFile: certs.valid, runnerCertificate: RunnerCertificate.fromFile('/run/exo.pfx', { passwordEnv: 'EXO_PFX_PASSWORD' }) });
    s.tenant(CONTOSO, access);
    s.tenant(FABRIKAM, access);
    return { ...s, ...synthWithAnnotations(s.stack) };
  }

  test('synthesizes without findings; only the customer tenants\' providers exist', () => {
    const { json, errors, warnings } = fleet();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(json.provider.azuread).toEqual([
      { alias: alias(CONTOSO.tenantId), tenant_id: CONTOSO.tenantId },
      { alias: alias(FABRIKAM.tenantId), tenant_id: FABRIKAM.tenantId },
    ]);
    for (const type of ['azuread_application', 'azuread_application_certificate', 'azuread_service_principal', 'azuread_app_role_assignment', 'azuread_directory_role', 'azuread_directory_role_assignment']) {
      expect(count(json, type)).toBe(2);
    }
  });

  test.each([[CONTOSO, FABRIKAM], [FABRIKAM, CONTOSO]])('$id has its own single-organization app, wired to its own consent and role', (spec, other) => {
    const { json } = fleet();
    const provider = `azuread.${alias(spec.tenantId)}`;
    const [appName, application] = one(json, 'azuread_application', `${spec.id}_ExchangeApp_Application`);
    expect(application).toEqual({
      provider,
      display_name: 'exo-gateway-automation',
      sign_in_audience: 'AzureADMyOrg',
      required_resource_access: [{ resource_app_id: EXO_APP_ID, resource_access: [{ id: MANAGE_AS_APP, type: 'Role' }] }],
    });
    const [certName, certificate] = one(json, 'azuread_application_certificate', `${spec.id}_ExchangeApp_Certificate`);
    expect(certificate).toMatchObject({ provider, application_id: `\${azuread_application.${appName}.id}`, type: 'AsymmetricX509Cert', encoding: 'pem' });
    const [, sp] = one(json, 'azuread_service_principal', `${spec.id}_ExchangeAccess_ServicePrincipal`);
    expect(sp).toEqual({ provider, client_id: `\${azuread_application.${appName}.client_id}` });
    const [consent] = one(json, 'azuread_app_role_assignment', `${spec.id}_ExchangeAccess_ManageAsAppConsent`);
    const [assignment] = one(json, 'azuread_directory_role_assignment', `${spec.id}_ExchangeAccess_ExchangeAdministrator`);
    const [teardown] = one(json, 'terraform_data', `${spec.id}_Teardown`);
    expect(resourceOf(json, `${spec.id}_Converge`).depends_on).toEqual([
      `terraform_data.${teardown}`, `azuread_app_role_assignment.${consent}`, `azuread_directory_role_assignment.${assignment}`, `azuread_application_certificate.${certName}`,
    ]);
    expect(JSON.stringify(resourceOf(json, `${spec.id}_Converge`))).not.toContain(`${other.id}_`);
    expect(doc(json, spec.id).access).toEqual({ appId: expect.stringMatching(/^\$\{terraform_data\..+_ExchangeAccess_Ready_[0-9A-F]{8}\.output\.app_id\}$/), organization: spec.initialDomain, certificateFile: '/run/exo.pfx', certificatePasswordEnv: 'EXO_PFX_PASSWORD' });
  });

  test('outputs the app id and the service principal object id of every tenant', () => {
    const { json } = fleet();
    expect(Object.keys(json.output).map((k) => k.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual([
      'Contoso_ExchangeAccess_ServicePrincipalObjectId', 'Contoso_ExchangeApp_ClientId',
      'Fabrikam_ExchangeAccess_ServicePrincipalObjectId', 'Fabrikam_ExchangeApp_ClientId',
    ]);
  });
});

describe('ExchangeAccess.certificateFile takes a path, never the certificate', () => {
  const APP = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
  const pfxText = require('node:crypto').randomBytes(1500).toString('base64');

  test.each([
    ['nothing', '', /^EXG022: the PFX path is empty; give the path of the file on the runner/],
    ['blanks', '   ', /^EXG022: the PFX path is empty/],
    ['a base64 PFX', pfxText, /^EXG022: the PFX path must be the PATH of a file on the runner, and what was given looks like the certificate itself.*certificateFromEnvironment/],
    ['PEM text', `-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----`, /^EXG022: the PFX path must be the PATH of a file/],
  ])('%s is refused, and the value is not shown', (_what, value, message) => {
    let error: Error | undefined;
    try {
      ExchangeAccess.certificateFile(APP, value);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    if (value.trim()) expect(error?.message).not.toContain(value.slice(0, 40));
  });

  test('paths are accepted as given', () => {
    for (const p of ['/secrets/exo app.pfx', 'C:\\certs\\exo.p12', `/${'long-folder-name/'.repeat(20)}exo.pfx`]) {
      expect(() => ExchangeAccess.certificateFile(APP, p)).not.toThrow();
    }
  });
});
