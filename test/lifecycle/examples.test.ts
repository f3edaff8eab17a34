/**
 * Every example synthesizes out of the box with its own cdktf.json (the command `cdktf synth`
 * runs), and the example stack without azuread resources is valid Terraform for the real binary.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { lifecycleBinaries } from '../helpers/lifecycle';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const EXAMPLE_DIRS = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const config = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, 'cdktf.json'), 'utf8'));

test('every example has its own cdktf.json; the only one not in TypeScript is the Python example', () => {
  expect(EXAMPLE_DIRS).toContain('seppmail-msp');
  for (const d of EXAMPLE_DIRS) expect(fs.existsSync(path.join(EXAMPLES, d, 'cdktf.json'))).toBe(true);
  // examples/python-msp needs the built wheel: test/packaging/python.test.ts synthesizes it.
  expect(EXAMPLE_DIRS.filter((d) => config(d).language !== 'typescript')).toEqual(EXAMPLE_DIRS.filter((d) => d === 'python-msp'));
});

const TYPESCRIPT_EXAMPLES = EXAMPLE_DIRS.filter((d) => fs.existsSync(path.join(EXAMPLES, d, 'cdktf.json')) && config(d).language === 'typescript');

test.each(TYPESCRIPT_EXAMPLES)('examples/%s synthesizes with its cdktf.json app command and no manual step', (name) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `exo-example-${name}-`));
  // What `cdktf synth` does: run the app in the example's folder with CDKTF_OUTDIR set.
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  delete env.EXO_APP_PUBLIC_CERT;
  const r = spawnSync(config(name).app, { cwd: path.join(EXAMPLES, name), env, shell: true, encoding: 'utf8', timeout: 180_000 });
  expect(`${r.stderr}`.match(/Error.*/g) ?? []).toEqual([]);
  expect(r.status).toBe(0);
  const stacks = Object.values(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks) as { synthesizedStackPath: string }[];
  expect(stacks.length).toBeGreaterThan(0);
  for (const s of stacks) {
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8'));
    expect(Object.keys(stack.resource ?? {})).toContain('terraform_data');
  }
  fs.rmSync(outdir, { recursive: true, force: true });
}, 300_000);

describe.each(lifecycleBinaries())('examples validate with $name', ({ path: binary }) => {
  test('examples/seppmail-msp passes init and validate', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-validate-'));
    const app = new App({ outdir: dir });
    new SeppmailMspStack(app, 'seppmail-msp');
    app.synth();
    const stackDir = path.join(dir, 'stacks', 'seppmail-msp');
    const rc = path.join(dir, 'terraform.rc');
    fs.writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' };
    const init = spawnSync(binary, ['init', '-input=false', '-no-color'], { cwd: stackDir, env, encoding: 'utf8' });
    expect(init.status).toBe(0);
    const validate = spawnSync(binary, ['validate', '-json', '-no-color'], { cwd: stackDir, env, encoding: 'utf8' });
    const result = JSON.parse(validate.stdout);
    expect(result).toMatchObject({ valid: true, error_count: 0 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
