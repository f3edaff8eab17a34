/**
 * cdktf goes on past error annotations when CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set (its
 * own error message suggests it, and the cdktf CLI always sets it). A fleet with error findings
 * must still never reach a tenant: its stack folder gets no documents, only the list of errors,
 * and every converge step of it refuses to run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack, TENANTS } from '../../examples/seppmail-msp/fleet';
import { stackConvergeSteps } from '../../lib/runtime/exo-apply';

const VARIABLE = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

function synth(outdir: string, routeContosoTwice: boolean): string {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const app = new App({ outdir });
    const stack = new SeppmailMspStack(app, 'msp', TENANTS);
    // Fabrikam routes Contoso's domain: CBC003, an error that cannot be suppressed.
    if (routeContosoTwice) stack.tenants[1].addManagedDomain('Stolen', { domain: 'contoso.com' });
    app.synth();
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

describe('synth that goes on past error findings', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-synth-errors-'));
    process.env[VARIABLE] = 'true';
  });
  afterEach(() => {
    delete process.env[VARIABLE];
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('prints the errors, writes no document, and every converge step refuses before any Exchange call', () => {
    const stderr = synth(outdir, true);
    expect(stderr).toMatch(/cdktf-exo-gateway: 1 error\(s\) and 0 warning\(s\) \(CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set/);
    expect(stderr).toContain("error CBC003: managed domain 'contoso.com' is declared in tenant 'Contoso' and in tenant 'Fabrikam'");
    expect(stderr).toContain('[msp/Fabrikam/Stolen]');

    const stackDir = path.join(outdir, 'stacks', 'msp');
    expect(fs.readdirSync(path.join(stackDir, 'exo-gateway-documents'))).toEqual(['synth-errors.txt']);
    const steps = stackConvergeSteps(stackDir);
    expect(steps).toHaveLength(TENANTS.length);
    for (const step of steps) {
      expect(step.document).toBeUndefined();
      expect(step.error?.message).toMatch(/synthesized with error findings, so it holds no desired-state documents and must not be applied\. Nothing was applied\..*CBC003/s);
    }
  });

  test('the next synth without the error writes the documents and drops the list of errors', () => {
    synth(outdir, true);
    synth(outdir, false);
    const stackDir = path.join(outdir, 'stacks', 'msp');
    const files = fs.readdirSync(path.join(stackDir, 'exo-gateway-documents'));
    expect(files).not.toContain('synth-errors.txt');
    expect(files.filter((f) => /^[0-9a-f]{64}\.json$/.test(f))).toHaveLength(TENANTS.length);
    expect(stackConvergeSteps(stackDir).every((s) => s.document !== undefined)).toBe(true);
  });
});
