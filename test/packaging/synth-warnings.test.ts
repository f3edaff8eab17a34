/**
 * How warnings reach the user: `node main.js` (app.synth() outside the cdktf CLI) prints the
 * fleet's warnings to stderr once per app; under the cdktf CLI, which lists the annotations
 * itself, and with the opt-out context key, nothing is printed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { CLOUD_TENANTS, SeppmailCloudMspStack } from '../../examples/seppmail-cloud-msp/fleet';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { Suppressions } from '../../lib';

function synthPrints(build: (app: App) => void, context: Record<string, unknown> = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-warnings-'));
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const app = new App({ outdir, context });
    build(app);
    app.synth();
  } finally {
    spy.mockRestore();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return written.join('');
}

test('app.synth() prints the warnings once, with code, construct path and fix', () => {
  const text = synthPrints((app) => new SeppmailCloudMspStack(app, 'cloud'));
  expect(text).toMatch(/^cdktf-exo-gateway: 1 warning /);
  expect(text.match(/CBC056/g)).toHaveLength(1);
  expect(text).toContain('Fix: ');
  expect(text).toContain('[cloud/CloudParallel]');
});

test('one summary for an app of two stacks', () => {
  const text = synthPrints((app) => {
    new SeppmailCloudMspStack(app, 'one', CLOUD_TENANTS.slice(0, 2));
    new SeppmailCloudMspStack(app, 'two', [
      { id: 'Northwind', tenantId: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c05', initialDomain: 'northwind.onmicrosoft.com', domains: ['northwind.com'] },
      { id: 'Litware', tenantId: '2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d06', initialDomain: 'litware.onmicrosoft.com', domains: ['litware.com'] },
    ]);
  });
  expect(text.match(/^cdktf-exo-gateway: /gm)).toHaveLength(1);
  expect(text).toContain('[one/CloudParallel]');
  expect(text).toContain('[two/CloudParallel]');
});

test('nothing is printed for a fleet without warnings', () => {
  expect(synthPrints((app) => new SeppmailMspStack(app, 'clean'))).toBe('');
});

test('nothing is printed under the cdktf CLI (it lists the warnings itself) or with the opt-out', () => {
  // The cdktf CLI passes this context key on every synth it runs.
  expect(synthPrints((app) => new SeppmailCloudMspStack(app, 'cli'), { cdktfRelativeModules: [] })).toBe('');
  expect(synthPrints((app) => new SeppmailCloudMspStack(app, 'quiet'), { 'cdktf-exo-gateway:printFindings': false })).toBe('');
});

test('a suppressed warning is not printed (the manifest keeps it as info, with the reason)', () => {
  const text = synthPrints((app) => {
    const stack = new SeppmailCloudMspStack(app, 'cloud');
    Suppressions.add(stack, [{ code: 'CBC056', reason: 'the tenants run SEPPmail.cloud parallel mode on purpose' }]);
  });
  expect(text).toBe('');
});
