/**
 * The simulated Exchange Online: one scenario runs both in-process and through the stand-in
 * `pwsh` speaking the line protocol, with the same replies.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ObservedObject, SessionHello, SessionReply } from '../../lib/core/exo-model';
import { openSimulatedSession, SimulatorStore } from '../../lib/runtime/simulator';
import {
  CONTOSO,
  CONTOSO_TENANT_ID,
  FABRIKAM,
  GATEWAY_APP_ID,
  GATEWAY_INBOUND,
  GATEWAY_OUTBOUND,
  REPO,
  STAND_IN_BIN,
  stateDir,
  store,
  useSimulatorState,
} from './simulator-fixtures';

useSimulatorState();

// ---------------------------------------------------------------------------------------------
// The same scenario in-process and through the stand-in pwsh
// ---------------------------------------------------------------------------------------------

const SCENARIO: string[] = [
  JSON.stringify({ id: 1, op: 'get', cmdlet: 'Get-AcceptedDomain', parameters: { ResultSize: 'Unlimited' } }),
  JSON.stringify({ id: 2, op: 'invoke', cmdlet: 'New-InboundConnector', parameters: GATEWAY_INBOUND }),
  JSON.stringify({ id: 3, op: 'invoke', cmdlet: 'New-OutboundConnector', parameters: GATEWAY_OUTBOUND }),
  JSON.stringify({ id: 4, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'Route', RouteMessageOutboundConnector: 'EXO -> Gateway', Enabled: false } }),
  JSON.stringify({ id: 5, op: 'invoke', cmdlet: 'Set-TransportRule', parameters: { Identity: 'Route', Enabled: true } }),
  JSON.stringify({ id: 6, op: 'invoke', cmdlet: 'Enable-TransportRule', parameters: { Identity: 'Route' } }),
  JSON.stringify({ id: 7, op: 'invoke', cmdlet: 'Remove-OutboundConnector', parameters: { Identity: 'EXO -> Gateway', Confirm: false } }),
  JSON.stringify({ id: 8, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } }),
  JSON.stringify({ id: 9, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } }),
  JSON.stringify({ id: 10, op: 'close' }),
];

/** Replaces Guids and times, which differ between runs. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"<guid>"')
      .replace(/"\d{4}-\d{2}-\d{2}T[\d:.]+Z"/g, '"<time>"'),
  );
}

function checkScenario(hello: SessionHello, replies: SessionReply[]): void {
  expect(hello).toEqual({ type: 'ready', tenantId: CONTOSO_TENANT_ID, organization: CONTOSO });
  expect(replies.map((reply) => [reply.id, reply.ok])).toEqual([
    [1, true], [2, true], [3, true], [4, true], [5, false], [6, true], [7, false], [8, true], [9, true], [10, true],
  ]);
  expect(replies[4].error).toEqual({ type: 'ParameterBindingException', message: "A parameter cannot be found that matches parameter name 'Enabled'." });
  expect(replies[6].error!.type).toBe('InvalidOperationException');
  const rules = replies[7].result as ObservedObject[];
  expect(rules).toEqual([expect.objectContaining({ Name: 'Route', State: 'Enabled', Priority: 0, RouteMessageOutboundConnector: 'EXO -> Gateway' })]);
  expect((replies[8].result as ObservedObject[])[0].SenderDomains).toEqual(['smtp:*;1']);
}

describe('the same scenario in-process and through the stand-in pwsh', () => {
  let bundleDir: string;
  let bundle: string;

  beforeAll(() => {
    // The stand-in runs the BUNDLED session (as scripts/bundle-runtime.js builds it); bundle the
    // current source into a temporary folder so this test checks exactly this code.
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-bundle-'));
    bundle = path.join(bundleDir, 'exo-sim-session.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const built = esbuild.buildSync({
      entryPoints: [path.join(REPO, 'lib', 'runtime', 'simulator', 'sim-session-main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      metafile: true,
      logLevel: 'silent',
    });
    // Node built-ins only: nothing from node_modules in the bundle.
    expect(Object.keys(built.metafile!.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
  });

  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  function standInEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      EXO_SIM_SESSION_BUNDLE: bundle,
      EXO_SIM_STATE_DIR: stateDir,
      EXO_SESSION_APP_ID: GATEWAY_APP_ID,
      EXO_SESSION_ORGANIZATION: CONTOSO,
      EXO_SESSION_CERT_ENV: 'TEST_CERT_PFX',
      TEST_CERT_PFX: 'TUlJLi4uZmFrZQ==',
      EXO_SIM_CONNECT_DELAY_MS: '',
      EXO_SIM_CMDLET_DELAY_MS: '',
      ...extra,
    };
  }

  test('in-process', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO, appId: GATEWAY_APP_ID });
    const replies: SessionReply[] = [];
    for (const line of SCENARIO) replies.push(await session.handleLine(line));
    checkScenario(session.hello, replies);
  });

  test('through the stand-in pwsh, with the same replies as in-process', async () => {
    const inProcessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-inproc-'));
    try {
      const inProcessStore = new SimulatorStore(inProcessDir);
      inProcessStore.seedTenant({ organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, acceptedDomains: ['contoso.com', 'mail.contoso.com'] });
      const session = await openSimulatedSession({ stateDir: inProcessDir, organization: CONTOSO, appId: GATEWAY_APP_ID });
      const expected: SessionReply[] = [];
      for (const line of SCENARIO) expected.push(await session.handleLine(line));

      const run = spawnSync('pwsh', ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', 'exo-session.ps1'], {
        env: standInEnv(),
        input: `${SCENARIO.join('\n')}\n`,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
      const hello = lines[0] as SessionHello;
      const replies = lines.slice(1) as SessionReply[];
      checkScenario(hello, replies);
      expect(normalise(replies)).toEqual(normalise(expected));
      // the process wrote to the folder-backed state
      expect(store.objects(CONTOSO, 'TransportRule').map((rule) => rule.Name)).toEqual(['Route']);
      expect(store.readSessions()).toEqual([expect.objectContaining({ organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, pid: expect.any(Number), ok: true })]);
    } finally {
      fs.rmSync(inProcessDir, { recursive: true, force: true });
    }
  });

  test('the stand-in fails like the real script when no certificate is configured', () => {
    const run = spawnSync('pwsh', [], { env: standInEnv({ EXO_SESSION_CERT_ENV: '' }), input: '', encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout.trim())).toEqual({
      type: 'fatal',
      organization: CONTOSO,
      error: { type: 'ConfigurationError', message: "Neither EXO_SESSION_CERT_FILE nor EXO_SESSION_CERT_ENV is set: the session needs the app's certificate." },
    });
  });

  test('the stand-in ends the session at end of input', () => {
    const run = spawnSync('pwsh', [], { env: standInEnv(), input: `${JSON.stringify({ id: 1, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } })}\n`, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { type: 'ready', tenantId: CONTOSO_TENANT_ID, organization: CONTOSO },
      { id: 1, ok: true, result: [], warnings: [] },
    ]);
  });

  test('parallel processes on different tenants do not clash', async () => {
    const runOne = (organization: string): Promise<number | null> =>
      new Promise((resolve) => {
        const lines = Array.from({ length: 25 }, (_, index) => JSON.stringify({ id: index + 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: `Rule ${index}` } }));
        lines.push(JSON.stringify({ id: 99, op: 'close' }));
        const child = spawn('pwsh', [], { env: standInEnv({ EXO_SESSION_ORGANIZATION: organization }), stdio: ['pipe', 'ignore', 'inherit'] });
        child.on('close', resolve);
        child.stdin.end(`${lines.join('\n')}\n`);
      });
    const codes = await Promise.all([runOne(CONTOSO), runOne(FABRIKAM)]);
    expect(codes).toEqual([0, 0]);
    for (const organization of [CONTOSO, FABRIKAM]) {
      expect(store.objects(organization, 'TransportRule').map((rule) => rule.Priority)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    }
  });
});
