/**
 * FleetFile gatewayProfiles: a custom profile, or a profile with a gateway deployment, is built in
 * code and given to the FleetFile by gateway name; the file still names the product. The result
 * is the same as the same fleet written in TypeScript, and every disagreement is refused with the
 * gateway's place in the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { CERTIFICATE_CHECK_TIME_CONTEXT, FleetFile, GatewayProfile, PostfixDeployment } from '../../lib';
import { acmeProfile, AUTOMATION_APP_ID, CERT_ENV, CustomGatewayStack, CUSTOM_TENANTS } from '../../examples/custom-gateway/fleet';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-file-profiles-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Every synthesized file of each stack that says what Exchange and the gateway get, by stack/path. */
function outputs(outdir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
    const docs = path.join(outdir, 'stacks', stack, 'exo-gateway-documents');
    for (const f of fs.existsSync(docs) ? fs.readdirSync(docs) : []) out[`${stack}/${f}`] = fs.readFileSync(path.join(docs, f), 'utf8');
  }
  return out;
}

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');
/** The test PKI is judged as of its generation time plus one day. */
const CHECK_CONTEXT = { [CERTIFICATE_CHECK_TIME_CONTEXT]: new Date(new Date(JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8')).generated).getTime() + 86_400_000).toISOString() };

function synth(build: (app: App) => void): { outdir: string; files: Record<string, string> } {
  const outdir = fs.mkdtempSync(path.join(dir, 'out-'));
  const app = new App({ outdir, skipValidation: true, context: CHECK_CONTEXT });
  build(app);
  app.synth();
  return { outdir, files: outputs(outdir) };
}

function errorOf(f: () => unknown): string {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error('expected an error');
}

const tenantsYaml = CUSTOM_TENANTS.map((t) => `  ${t.id}:
    tenantId: ${t.tenantId}
    initialDomain: ${t.initialDomain}
    cbcCertificateName: ${t.cbcCertificateName}
    domains: [${t.domains.join(', ')}]
`).join('');

const fleet = (gateway: string) => `version: 1
gateways:
${gateway}defaults:
  access: { appId: ${AUTOMATION_APP_ID}, certificateEnv: ${CERT_ENV} }
tenants:
${tenantsYaml}`;

const ACME = `  Acme:
    profile: custom
    fqdn: filter.acme-gateway.example
`;

describe('FleetFile gatewayProfiles', () => {
  test('a custom profile from code gives the same documents as the same fleet in TypeScript', () => {
    const file = write('custom.yaml', fleet(ACME));
    const fromFile = synth((app) => new FleetFile(new TerraformStack(app, 'custom'), 'Fleet', { path: file, gatewayProfiles: { Acme: acmeProfile() } }));
    const inCode = synth((app) => new CustomGatewayStack(app, 'custom'));
    expect(Object.keys(fromFile.files)).toHaveLength(CUSTOM_TENANTS.length + 1); // and report.json
    expect(fromFile.files).toEqual(inCode.files);
  });

  test('a Postfix profile with a deployment from code synthesizes the gateway deployment', () => {
    const file = write('postfix.yaml', `version: 1
gateways:
  Relay: { profile: postfix, fqdn: relay.provider.example }
defaults:
  access: { appId: ${AUTOMATION_APP_ID}, certificateEnv: ${CERT_ENV} }
tenants:
  Contoso:
    tenantId: 6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01
    initialDomain: contoso.onmicrosoft.com
    cbcCertificateName: seppmail.contoso.com
    cbcCertificate: { pemFile: ${path.join(PKI, 'contoso.pem')}, keyFile: ${path.join(PKI, 'contoso.key.pem')} }
    domains: [contoso.com]
`);
    const stack = new TerraformStack(Testing.app({ context: CHECK_CONTEXT }), 'relay');
    new FleetFile(stack, 'Fleet', {
      path: file,
      gatewayProfiles: { Relay: GatewayProfile.postfix({ deployment: PostfixDeployment.files({ outputDir: path.join(dir, 'gateway-files') }) }) },
    });
    // (The test PKI's root is not a trusted root of the gateway, which the file cannot declare: Testing.synth keeps going past that finding.)
    const resources = JSON.parse(Testing.synth(stack)).resource.terraform_data;
    const sync = Object.entries(resources).find(([id]) => /^Relay_GatewaySync_/.test(id))?.[1] as { input: { document: string } } | undefined;
    expect(JSON.parse(sync!.input.document)).toMatchObject({ deployment: { kind: 'postfix-files' }, tenants: [{ name: 'Contoso', managedDomains: ['contoso.com'], certificate: { file: path.join(PKI, 'contoso.pem') } }] });
  });

  test('without a profile in code, profile custom is refused at the gateway\'s place', () => {
    const file = write('no-code.yaml', fleet(ACME));
    expect(errorOf(() => new FleetFile(new TerraformStack(new App(), 's'), 'Fleet', { path: file }))).toMatch(/no-code\.yaml:3:\d+: .*profile custom is built in code: give the FleetFile a GatewayProfile\.custom/);
  });

  test('a profile in code of another product, options in both places, an unknown gateway name and a sharded deployment are refused', () => {
    const file = write('mismatch.yaml', fleet(ACME));
    expect(errorOf(() => new FleetFile(new TerraformStack(new App(), 's'), 'Fleet', { path: file, gatewayProfiles: { Acme: GatewayProfile.seppmailAppliance() } })))
      .toMatch(/mismatch\.yaml:3:\d+: .*the file says profile custom and gatewayProfiles gives a seppmail-appliance profile/);
    const ftapi = write('ftapi.yaml', fleet('  Ft:\n    profile: ftapi\n    fqdn: ft.provider.example\n    ftapi: { domainValidation: true }\n'));
    expect(errorOf(() => new FleetFile(new TerraformStack(new App(), 's'), 'Fleet', { path: ftapi, gatewayProfiles: { Ft: GatewayProfile.ftapi() } })))
      .toMatch(/its ftapi options are in the file and its profile is given in code/);
    expect(errorOf(() => new FleetFile(new TerraformStack(new App(), 's'), 'Fleet', { path: file, gatewayProfiles: { Acme: acmeProfile(), Acmee: acmeProfile() } })))
      .toMatch(/EXG013.*gatewayProfiles names Acmee, which .*mismatch\.yaml does not declare \(its gateways: Acme\)/);
    const postfix = write('sharded.yaml', fleet('  Relay:\n    profile: postfix\n    fqdn: relay.provider.example\n'));
    expect(errorOf(() => new FleetFile(new App(), 'Fleet', { path: postfix, shardCount: 2, gatewayProfiles: { Relay: GatewayProfile.postfix({ deployment: PostfixDeployment.files({ outputDir: 'x' }) }) } })))
      .toMatch(/sharded\.yaml:3:\d+: .*gateway deployment, and the fleet is sharded/);
  });

  test('a profile that is null or not a profile is refused with its gateway name', () => {
    const file = write('null.yaml', fleet(ACME));
    const nul = errorOf(() => new FleetFile(new TerraformStack(new App(), 's'), 'Fleet', { path: file, gatewayProfiles: { Acme: null as unknown as GatewayProfile } }));
    expect(nul).toMatch(/^EXG013: FleetFile at s\/Fleet: gatewayProfiles\.Acme is null; give a GatewayProfile/);
    const other = errorOf(() => new FleetFile(new TerraformStack(new App(), 's'), 'Fleet', { path: file, gatewayProfiles: { Acme: { product: 'custom' } as unknown as GatewayProfile } }));
    expect(other).toMatch(/^EXG013: FleetFile at s\/Fleet: gatewayProfiles\.Acme is not a GatewayProfile; give a GatewayProfile/);
  });
});
