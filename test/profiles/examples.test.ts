/**
 * The examples of the new profiles: each has its own cdktf.json, synthesizes without errors, and
 * is valid Terraform for the real binaries (Terraform, and OpenTofu when present).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CustomGatewayStack } from '../../examples/custom-gateway/fleet';
import { FtapiMspStack } from '../../examples/ftapi-msp/fleet';
import { NoSpamProxyMspStack } from '../../examples/nospamproxy-msp/fleet';
import { SeppmailCloudMspStack } from '../../examples/seppmail-cloud-msp/fleet';
import { lifecycleBinaries } from '../helpers/lifecycle';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const STACKS: [string, (scope: Construct, id: string) => TerraformStack][] = [
  ['seppmail-cloud-msp', (s, id) => new SeppmailCloudMspStack(s, id)],
  ['nospamproxy-msp', (s, id) => new NoSpamProxyMspStack(s, id)],
  ['ftapi-msp', (s, id) => new FtapiMspStack(s, id)],
  ['custom-gateway', (s, id) => new CustomGatewayStack(s, id)],
];

test.each(STACKS.map(([name]) => [name]))('examples/%s has its own cdktf.json running main.ts', (name) => {
  const config = JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, 'cdktf.json'), 'utf8'));
  expect(config.app).toContain('main.ts');
  expect(fs.existsSync(path.join(EXAMPLES, name, 'main.ts'))).toBe(true);
});

describe.each(lifecycleBinaries())('new-profile examples validate with $name', ({ path: binary }) => {
  test.each(STACKS)('examples/%s passes init and validate', (name, build) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-validate-profile-'));
    const app = new App({ outdir: dir });
    build(app, name);
    app.synth();
    const stackDir = path.join(dir, 'stacks', name);
    const rc = path.join(dir, 'terraform.rc');
    fs.writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' };
    const init = spawnSync(binary, ['init', '-input=false', '-no-color'], { cwd: stackDir, env, encoding: 'utf8' });
    expect(init.status).toBe(0);
    const validate = spawnSync(binary, ['validate', '-json', '-no-color'], { cwd: stackDir, env, encoding: 'utf8' });
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
