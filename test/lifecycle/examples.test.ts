/**
 * Every folder under examples/ is a project of its own: a cdktf.json whose app command `cdktf
 * synth` runs with no manual step, and stacks that are valid Terraform for the real binaries
 * (Terraform, and OpenTofu when present) -- except the stacks that hold azuread resources: no
 * azuread provider can be installed on these machines (shared toolchain facts), so those are
 * synthesized but not validated; a test keeps that list exact.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lifecycleBinaries } from '../helpers/lifecycle';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const EXAMPLES = fs
  .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  // examples/pipelines holds CI pipeline files, not a cdktf app (test/pipelines.test.ts checks them)
  .filter((entry) => entry.isDirectory() && entry.name !== 'pipelines')
  .map((entry) => entry.name)
  .sort();
const config = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'cdktf.json'), 'utf8'));
// examples/python-msp needs the built wheel: test/packaging/python.test.ts synthesizes it.
const TYPESCRIPT = EXAMPLES.filter((name) => fs.existsSync(path.join(EXAMPLES_DIR, name, 'cdktf.json')) && config(name).language === 'typescript');

/** The examples whose stacks hold azuread resources (a test below keeps this list exact). */
const WITH_AZUREAD = ['msp-with-entra-app'];
const VALIDATED = TYPESCRIPT.filter((name) => !WITH_AZUREAD.includes(name));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-examples-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const synthesized = new Map<string, { [stack: string]: string }>();

/** Runs the example's cdktf.json app command as `cdktf synth` does (in its folder, CDKTF_OUTDIR set); stack name -> folder. */
function synth(name: string): { [stack: string]: string } {
  const done = synthesized.get(name);
  if (done) return done;
  const outdir = path.join(tmp, name);
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(config(name).context ?? {}) };
  delete env.EXO_APP_PUBLIC_CERT;
  const r = spawnSync(config(name).app, { cwd: path.join(EXAMPLES_DIR, name), env, shell: true, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`examples/${name}: '${config(name).app}' exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks: { [stack: string]: string } = {};
  for (const [stack, entry] of Object.entries<{ workingDirectory: string }>(manifest.stacks)) stacks[stack] = path.join(outdir, entry.workingDirectory);
  synthesized.set(name, stacks);
  return stacks;
}

function stackDocument(folder: string): { [key: string]: any } {
  return JSON.parse(fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8'));
}

test('every example has its own cdktf.json; the only one not in TypeScript is the Python example', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['seppmail-msp', 'msp-with-entra-app', 'sharded-fleet', 'python-msp']));
  for (const name of EXAMPLES) expect(fs.existsSync(path.join(EXAMPLES_DIR, name, 'cdktf.json'))).toBe(true);
  expect(EXAMPLES.filter((name) => config(name).language !== 'typescript')).toEqual(['python-msp']);
  for (const name of TYPESCRIPT) expect(config(name).app).toContain('main.ts');
});

// app.synth() throws on an error annotation, so a synthesized example has none.
test.each(TYPESCRIPT)('examples/%s synthesizes with its cdktf.json app command and no manual step: every stack has resources', (name) => {
  const stacks = synth(name);
  expect(Object.keys(stacks).length).toBeGreaterThan(0);
  for (const folder of Object.values(stacks)) expect(Object.keys(stackDocument(folder).resource ?? {})).toContain('terraform_data');
}, 300_000);

test(`exactly ${WITH_AZUREAD.join(', ')} hold azuread resources (the only examples not validated)`, () => {
  const withAzuread = TYPESCRIPT.filter((name) =>
    Object.values(synth(name)).some((folder) => {
      const document = stackDocument(folder);
      return Object.keys(document.resource ?? {}).some((type) => type.startsWith('azuread_')) || document.terraform?.required_providers?.azuread !== undefined;
    }),
  );
  expect(withAzuread).toEqual(WITH_AZUREAD);
}, 300_000);

describe.each(lifecycleBinaries())('examples validate with $name', ({ path: binary }) => {
  test.each(VALIDATED)('examples/%s: every stack passes init and validate', (name) => {
    const stacks = synth(name);
    const rc = path.join(tmp, 'terraform.rc');
    fs.writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' };
    for (const [stack, folder] of Object.entries(stacks)) {
      const init = spawnSync(binary, ['init', '-input=false', '-no-color'], { cwd: folder, env, encoding: 'utf8' });
      expect({ stack, status: init.status, stderr: init.stderr }).toMatchObject({ stack, status: 0 });
      const validate = spawnSync(binary, ['validate', '-json', '-no-color'], { cwd: folder, env, encoding: 'utf8' });
      expect({ stack, result: JSON.parse(validate.stdout) }).toMatchObject({ stack, result: { valid: true, error_count: 0 } });
    }
  }, 300_000);
});
