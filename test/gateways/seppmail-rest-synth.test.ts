/**
 * SeppmailApplianceDeployment.restApi at synth (Testing.synth): the options it checks, how the
 * GatewaySync/GatewayTeardown steps are wired, the document (names of variables, never values),
 * the certificate checklist as a Terraform output and as info annotations, and CBC033-CBC035.
 */
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, SeppmailApplianceDeployment, TenantGateway } from '../../lib';
import { synthWithAnnotations, terraformData } from '../helpers/synth';
import { CHECK_CONTEXT, PKI } from './helpers';

const APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
const CONTOSO_ID = '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01';
const FABRIKAM_ID = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02';

function entry(json: any, prefix: string): [string, any] {
  const found = Object.entries(terraformData(json)).filter(([k]) => k.startsWith(`${prefix}_`));
  if (found.length !== 1) throw new Error(`expected one ${prefix}_*, found ${found.map(([k]) => k).join(', ')}`);
  return found[0];
}

function infos(stack: TerraformStack): string[] {
  return (stack.node.findAll() as IConstruct[]).flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => `[${c.node.path}] ${m.data}`));
}

const rest = (extra: Partial<Parameters<typeof SeppmailApplianceDeployment.restApi>[0]> = {}) =>
  SeppmailApplianceDeployment.restApi({ apiUrl: 'https://securemail.example-msp.net:8445/v1/', tokenEnv: 'SEPPMAIL_API_TOKEN', secretEnv: 'SEPPMAIL_API_SECRET', caFile: 'certs/appliance-ca.pem', ...extra });

function fleet(deployment = rest(), more: (stack: TerraformStack, gw: MailGateway) => void = () => undefined) {
  const app = Testing.app({ context: CHECK_CONTEXT });
  const stack = new TerraformStack(app, 'msp');
  const gw = new MailGateway(stack, 'Appliance', { profile: GatewayProfile.seppmailAppliance({ deployment }), fqdn: 'securemail.example-msp.net', tlsCertificateName: '*.example-msp.net', trustedRootsPemFile: path.join(PKI, 'root.pem') });
  const contoso = new TenantGateway(stack, 'Contoso', {
    gateway: gw,
    tenantId: CONTOSO_ID,
    initialDomain: 'contoso.onmicrosoft.com',
    cbcCertificateName: 'seppmail.contoso.com',
    cbcCertificate: CertificateSource.fromPemFile(path.join(PKI, 'contoso.pem'), { keyFile: path.join(PKI, 'contoso.key.pem') }),
    access: ExchangeAccess.certificateFromEnvironment(APP_ID, 'EXO_APP_CERT_PFX_B64'),
  });
  contoso.addManagedDomain('Main', { domain: 'contoso.com' });
  contoso.addManagedDomain('Swiss', { domain: 'contoso.ch' });
  const fabrikam = new TenantGateway(stack, 'Fabrikam', { gateway: gw, tenantId: FABRIKAM_ID, initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'seppmail.fabrikam.com', access: ExchangeAccess.certificateFromEnvironment(APP_ID, 'EXO_APP_CERT_PFX_B64') });
  fabrikam.addManagedDomain('Main', { domain: 'fabrikam.com' });
  more(stack, gw);
  return { stack, ...synthWithAnnotations(stack) };
}

describe('GatewayDeployment.seppmailRest', () => {
  const { stack, json, errors } = fleet();
  const [syncId, sync] = entry(json, 'Appliance_GatewaySync');
  const [teardownId, teardown] = entry(json, 'Appliance_GatewayTeardown');

  test('synthesizes without errors', () => {
    expect(errors).toEqual([]);
  });

  test('the document names the API, the variables and each tenant\'s customer, never a credential', () => {
    const doc = JSON.parse(sync.input.document);
    expect(doc.deployment).toEqual({
      kind: 'seppmail-rest',
      apiUrl: 'https://securemail.example-msp.net:8445/v1',
      tokenEnv: 'SEPPMAIL_API_TOKEN',
      secretEnv: 'SEPPMAIL_API_SECRET',
      caFile: path.resolve('certs/appliance-ca.pem'),
      insecureSkipVerify: false,
      customerPrefix: '',
      timeoutMs: 60000,
      owner: 'msp/Appliance',
    });
    expect(doc.tenants.map((t: any) => [t.name, t.customer, t.tenantId, t.managedDomains, t.exoMxHost, t.cbcCertificateName])).toEqual([
      ['Contoso', 'Contoso', CONTOSO_ID, ['contoso.com', 'contoso.ch'], 'contoso-com.mail.protection.outlook.com', 'seppmail.contoso.com'],
      ['Fabrikam', 'Fabrikam', FABRIKAM_ID, ['fabrikam.com'], 'fabrikam-com.mail.protection.outlook.com', 'seppmail.fabrikam.com'],
    ]);
  });

  test('GatewaySync runs gateway-sync with the document; every Converge depends on it', () => {
    expect(sync.triggers_replace).toMatch(/^[0-9a-f]{64}$/);
    expect(sync.provisioner[0]['local-exec'].command).toMatch(/exo-apply\.js" gateway-sync$/);
    expect(sync.provisioner[0]['local-exec'].environment).toEqual({ EXO_GATEWAY_DOCUMENT: '${self.input.document}' });
    expect(sync.depends_on).toContain(`terraform_data.${teardownId}`);
    for (const t of ['Contoso', 'Fabrikam']) {
      expect(entry(json, `${t}_Converge`)[1].depends_on).toContain(`terraform_data.${syncId}`);
      expect(entry(json, `${t}_Teardown`)[1].depends_on).toEqual([`terraform_data.${teardownId}`]);
    }
  });

  test('GatewayTeardown: a constant trigger (a new URL never tears the appliance down), no tenants, destroy-time only', () => {
    expect(teardown.triggers_replace).toBe('seppmail-rest');
    expect(teardown.provisioner[0]['local-exec'].when).toBe('destroy');
    expect(teardown.provisioner[0]['local-exec'].command).toMatch(/ gateway-teardown$/);
    const doc = JSON.parse(teardown.input.document);
    expect(doc.tenants).toEqual([]);
    expect(doc.deployment.owner).toBe('msp/Appliance');
  });

  test('the certificate checklist is a Terraform output: per tenant the certificate, its file and fingerprint, the domains, the GUI path', () => {
    const [id, output] = Object.entries<any>(json.output).find(([k]) => k.startsWith('Appliance_CertificateChecklist'))!;
    expect(id).toMatch(/^Appliance_CertificateChecklist/);
    expect(output.value).toHaveLength(2);
    expect(output.value[0]).toEqual({
      tenant: 'Contoso',
      tenantId: CONTOSO_ID,
      customer: 'Contoso',
      certificateName: 'seppmail.contoso.com',
      certificateFile: path.join(PKI, 'contoso.pem'),
      fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      managedDomains: ['contoso.com', 'contoso.ch'],
      guiPath: 'Mail System > Managed Domains > <domain> > TLS Settings',
      step: expect.stringContaining('In the SEPPmail appliance GUI, Mail System > Managed Domains > each of contoso.com, contoso.ch > TLS Settings: import the certificate issued to seppmail.contoso.com (file '),
    });
    expect(output.value[1]).toMatchObject({ tenant: 'Fabrikam', certificateName: 'seppmail.fabrikam.com', managedDomains: ['fabrikam.com'] });
    expect(output.value[1].certificateFile).toBeUndefined();
  });

  test('and an info annotation on each tenant', () => {
    const notes = infos(stack).filter((i) => i.includes('manual step'));
    expect(notes).toEqual([
      expect.stringMatching(/^\[msp\/Contoso\] manual step for tenant Contoso: In the SEPPmail appliance GUI, Mail System > Managed Domains > each of contoso.com, contoso.ch > TLS Settings: import the certificate issued to seppmail.contoso.com/),
      expect.stringMatching(/^\[msp\/Fabrikam\] manual step for tenant Fabrikam: In the SEPPmail appliance GUI, Mail System > Managed Domains > fabrikam.com > TLS Settings: import the certificate issued to seppmail.fabrikam.com, the same certificate/),
    ]);
  });

  test('no certificate file is a CBC030 error here: the library does not deploy key material to the appliance', () => {
    expect(errors.join('\n')).not.toMatch(/CBC030/);
  });

  test('owner and customerPrefix reach the document', () => {
    const { json: j } = fleet(rest({ owner: 'fleet-a', customerPrefix: 'msp_' }));
    const doc = JSON.parse(entry(j, 'Appliance_GatewaySync')[1].input.document);
    expect(doc.deployment.owner).toBe('fleet-a');
    expect(doc.tenants.map((t: any) => t.customer)).toEqual(['msp_Contoso', 'msp_Fabrikam']);
  });
});

describe('GatewayDeployment.seppmailRest options', () => {
  const base = { apiUrl: 'https://sm.example.net:8445/v1', tokenEnv: 'SM_TOKEN', secretEnv: 'SM_SECRET' };

  test('is a deployment of the SEPPmail appliance', () => {
    const d = SeppmailApplianceDeployment.restApi(base);
    expect([d.kind, d.product]).toEqual(['seppmail-rest', 'seppmail-appliance']);
  });

  test.each([
    [{ apiUrl: 'http://sm.example.net:8445/v1' }, /must use https/],
    [{ apiUrl: 'https://admin:pw@sm.example.net:8445/v1' }, /must not contain a user name or password/],
    [{ apiUrl: 'https://sm.example.net:8445' }, /has no version path; the API's base URL ends in \/v1/],
    [{ apiUrl: 'sm.example.net' }, /is not a URL/],
    [{ tokenEnv: 'my secret token' }, /^(?!.*my secret token).*tokenEnv is not an environment variable name.*not shown/],
    [{ secretEnv: 'SM_TOKEN' }, /tokenEnv and secretEnv are both 'SM_TOKEN'/],
    [{ customerPrefix: 'msp.' }, /customerPrefix 'msp.' may hold only letters, digits/],
    [{ owner: 'a b' }, /owner 'a b' may hold only/],
    [{ timeoutSeconds: 0 }, /timeoutSeconds 0 must be between 1 and 3600/],
  ])('fails for %j', (extra, message) => {
    expect(() => SeppmailApplianceDeployment.restApi({ ...base, ...extra })).toThrow(message);
  });

  test('is a deployment of the SEPPmail appliance profile', () => {
    const deployment = SeppmailApplianceDeployment.restApi(base);
    expect([deployment.kind, deployment.product]).toEqual(['seppmail-rest', 'seppmail-appliance']);
    expect(GatewayProfile.seppmailAppliance({ deployment }).product).toBe('seppmail-appliance');
  });
});

describe('rules CBC033-CBC035', () => {
  const messages = (r: { errors: string[]; warnings: string[] }) => [...r.errors, ...r.warnings].join('\n');

  test('CBC033: tenants whose customer names collide (case and punctuation ignored)', () => {
    const r = fleet(rest(), (stack, gw) => {
      const t = new TenantGateway(stack, 'contoso', { gateway: gw, tenantId: '11111111-aaaa-4bbb-8ccc-222222222222', initialDomain: 'contoso2.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso2.com', access: ExchangeAccess.certificateFromEnvironment(APP_ID, 'X') });
      t.addManagedDomain('Main', { domain: 'contoso2.com' });
    });
    expect(messages(r)).toMatch(/CBC033: tenants 'Contoso' and 'contoso' of the gateway securemail.example-msp.net both get the SEPPmail customer contoso/);
  });

  test('CBC034: a managed domain the API would refuse (top-level label longer than 6 letters)', () => {
    const r = fleet(rest(), (stack, gw) => {
      const t = new TenantGateway(stack, 'Tailspin', { gateway: gw, tenantId: '11111111-aaaa-4bbb-8ccc-222222222222', initialDomain: 'tailspin.onmicrosoft.com', cbcCertificateName: 'mail.tailspin.consulting', access: ExchangeAccess.certificateFromEnvironment(APP_ID, 'X') });
      t.addManagedDomain('Main', { domain: 'tailspin.consulting' });
    });
    expect(messages(r)).toMatch(/CBC034: managed domain 'tailspin.consulting' of tenant 'Tailspin' does not match the SEPPmail API's domain name pattern/);
  });

  test('CBC035: insecureSkipVerify is a warning', () => {
    const r = fleet(rest({ insecureSkipVerify: true, caFile: undefined }));
    expect(r.warnings.join('\n')).toMatch(/CBC035: the SEPPmail REST deployment of securemail.example-msp.net does not verify the certificate of https:\/\/securemail.example-msp.net:8445\/v1/);
    expect(messages(fleet())).not.toMatch(/CBC03[345]/);
  });
});
