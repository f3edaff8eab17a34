/**
 * Every folder under examples/ is a project of its own (cdktf.json running main.ts), synthesizes
 * the way `cdktf synth` runs it (its main.ts, with the context of its cdktf.json), and is valid
 * Terraform for the real binaries (Terraform, and OpenTofu when present) -- except the stacks
 * that hold azuread resources: no azuread provider can be installed on these machines
 * (shared toolchain facts), so those are synthesized but not validated, and say so in the test name.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTestCertificates, TestCertificates } from '../constructs/access-certificates';
import { lifecycleBinaries } from '../helpers/lifecycle';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const EXAMPLES = fs
  .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The examples whose stacks hold azuread resources (a test below keeps this list exact). */
const WITH_AZUREAD = ['msp-with-entra-app'];
const VALIDATED = EXAMPLES.filter((name) => !WITH_AZUREAD.includes(name));
const AZUREAD_REASON = 'terraform validate skipped: its stacks hold azuread resources and no azuread provider can be installed here';

interface Synthesized {
  readonly outdir: string;
  /** Stack name -> its folder (with cdk.tf.json). */
  readonly stacks: { [name: string]: string };
}

let certs: TestCertificates;
const synthesized = new Map<string, Synthesized>();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-examples-'));

beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => {
  fs.rmSync(certs.dir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * Runs examples/<name>/main.ts once as `cdktf synth` does: CDKTF_OUTDIR, and the context of its
 * cdktf.json in CDKTF_CONTEXT_JSON. The Entra app example reads its public certificate from
 * EXO_APP_PUBLIC_CERT (a throw-away one made here).
 */
function synth(name: string): Synthesized {
  const done = synthesized.get(name);
  if (done) return done;
  const outdir = path.join(tmp, name);
  const config = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'cdktf.json'), 'utf8'));
  const settings: { [variable: string]: string } = {
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTEXT_JSON: JSON.stringify(config.context ?? {}),
    EXO_APP_PUBLIC_CERT: certs.valid,
  };
  const saved = Object.fromEntries(Object.keys(settings).map((variable) => [variable, process.env[variable]]));
  Object.assign(process.env, settings);
  try {
    jest.isolateModules(() => {
      require(path.join(EXAMPLES_DIR, name, 'main.ts'));
    });
  } finally {
    for (const [variable, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks: { [stack: string]: string } = {};
  for (const [stack, entry] of Object.entries<{ workingDirectory: string }>(manifest.stacks)) stacks[stack] = path.join(outdir, entry.workingDirectory);
  const result = { outdir, stacks };
  synthesized.set(name, result);
  return result;
}

function stackDocument(folder: string): { [key: string]: any } {
  return JSON.parse(fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8'));
}

test('the examples are found', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['seppmail-msp', 'msp-with-entra-app', 'sharded-fleet']));
});

test.each(EXAMPLES)('examples/%s has its own cdktf.json running main.ts', (name) => {
  const config = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'cdktf.json'), 'utf8'));
  expect(config.app).toContain('main.ts');
  expect(fs.existsSync(path.join(EXAMPLES_DIR, name, 'main.ts'))).toBe(true);
});

// app.synth() throws on an error annotation, so a synthesized example has none.
test.each(EXAMPLES)('examples/%s synthesizes without errors: every stack has its cdk.tf.json with resources', (name) => {
  const { stacks } = synth(name);
  expect(Object.keys(stacks).length).toBeGreaterThan(0);
  for (const folder of Object.values(stacks)) {
    expect(Object.keys(stackDocument(folder).resource ?? {}).length).toBeGreaterThan(0);
  }
});

test(`exactly ${WITH_AZUREAD.join(', ')} hold azuread resources (the only examples not validated)`, () => {
  const withAzuread = EXAMPLES.filter((name) =>
    Object.values(synth(name).stacks).some((folder) => {
      const document = stackDocument(folder);
      return Object.keys(document.resource ?? {}).some((type) => type.startsWith('azuread_')) || document.terraform?.required_providers?.azuread !== undefined;
    }),
  );
  expect(withAzuread).toEqual(WITH_AZUREAD);
});

describe.each(lifecycleBinaries())('examples validate with $name', ({ path: binary }) => {
  test.each(VALIDATED)('examples/%s: every stack passes init and validate', (name) => {
    const { stacks } = synth(name);
    const rc = path.join(tmp, 'terraform.rc');
    fs.writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' };
    for (const [stack, folder] of Object.entries(stacks)) {
      const init = spawnSync(binary, ['init', '-input=false', '-no-color'], { cwd: folder, env, encoding: 'utf8' });
      expect({ stack, status: init.status, stderr: init.stderr }).toMatchObject({ stack, status: 0 });
      const validate = spawnSync(binary, ['validate', '-json', '-no-color'], { cwd: folder, env, encoding: 'utf8' });
      expect({ stack, result: JSON.parse(validate.stdout) }).toMatchObject({ stack, result: { valid: true, error_count: 0 } });
    }
  });

  test.skip.each(WITH_AZUREAD)(`examples/%s: ${AZUREAD_REASON}`, () => undefined);
});
