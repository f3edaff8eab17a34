/**
 * The Python package: jsii-pacmak builds the wheel from a fresh copy of the repository, a new
 * virtual environment installs it with cdktf and constructs from PyPI, and examples/python-msp
 * synthesizes the same tenant documents as the TypeScript example; a bad input raises an error
 * a Python user can read. Skipped without python3 (venv, pip) on a workstation; under CI a
 * missing prerequisite fails (.ci/run installs them).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { devVersion, freshCopy, REPO, run, stackConvergeDocuments, tempDir } from './packaging';

const EXAMPLE = path.join(REPO, 'examples', 'python-msp');
const PYTHON = process.env.EXO_TEST_PYTHON ?? 'python3';
const available = spawnSync(PYTHON, ['-c', 'import ensurepip, venv'], { stdio: 'ignore' }).status === 0;

if (!available && process.env.CI) {
  test('Python 3 with venv and pip is installed in CI (.ci/run installs python3-venv)', () => {
    throw new Error(`'${PYTHON} -c "import ensurepip, venv"' failed: the Python wheel cannot be tested`);
  });
}

/** The converge documents of a synthesized stack, by tenant name. */
function documents(cdkTfJson: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const doc of stackConvergeDocuments(path.dirname(cdkTfJson))) out[doc.tenant.name] = doc;
  return out;
}

(available ? describe : describe.skip)('the Python package', () => {
  let work: string;
  let python: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    work = tempDir('exo-python-');
    const copy = freshCopy('exo-pacmak-src-');
    const dist = path.join(work, 'dist');
    run(process.execPath, [path.join(REPO, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'), '--targets', 'python', '--outdir', dist], { cwd: copy, timeout: 900_000 });
    fs.rmSync(copy, { recursive: true, force: true });
    const wheel = fs.readdirSync(path.join(dist, 'python')).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error(`jsii-pacmak built no wheel in ${dist}/python`);
    run(PYTHON, ['-m', 'venv', path.join(work, 'venv')]);
    python = path.join(work, 'venv', 'bin', 'python');
    // pip's download cache stays in the repository's ignored .tmp/.
    env = { ...process.env, PIP_CACHE_DIR: path.join(REPO, '.tmp', 'pip-cache'), PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONDONTWRITEBYTECODE: '1' };
    run(python, ['-m', 'pip', 'install', '--quiet', path.join(dist, 'python', wheel), `cdktf==${devVersion('cdktf')}`, `constructs==${devVersion('constructs')}`], { env, timeout: 900_000 });
  }, 1_800_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('python main.py synthesizes the three tenants with the same documents as the TypeScript example', () => {
    const out = path.join(work, 'py.out');
    run(python, ['main.py'], { cwd: EXAMPLE, env: { ...env, CDKTF_OUTDIR: out }, timeout: 300_000 });
    const fromPython = documents(path.join(out, 'stacks', 'python-msp', 'cdk.tf.json'));
    expect(Object.keys(fromPython).sort()).toEqual(['Contoso', 'Fabrikam', 'Tailspin']);

    const tsOut = path.join(work, 'ts.out');
    const app = new App({ outdir: tsOut });
    new SeppmailMspStack(app, 'python-msp');
    app.synth();
    expect(fromPython).toEqual(documents(path.join(tsOut, 'stacks', 'python-msp', 'cdk.tf.json')));
  }, 600_000);

  test('a bad input raises a RuntimeError that names the code, the construct and the fix', () => {
    const script = [
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(EXAMPLE)})`,
      'from cdktf import App',
      'import main',
      'app = App(outdir=sys.argv[1])',
      'main.SeppmailMspStack(app, "bad", tenants=[dict(main.TENANTS[0], tenant_id="not-a-guid")])',
      'try:',
      '    app.synth()',
      'except RuntimeError as e:',
      '    print("RuntimeError:", e)',
      '    sys.exit(3)',
    ].join('\n');
    const r = spawnSync(python, ['-c', script, path.join(work, 'bad.out')], { env, encoding: 'utf8', timeout: 300_000 });
    expect(r.status).toBe(3);
    expect(r.stdout).toContain("[bad/Contoso] CBC006: tenantId 'not-a-guid' of tenant 'Contoso' is not a GUID");
    expect(r.stdout).toContain('Fix: copy the Tenant ID');
  }, 600_000);
});
