/**
 * App-only Exchange Online access declared with the azuread provider: the three access models,
 * provider aliases per tenant, the apply steps' dependencies, outputs, and the findings
 * CBC011, CBC012 and CBC040-CBC044. The azuread provider cannot be installed here, so these
 * stacks are checked by the typed bindings (compile time) and by exact Testing.synth assertions.
 */
import * as fs from 'node:fs';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { IConstruct } from 'constructs';
import {
  ExchangeAccess,
  ExchangeAutomationApp,
  ExchangeAutomationAppProps,
  ExchangeRoleGrant,
  GatewayProfile,
  MailGateway,
  RunnerCertificate,
  SignInAudience,
  TenantAppAccess,
  TenantDirectory,
  TenantGateway,
} from '../../lib';
import { makeTestCertificates, TestCertificates } from './access-certificates';
import { convergeDocument, resourceOf, synthWithAnnotations } from '../helpers/synth';

const HOME = '5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b00';
const CONTOSO = { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbc: 'seppmail.contoso.com', domain: 'contoso.com' };
const FABRIKAM = { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbc: 'seppmail.fabrikam.com', domain: 'fabrikam.com' };
type TenantSpec = typeof CONTOSO;

const alias = (tenantId: string) => `exo_gateway_${tenantId.replace(/-/g, '_')}`;
const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
const EXCHANGE_ADMIN_TEMPLATE = '29232cdf-9323-42fd-ade2-1d097af3e4de';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => {
  fs.rmSync(certs.dir, { recursive: true, force: true });
});

function setup() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'msp');
  const gateway = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example', tlsCertificateName: '*.provider.example' });
  const tenant = (spec: TenantSpec, access: ExchangeAccess, scope: TerraformStack = stack) => {
    const t = new TenantGateway(scope, spec.id, { gateway, tenantId: spec.tenantId, initialDomain: spec.initialDomain, cbcCertificateName: spec.cbc, access });
    t.addManagedDomain('D', { domain: spec.domain });
    return t;
  };
  const automation = (props: Partial<ExchangeAutomationAppProps> = {}) => new ExchangeAutomationApp(stack, 'Automation', {
    tenantId: HOME,
    publicCertificateFile: certs.valid,
    runnerCertificate: RunnerCertificate.fromEnvironment('EXO_APP_CERT_PFX_B64'),
    ...props,
  });
  return { app, stack, gateway, tenant, automation };
}

/** The one resource of `type` whose name starts with `prefix_`, as [name, body]. */
function one(json: any, type: string, prefix: string, section = 'resource'): [string, any] {
  const entries = Object.entries(json[section]?.[type] ?? {}).filter(([k]) => k.startsWith(`${prefix}_`));
  if (entries.length !== 1) throw new Error(`expected one ${type} ${prefix}_*, found ${entries.map(([k]) => k).join(', ') || 'none'}`);
  return entries[0] as [string, any];
}

function count(json: any, type: string, section = 'resource'): number {
  return Object.keys(json[section]?.[type] ?? {}).length;
}

function doc(json: any, tenant: string, step = 'Converge') {
  return step === 'Converge' ? convergeDocument(json, tenant) : JSON.parse(resourceOf(json, `${tenant}_${step}`).input);
}

function infos(stack: TerraformStack): string[] {
  return (stack.node.findAll() as IConstruct[]).flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => `[${c.node.path}] ${m.data}`));
}

function codes(messages: string[]): string[] {
  return [...new Set(messages.map((m) => /\] (CBC\d{3}):/.exec(m)?.[1]).filter((c): c is string => !!c))].sort();
}

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
    const tenant = { path: 'msp/Contoso', name: 'Contoso', tenantId: CONTOSO.tenantId, initialDomain: CONTOSO.initialDomain, retired: false };
    expect(AccessDeclared.check({ fleet: { gateways: [], tenants: [tenant] }, desiredObjects: () => [] })).toEqual([
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
