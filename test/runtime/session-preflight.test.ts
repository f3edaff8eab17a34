/**
 * The session's settings are checked in TypeScript before `pwsh` starts (one check for the real
 * script and the simulated session), and the replies are typed and shaped in TypeScript: the
 * script sends lists of raw values and the tenant id as Exchange wrote it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TenantDesiredState } from '../../lib/core/exo-model';
import { sessionOpener } from '../../lib/runtime/exo-apply';
import { checkSessionSettings } from '../../lib/runtime/session-preflight';
import { sessionEnvironment, typedHello, typedReply, typedValue } from '../../lib/runtime/session-client';
import { checkSessionEnvironment } from '../../lib/runtime/simulator/sim-session-main';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-preflight-'));
const pfx = path.join(dir, 'app.pfx');
fs.writeFileSync(pfx, 'not read');
const BASE = { EXO_SESSION_APP_ID: 'app', EXO_SESSION_ORGANIZATION: 'contoso.onmicrosoft.com' };

describe('checkSessionSettings (before pwsh starts)', () => {
  test('accepts exactly one certificate source, the file or the variable', () => {
    expect(checkSessionSettings({ ...BASE, EXO_SESSION_CERT_FILE: pfx, EXO_SESSION_CERT_ENV: '' })).toEqual({
      settings: { appId: 'app', organization: 'contoso.onmicrosoft.com', certificateFile: pfx, certificateEnv: undefined, certificatePasswordEnv: undefined },
    });
    expect(checkSessionSettings({ ...BASE, EXO_SESSION_CERT_ENV: 'PFX_B64', PFX_B64: 'MII=', EXO_SESSION_CERT_PASSWORD_ENV: 'PFX_PW', PFX_PW: '' }).settings).toMatchObject({
      certificateEnv: 'PFX_B64',
      certificatePasswordEnv: 'PFX_PW',
    });
  });

  test('refuses both sources at once, naming both and what to change', () => {
    const { error } = checkSessionSettings({ ...BASE, EXO_SESSION_CERT_FILE: pfx, EXO_SESSION_CERT_ENV: 'PFX_B64', PFX_B64: 'MII=' });
    expect(error).toEqual({ type: 'ConfigurationError', message: expect.stringContaining('Both EXO_SESSION_CERT_FILE') });
    expect(error!.message).toContain(pfx);
    expect(error!.message).toContain("'PFX_B64'");
    expect(error!.message).toMatch(/exactly one certificate source/);
    expect(error!.message).not.toContain('MII=');
  });

  test.each([
    [{}, 'EXO_SESSION_APP_ID is not set.'],
    [{ EXO_SESSION_APP_ID: 'app' }, 'EXO_SESSION_ORGANIZATION is not set.'],
    [{ ...BASE, EXO_SESSION_CERT_FILE: '', EXO_SESSION_CERT_ENV: '' }, "Neither EXO_SESSION_CERT_FILE nor EXO_SESSION_CERT_ENV is set: the session needs the app's certificate."],
    [{ ...BASE, EXO_SESSION_CERT_FILE: path.join(dir, 'gone.pfx') }, `Certificate file '${path.join(dir, 'gone.pfx')}' named by EXO_SESSION_CERT_FILE does not exist.`],
    [{ ...BASE, EXO_SESSION_CERT_ENV: 'PFX_B64', PFX_B64: '' }, "Environment variable 'PFX_B64' named by EXO_SESSION_CERT_ENV is empty or not set."],
    [{ ...BASE, EXO_SESSION_CERT_FILE: pfx, EXO_SESSION_CERT_PASSWORD_ENV: 'PFX_PW' }, "Environment variable 'PFX_PW' named by EXO_SESSION_CERT_PASSWORD_ENV is not set."],
  ])('refuses %j: %s', (env, message) => {
    expect(checkSessionSettings(env)).toEqual({ error: { type: 'ConfigurationError', message } });
  });

  test('the simulated session refuses with the same check and the same messages', () => {
    const envs = [{}, { ...BASE }, { ...BASE, EXO_SESSION_CERT_FILE: pfx, EXO_SESSION_CERT_ENV: 'PFX_B64', PFX_B64: 'MII=' }, { ...BASE, EXO_SESSION_CERT_ENV: 'PFX_B64' }];
    for (const env of envs) {
      expect(checkSessionEnvironment({ ...env, EXO_SIM_STATE_DIR: dir }).error).toEqual(checkSessionSettings(env).error);
    }
    expect(checkSessionEnvironment({ ...BASE, EXO_SESSION_CERT_FILE: pfx }).error?.message).toMatch(/^EXO_SIM_STATE_DIR is not set/);
  });

  test('the apply program starts no process when the check fails, and reports the error as the fatal hello', async () => {
    const marker = path.join(dir, 'started');
    const fakePwsh = path.join(dir, 'pwsh-fake.sh');
    fs.writeFileSync(fakePwsh, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    const doc = {
      tenant: { name: 'Contoso', tenantId: '00000000-0000-0000-0000-000000000001', managedDomains: [] },
      access: { appId: 'app', organization: 'contoso.onmicrosoft.com', certificateFile: pfx, certificateEnv: 'PFX_B64' },
      objects: [],
    } as unknown as TenantDesiredState;
    const open = sessionOpener({ EXO_GATEWAY_PWSH: fakePwsh, PFX_B64: 'MII=', PATH: process.env.PATH }, dir, () => undefined);
    const session = await open(doc);
    expect(session.hello).toEqual({ type: 'fatal', organization: 'contoso.onmicrosoft.com', error: { type: 'ConfigurationError', message: expect.stringContaining('Both EXO_SESSION_CERT_FILE') } });
    await session.close();
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('a certificate variable inherited from the program environment is not a second source', () => {
    const env = { EXO_SESSION_CERT_ENV: 'STALE', STALE: 'MII=', ...sessionEnvironment({ appId: 'app', organization: 'contoso.onmicrosoft.com', certificateFile: pfx } as TenantDesiredState['access']) };
    expect(checkSessionSettings(env).settings?.certificateFile).toBe(pfx);
  });
});

describe('typing the replies of the session script', () => {
  test('the tenant id is lower-cased in TypeScript', () => {
    expect(typedHello({ type: 'ready', tenantId: 'ABCDEF01-0000-0000-0000-00000000000A', organization: 'o' }).tenantId).toBe('abcdef01-0000-0000-0000-00000000000a');
    expect(typedHello({ type: 'fatal', error: { type: 'ConnectFailed', message: 'm' } })).toEqual({ type: 'fatal', error: { type: 'ConnectFailed', message: 'm' } });
  });

  test('numbers, booleans, strings and null keep their kind; lists become texts; dictionaries become key=value texts', () => {
    expect(typedValue(5)).toBe(5);
    expect(typedValue(2.5)).toBe(2.5);
    expect(typedValue(false)).toBe(false);
    expect(typedValue('smtp:contoso.com;1')).toBe('smtp:contoso.com;1');
    expect(typedValue(null)).toBeNull();
    expect(typedValue(['a', 7, null, true])).toEqual(['a', '7', 'true']);
    expect(typedValue({ Add: 'x', Count: 2 })).toEqual(['Add=x', 'Count=2']);
  });

  test('a get always answers a list; an invoke answers null, the one object, or the list', () => {
    const one = { Name: 'In', Enabled: true, Priority: 1 };
    expect(typedReply('get', { id: 1, ok: true, result: [] }).result).toEqual([]);
    expect(typedReply('get', { id: 1, ok: true, result: one }).result).toEqual([one]);
    expect(typedReply('get', { id: 1, ok: true, result: null }).result).toEqual([]);
    expect(typedReply('invoke', { id: 2, ok: true, result: [] }).result).toBeNull();
    expect(typedReply('invoke', { id: 2, ok: true, result: [one] }).result).toEqual(one);
    expect(typedReply('invoke', { id: 2, ok: true, result: one, warnings: ['w'] })).toEqual({ id: 2, ok: true, result: one, warnings: ['w'] });
    expect(typedReply('invoke', { id: 2, ok: true, result: [one, one] }).result).toEqual([one, one]);
    const failed = { id: 3, ok: false, error: { type: 'X', message: 'm' } };
    expect(typedReply('invoke', failed)).toBe(failed);
  });
});
