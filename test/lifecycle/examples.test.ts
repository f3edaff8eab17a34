/**
 * Every example stack without azuread resources is valid Terraform for the real binary.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { lifecycleBinaries } from '../helpers/lifecycle';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

describe.each(lifecycleBinaries())('examples validate with $name', ({ path: binary }) => {
  test('every example has its own cdktf.json', () => {
    // examples/pipelines holds CI pipeline files, not a cdktf app (test/pipelines.test.ts checks them)
    const dirs = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'pipelines').map((d) => d.name);
    expect(dirs).toContain('seppmail-msp');
    for (const d of dirs) expect(fs.existsSync(path.join(EXAMPLES, d, 'cdktf.json'))).toBe(true);
  });

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
