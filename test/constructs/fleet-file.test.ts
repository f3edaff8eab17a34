/**
 * FleetFile: a fleet declared as fleet.yaml builds the same documents as the same fleet in
 * TypeScript, and every malformed file is refused with EXG013 and file:line:column, in bounded
 * time and memory.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack, Testing } from 'cdktf';
import { ExchangeAccess, FleetFile, FleetShards, GatewayProfile, MailGateway, NoSpamProxyOutboundRouting, RulePlacement, TenantGateway } from '../../lib';
import { buildShardedFleet, generatedTenants } from '../../examples/sharded-fleet/fleet';
import { AUTOMATION_APP_ID, CERT_ENV } from '../../examples/seppmail-msp/fleet';
import { parseFleetFileText } from '../../lib/core/fleet-file-parse';
import { synthWithAnnotations } from '../helpers/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'gitops-fleet', 'fleet.yaml');
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-file-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Every file under <outdir>/stacks/<stack>/exo-gateway-documents, by stack/name. */
function documents(outdir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
    const docs = path.join(outdir, 'stacks', stack, 'exo-gateway-documents');
    if (!fs.existsSync(docs)) continue;
    for (const f of fs.readdirSync(docs)) out[`${stack}/${f}`] = fs.readFileSync(path.join(docs, f), 'utf8');
  }
  return out;
}

function synthApp(build: (app: App) => void): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(dir, 'out-'));
  const app = new App({ outdir, skipValidation: true });
  build(app);
  app.synth();
  return documents(outdir);
}

/** The error message of `f`, which must throw. */
function errorOf(f: () => unknown): string {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error('expected an error');
}

const HEAD = `version: 1
gateways:
  Appliance:
    profile: seppmail-appliance
    fqdn: securemail.example-msp.net
defaults:
  access: { appId: ${AUTOMATION_APP_ID}, certificateEnv: ${CERT_ENV} }
tenants:
`;

describe('FleetFile builds what TypeScript builds', () => {
  test('the 25-tenant example file and the same fleet in TypeScript synthesize identical documents', () => {
    const fromFile = synthApp((app) => {
      const fleet = new FleetFile(app, 'Fleet', { path: EXAMPLE });
      fleet.stacks.forEach((s) => new LocalBackend(s, { path: 'terraform.tfstate' }));
    });
    const fromCode = synthApp((app) => {
      // The example's own TypeScript fleet, with the file's one pin and one connector option.
      const shards = buildShardedFleet(app, generatedTenants(25), { shardCount: 3, pins: { Customer00025: 0 } });
      const customer7 = shards.stacks.map((s) => s.node.tryFindChild('Customer00007')).find((c) => c !== undefined) as TenantGateway;
      customer7.addCbcConnector('Connector', { rulePlacement: RulePlacement.BOTTOM });
    });
    expect(Object.keys(fromFile).length).toBeGreaterThanOrEqual(25);
    expect(fromFile).toEqual(fromCode);
  });

  test('an unsharded file with per-tenant options equals the hand-written stack; JSON is accepted', () => {
    const yaml = `version: 1
gateways:
  Nsp:
    profile: nospamproxy
    fqdn: nsp.example-msp.net
    noSpamProxy: { outboundRouting: transport-rule }
tenants:
  Contoso:
    tenantId: 00000000-0000-4000-8000-0000000000c1
    initialDomain: contoso.onmicrosoft.com
    cbcCertificateName: mail.contoso.example
    domains: [contoso.example]
    access: { appId: ${AUTOMATION_APP_ID}, certificateFile: certs/app.pfx, passwordEnv: APP_PFX_PASSWORD }
    adoptExisting: true
    transport: adminApi
    connector: { rulesEnabled: false, strict: true }
  Fabrikam:
    tenantId: 00000000-0000-4000-8000-0000000000f2
    initialDomain: fabrikam.onmicrosoft.com
    cbcCertificateName: mail.fabrikam.example
    domains: [fabrikam.example, fabrikam.example.org]
    access: { appId: ${AUTOMATION_APP_ID}, certificateEnv: ${CERT_ENV} }
    retired: true
`;
    const file = write('unsharded.yaml', yaml);
    const json = write('unsharded.json', JSON.stringify(parseFleetFileJs(yaml), null, 2));
    const fromFile = (p: string) => synthApp((app) => new FleetFile(new TerraformStack(app, 'msp'), 'Fleet', { path: p }));
    const fromCode = synthApp((app) => {
      const stack = new TerraformStack(app, 'msp');
      const gateway = new MailGateway(stack, 'Nsp', { profile: GatewayProfile.noSpamProxy({ outboundRouting: NoSpamProxyOutboundRouting.TRANSPORT_RULE }), fqdn: 'nsp.example-msp.net' });
      const contoso = new TenantGateway(stack, 'Contoso', {
        gateway, tenantId: '00000000-0000-4000-8000-0000000000c1', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'mail.contoso.example',
        access: ExchangeAccess.certificateFile(AUTOMATION_APP_ID, path.relative(process.cwd(), path.join(dir, 'certs/app.pfx')), { passwordEnv: 'APP_PFX_PASSWORD' }),
        adoptExisting: true, transport: 'adminApi' as never,
      });
      contoso.addManagedDomain('Domain1', { domain: 'contoso.example' });
      contoso.addCbcConnector('Connector', { rulesEnabled: false, strict: true });
      const fabrikam = new TenantGateway(stack, 'Fabrikam', {
        gateway, tenantId: '00000000-0000-4000-8000-0000000000f2', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'mail.fabrikam.example',
        access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV), retired: true,
      });
      fabrikam.addManagedDomain('Domain1', { domain: 'fabrikam.example' });
      fabrikam.addManagedDomain('Domain2', { domain: 'fabrikam.example.org' });
    });
    expect(Object.keys(fromCode).length).toBeGreaterThanOrEqual(2);
    expect(fromFile(file)).toEqual(fromCode);
    expect(fromFile(json)).toEqual(fromCode);
  });

  test('code adjusts a single tenant of the file; shardCount in props overrides the file', () => {
    const app = Testing.app();
    const fleet = new FleetFile(app, 'Fleet', { path: EXAMPLE, shardCount: 5, stackIdPrefix: 'gw' });
    expect(fleet.stacks.map((s) => s.node.id)).toEqual(['gw-0', 'gw-1', 'gw-2', 'gw-3', 'gw-4']);
    expect(fleet.tenantNames).toHaveLength(25);
    const t = fleet.tenant('Customer00003');
    expect(TerraformStack.of(t).node.id).toBe(`gw-${FleetShards.shardOf(t.tenantId, 5)}`);
    expect(TerraformStack.of(fleet.tenant('Customer00025')).node.id).toBe('gw-0');
    t.addManagedDomain('Extra', { domain: 'customer00003-extra.example' });
    expect(errorOf(() => fleet.tenant('Nobody'))).toMatch(/^EXG013: .*no tenant named Nobody/);
  });
});

/** The plain value of a YAML text, for writing the JSON twin of a fixture. */
function parseFleetFileJs(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml').parse(text);
}

describe('malformed fleet files: EXG013 with file:line:column, all problems at once', () => {
  const tenant = (name: string, n: number, extra = '') => `  ${name}:
    tenantId: 00000000-0000-4000-8000-${String(n).padStart(12, '0')}
    initialDomain: ${name.toLowerCase()}.onmicrosoft.com
    cbcCertificateName: mail.${name.toLowerCase()}.example
    domains: [${name.toLowerCase()}.example]
${extra}`;

  test('bad YAML', () => {
    const msg = errorOf(() => parseFleetFileText('bad.yaml', HEAD + '  Contoso: [unclosed\n'));
    expect(msg).toMatch(/^EXG013: fleet file bad.yaml/);
    expect(msg).toMatch(/bad\.yaml:\d+:\d+: /);
  });

  test('wrong types, unknown keys with a suggestion, missing fields: each named with its tenant, all reported', () => {
    const msg = errorOf(() => parseFleetFileText('f.yaml', HEAD + tenant('Contoso', 1, '    retierd: true\n    shard: two\n') + tenant('Fabrikam', 2, '    retired: yes\n    connector: { rulePlacement: bottom }\n') + '  Empty:\n    tenantId: 42\n'));
    expect(msg).toContain('f.yaml:14:5: tenant Contoso: unknown field "retierd" in tenants.Contoso. Did you mean "retired"?');
    expect(msg).toMatch(/f\.yaml:15:12: tenant Contoso: tenants\.Contoso\.shard is "two"; expected a whole number/);
    expect(msg).toMatch(/f\.yaml:21:14: tenant Fabrikam: tenants\.Fabrikam\.retired is "yes"; expected true or false/);
    expect(msg).toMatch(/f\.yaml:22:33: tenant Fabrikam: tenants\.Fabrikam\.connector\.rulePlacement is "bottom"; expected one of "Top", "Bottom"\. Did you mean "Bottom"\?/);
    expect(msg).toMatch(/f\.yaml:24:15: tenant Empty: tenants\.Empty\.tenantId is 42/);
    expect(msg).toMatch(/tenant Empty: tenants\.Empty has no initialDomain/);
  });

  test('duplicate tenants (YAML keys or the same tenantId) and duplicate domains', () => {
    const dupKey = errorOf(() => parseFleetFileText('d.yaml', HEAD + tenant('Contoso', 1) + tenant('Contoso', 2)));
    expect(dupKey).toMatch(/d\.yaml:14:3: a key is declared twice/);
    const dupId = errorOf(() => parseFleetFileText('d.yaml', HEAD + tenant('Contoso', 1) + tenant('Fabrikam', 1)));
    expect(dupId).toMatch(/d\.yaml:14:3: tenant Fabrikam: tenantId 00000000-0000-4000-8000-000000000001 is also the tenantId of tenant Contoso/);
    const dupDomain = errorOf(() => parseFleetFileText('d.yaml', HEAD + tenant('Contoso', 1) + tenant('Fabrikam', 2).replace('[fabrikam.example]', '[Contoso.example.]')));
    expect(dupDomain).toMatch(/d\.yaml:14:3: tenant Fabrikam: domain Contoso\.example\. is also declared by tenant Contoso/);
  });

  test('anchors, aliases and tags are refused', () => {
    const msg = errorOf(() => parseFleetFileText('a.yaml', HEAD + tenant('Contoso', 1, '    access: &acc { appId: 3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21, certificateEnv: X }\n') + tenant('Fabrikam', 2, '    access: *acc\n    retired: !!bool true\n')));
    expect(msg).toMatch(/a\.yaml:14:18: tenant Contoso: tenants\.Contoso\.access carries the anchor &acc/);
    expect(msg).toMatch(/a\.yaml:20:13: tenant Fabrikam: tenants\.Fabrikam\.access is an alias/);
    expect(msg).toMatch(/a\.yaml:21:21: tenant Fabrikam: tenants\.Fabrikam\.retired carries the tag/);
  });

  test('a YAML bomb is refused quickly without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const bomb = `version: 1\nbomb:\n${levels.map((l) => '  ' + l).join('\n')}\ngateways: {}\ntenants: {}\n`;
    const started = Date.now();
    const heap = process.memoryUsage().heapUsed;
    const msg = errorOf(() => parseFleetFileText('bomb.yaml', bomb));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(100 * 1024 * 1024);
    expect(msg).toMatch(/bomb\.yaml:2:1: unknown field "bomb"/);
  });

  test('a 10 MB file is refused before it is read', () => {
    const big = write('big.yaml', HEAD + '#'.repeat(10 * 1024 * 1024) + '\n');
    const started = Date.now();
    const msg = errorOf(() => new FleetFile(new TerraformStack(Testing.app(), 's'), 'Fleet', { path: big }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(msg).toMatch(/^EXG013: .*big\.yaml:1:1: is 10\d+ bytes, more than the 2097152/s);
  });

  test('a directory, a device or a pipe is refused with what it is, without being read', () => {
    const stack = () => new TerraformStack(Testing.app(), 's');
    const sub = path.join(dir, 'a-folder');
    fs.mkdirSync(sub, { recursive: true });
    expect(errorOf(() => new FleetFile(stack(), 'Fleet', { path: sub }))).toMatch(/^EXG013: .*a-folder:1:1: is a directory, not a regular file/s);
    const zero = path.join(dir, 'zero.yaml');
    fs.symlinkSync('/dev/zero', zero);
    const started = Date.now();
    expect(errorOf(() => new FleetFile(stack(), 'Fleet', { path: zero }))).toMatch(/^EXG013: .*zero\.yaml:1:1: is a character device, not a regular file/s);
    expect(Date.now() - started).toBeLessThan(2000);
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => new FleetFile(stack(), 'Fleet', { path: fifo }))).toMatch(/^EXG013: .*pipe\.yaml:1:1: is a named pipe, not a regular file/s);
  });

  test('cross-field problems: access choice, gateway reference, shard pin, profile options', () => {
    const text = HEAD.replace('certificateEnv: ' + CERT_ENV, 'certificateEnv: A, certificateFile: b.pfx').replace('fqdn: securemail.example-msp.net', 'ftapi: {}')
      + tenant('Contoso', 1, '    gateway: Applaince\n    shard: 3\n');
    const msg = errorOf(() => parseFleetFileText('x.yaml', text));
    expect(msg).toMatch(/x\.yaml:3:3: gateways\.Appliance\.ftapi is given for profile "seppmail-appliance"/);
    expect(msg).toMatch(/gateways\.Appliance has no fqdn/);
    expect(msg).toMatch(/defaults\.access needs exactly one of certificateFile and certificateEnv/);
    expect(msg).toMatch(/x\.yaml:9:3: tenant Contoso: gateway "Applaince" is not declared under gateways: \(Appliance\)\. Did you mean "Appliance"\?/);
    expect(msg).toMatch(/tenant Contoso: shard 3 is pinned, but the file has no shardCount/);
  });

  test('defaults.access choices are reported on its own line; an invalid fqdn is not also reported missing', () => {
    const both = errorOf(() => parseFleetFileText('x.yaml', HEAD.replace('certificateEnv: ' + CERT_ENV, 'certificateEnv: A, certificateFile: b.pfx') + tenant('Contoso', 1)));
    expect(both).toMatch(/x\.yaml:7:11: defaults\.access needs exactly one of certificateFile and certificateEnv/);
    const neither = errorOf(() => parseFleetFileText('x.yaml', HEAD.replace(', certificateEnv: ' + CERT_ENV, '') + tenant('Contoso', 1)));
    expect(neither).toMatch(/x\.yaml:7:11: defaults\.access needs exactly one of certificateFile and certificateEnv/);
    const badFqdn = errorOf(() => parseFleetFileText('x.yaml', HEAD.replace('fqdn: securemail.example-msp.net', 'fqdn: securemail_example') + tenant('Contoso', 1)));
    expect(badFqdn).toMatch(/x\.yaml:5:11: gateways\.Appliance\.fqdn is "securemail_example"; expected a DNS name/);
    expect(badFqdn).not.toMatch(/has no fqdn/);
    expect(badFqdn).toMatch(/has 1 problem;/);
  });

  test('the top level is named in words: an empty file, a misspelt or wrong top level', () => {
    for (const text of ['', '# only a comment\n']) {
      const msg = errorOf(() => parseFleetFileText('empty.yaml', text));
      expect(msg).toMatch(/empty\.yaml:1:1: the file is empty \(no content, or only comments\); expected a mapping of \$schema, version, /);
    }
    const typo = errorOf(() => parseFleetFileText('t.yaml', HEAD.replace('tenants:', 'tenant:') + tenant('Contoso', 1)));
    expect(typo).toContain('t.yaml:8:1: unknown field "tenant" at the top level. Did you mean "tenants"?');
    expect(typo).toContain('t.yaml:1:1: the file has no tenants;');
    expect(errorOf(() => parseFleetFileText('l.yaml', '- a\n- b\n'))).toContain('l.yaml:1:1: the top level is a list; expected a mapping of $schema, version, ');
  });

  test('an unsharded file declared on the App, outside any stack, is refused at construction', () => {
    const file = write('on-app.yaml', HEAD + tenant('Contoso', 1));
    const msg = errorOf(() => new FleetFile(Testing.app(), 'Fleet', { path: file }));
    expect(msg).toMatch(/^EXG013: FleetFile at Fleet: .*on-app\.yaml has no shardCount and the FleetFile is not inside a TerraformStack.*Declare it in a stack .*or give shardCount/s);
  });

  test('a pin of the file that the props\' shardCount leaves out is refused with the tenant\'s place', () => {
    const pinned = errorOf(() => new FleetFile(Testing.app(), 'Fleet', { path: write('pinned.yaml', fs.readFileSync(EXAMPLE, 'utf8').replace('    shard: 0', '    shard: 2')), shardCount: 2 }));
    expect(pinned).toMatch(/pinned\.yaml:\d+:3: tenant Customer00025: the pin shard 2 does not exist with shardCount 2/);
  });

  test('an error of a construct built from a valid entry names the entry\'s place', () => {
    const text = HEAD + tenant('Contoso', 1).replace(/ {4}cbcCertificateName.*\n/, '');
    const msg = errorOf(() => new FleetFile(new TerraformStack(Testing.app(), 's'), 'Fleet', { path: write('noname.yaml', text) }));
    expect(msg).toMatch(/noname\.yaml:9:3: tenant Contoso: EXG004: /);
  });

  test('a synth-time finding on a construct built from the file names the entry\'s place; code-built constructs read as before', () => {
    const text = HEAD.replace('fqdn: securemail.example-msp.net', "fqdn: securemail.example-msp.net\n    tlsCertificateName: '*.other.example'")
      + tenant('Contoso', 1).replace('initialDomain: contoso.onmicrosoft.com', 'initialDomain: contoso.example').replace('[contoso.example]', '[contoso.example, contoso.123]');
    const stack = new TerraformStack(Testing.app(), 'S');
    const fleet = new FleetFile(stack, 'Fleet', { path: write('findings.yaml', text) });
    const coded = new TenantGateway(stack, 'Coded', { gateway: fleet.gateway('Appliance'), tenantId: '00000000-0000-4000-8000-000000000099', initialDomain: 'coded.example', cbcCertificateName: 'mail.coded.example', access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV) });
    coded.addManagedDomain('D', { domain: 'coded.example.org' });
    const { errors, warnings } = synthWithAnnotations(stack);
    const all = [...errors, ...warnings];
    // The tenant (line 10), its domain (a child of the tenant) and the gateway (line 3).
    expect(all).toContainEqual(expect.stringMatching(/^\[S\/Contoso\] \S*findings\.yaml:10:3: tenant Contoso: CBC010: initialDomain 'contoso\.example'/));
    expect(all).toContainEqual(expect.stringMatching(/^\[S\/Contoso\/Domain2\] \S*findings\.yaml:10:3: tenant Contoso: CBC\d+: managed domain 'contoso\.123'/));
    expect(all).toContainEqual(expect.stringMatching(/^\[S\/Appliance\] \S*findings\.yaml:3:3: gateway Appliance: CBC\d+: gateway tlsCertificateName/));
    // The tenant written in TypeScript: its finding starts with its code, as before.
    expect(all).toContainEqual(expect.stringMatching(/^\[S\/Coded\] CBC010: initialDomain 'coded\.example'/));
    expect(all.filter((m) => m.includes('Coded')).every((m) => !m.includes('findings.yaml'))).toBe(true);
  });
});
