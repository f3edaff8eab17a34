/**
 * The packed library works from a project of its own: `npm pack` on a fresh copy of the
 * repository, the tarball installed with its peers into a new project, the example fleet
 * (examples/seppmail-msp, importing the package by name) compiled without @types/node,
 * synthesized, and applied with the real Terraform to the simulated Exchange Online. Once on
 * cdktf 0.21 and once on CDK Terrain 0.24 (cdktn, installed under the name cdktf).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TENANTS, CERT_ENV } from '../../examples/seppmail-msp/fleet';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { lifecycleBinaries } from '../helpers/lifecycle';
import { consumerProject, copyExample, devVersion, packFresh, PACKAGE, REPO, run, stackConvergeDocuments, tempDir } from './packaging';

const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const STACK = 'seppmail-msp';

/** What a user installs: the route README.md "Using it from your own project" documents. */
const FLAVOURS = [
  {
    name: 'cdktf 0.21',
    dependencies: { 'cdktf': devVersion('cdktf'), 'constructs': devVersion('constructs') },
    overrides: undefined,
  },
  {
    // @cdktf/provider-azuread 14.3.1 (its last release) peers on cdktf ^0.21.0; the override
    // points that peer at the aliased CDK Terrain instead of turning peer checks off.
    name: 'CDK Terrain 0.24',
    dependencies: { 'cdktf': 'npm:cdktn@0.24.0', 'constructs': '10.7.2' },
    overrides: { '@cdktf/provider-azuread': { cdktf: '$cdktf' } },
  },
];

let tarball: string;
const synthesized = new Map<string, string>();

beforeAll(() => {
  tarball = packFresh();
}, 900_000);

afterAll(() => {
  if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
});

test('the tarball holds the compiled library, its declarations, the jsii assembly and the apply-time program', () => {
  const entries = run('tar', ['tzf', tarball]).stdout.split('\n');
  for (const f of ['package/lib/index.js', 'package/lib/index.d.ts', 'package/.jsii', 'package/build/runtime/exo-apply.js', 'package/build/runtime/exo-session.ps1']) {
    expect(entries).toContain(f);
  }
  for (const dep of PACKAGE.bundledDependencies as string[]) {
    expect(entries).toContain(`package/node_modules/${dep}/package.json`);
  }
  // Every dependency of a bundled package is bundled too (npm resolves them inside the package).
  const unpacked = tempDir('exo-pack-list-');
  run('tar', ['xzf', tarball, '-C', unpacked]);
  const root = path.join(unpacked, 'package');
  const missing: string[] = [];
  for (const manifest of entries.filter((e) => /^package\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(e))) {
    const dir = path.dirname(path.join(unpacked, manifest));
    const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(unpacked, manifest), 'utf8')).dependencies ?? {});
    for (const dep of deps) {
      let found = false;
      for (let d = dir; d.startsWith(root) && !found; d = path.dirname(d)) found = fs.existsSync(path.join(d, 'node_modules', dep, 'package.json'));
      if (!found) missing.push(`${path.relative(root, dir)} -> ${dep}`);
    }
  }
  expect(missing).toEqual([]);
  fs.rmSync(unpacked, { recursive: true, force: true });
  // Sources, tests and examples stay out.
  expect(entries.filter((e) => /\.ts$/.test(e) && !e.endsWith('.d.ts') && !e.startsWith('package/node_modules/'))).toEqual([]);
  expect(entries.filter((e) => /^package\/(test|examples|scripts)\//.test(e))).toEqual([]);
});

describe.each(FLAVOURS)('from a new project on $name', ({ name, dependencies, overrides }) => {
  let project: string;
  let stackDir: string;

  beforeAll(() => {
    project = consumerProject('exo-consumer-', {
      [PACKAGE.name]: `file:${tarball}`,
      '@cdktf/provider-azuread': devVersion('@cdktf/provider-azuread'),
      ...dependencies,
    }, overrides);
    copyExample('seppmail-msp', project);
    stackDir = path.join(project, 'cdktf.out', 'stacks', STACK);
  }, 900_000);

  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  test('the example compiles against the declarations without @types/node', () => {
    expect(fs.existsSync(path.join(project, 'node_modules', '@types', 'node'))).toBe(false);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], strict: true,
        skipLibCheck: false, types: [], outDir: 'out', rootDir: '.', ignoreDeprecations: '6.0',
      },
      files: ['main.ts'],
    }));
    run(process.execPath, [TSC, '-p', project], { cwd: project });
    expect(fs.existsSync(path.join(project, 'out', 'main.js'))).toBe(true);
  }, 300_000);

  test('node main.js synthesizes the three tenants with the apply-time program as an asset', () => {
    run(process.execPath, [path.join('out', 'main.js')], { cwd: project, env: { ...process.env, CDKTF_OUTDIR: path.join(project, 'cdktf.out') } });
    const text = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
    synthesized.set(name, text);
    const converge = stackConvergeDocuments(stackDir).map((d) => d.tenant.initialDomain);
    expect(converge.sort()).toEqual(TENANTS.map((t) => t.initialDomain).sort());
    const assets = path.join(stackDir, 'assets', 'ExoGatewayRuntime');
    expect(fs.existsSync(path.join(assets, fs.readdirSync(assets)[0], 'exo-apply.js'))).toBe(true);
  }, 300_000);

  test('terraform apply converges every tenant in the simulated Exchange Online', () => {
    const sim = tempDir('exo-consumer-sim-');
    const store = new SimulatorStore(sim);
    for (const t of TENANTS) store.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: t.domains });
    const rc = path.join(sim, 'terraform.rc');
    fs.writeFileSync(rc, '');
    const env = {
      ...process.env,
      EXO_GATEWAY_TARGET: 'simulated',
      EXO_SIM_STATE_DIR: sim,
      [CERT_ENV]: 'cGFja2FnaW5nLXRlc3Qtbm90LWEtY2VydGlmaWNhdGU=',
      TF_CLI_CONFIG_FILE: rc,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
    };
    const terraform = lifecycleBinaries()[0].path;
    run(terraform, ['init', '-input=false', '-no-color'], { cwd: stackDir, env });
    run(terraform, ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: stackDir, env, timeout: 600_000 });
    for (const t of TENANTS) {
      expect(store.objects(t.initialDomain, 'InboundConnector').map((c) => c.TlsSenderCertificateName)).toEqual([t.cbcCertificateName]);
      expect(store.objects(t.initialDomain, 'OutboundConnector')).toHaveLength(1);
    }
    fs.rmSync(sim, { recursive: true, force: true });
  }, 300_000);
});

test('cdktf 0.21 and CDK Terrain 0.24 synthesize the same stack (only the recorded version differs)', () => {
  expect([...synthesized.keys()]).toEqual(FLAVOURS.map((f) => f.name));
  const [a, b] = [...synthesized.values()].map((text) => {
    const json = JSON.parse(text);
    expect(json['//'].metadata.version).toMatch(/^0\.2[14]\.0$/);
    delete json['//'].metadata.version;
    return json;
  });
  expect(b).toEqual(a);
});
