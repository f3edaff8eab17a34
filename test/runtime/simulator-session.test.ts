/**
 * The simulated Exchange Online, its store (tenant isolation, persistence, test API) and its
 * session (connect, allow-list, logs, latency, faults).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CmdletNotAllowedError,
  ExoSimBackend,
  openSimulatedSession,
  SimulatorStore,
} from '../../lib/runtime/simulator';
import { connectFailedMessage } from '../../lib/runtime/simulator/session';
import {
  CONTOSO,
  CONTOSO_TENANT_ID,
  FABRIKAM,
  FABRIKAM_TENANT_ID,
  GATEWAY_APP_ID,
  GATEWAY_INBOUND,
  GATEWAY_OUTBOUND,
  backend,
  created,
  find,
  ruleOrder,
  stateDir,
  store,
  useSimulatorState,
} from './simulator-fixtures';

useSimulatorState();

// ---------------------------------------------------------------------------------------------
// Store: isolation, persistence, test API
// ---------------------------------------------------------------------------------------------

describe('store', () => {
  test('state is tenant-specific', () => {
    created('New-InboundConnector', GATEWAY_INBOUND, CONTOSO);
    created('New-TransportRule', { Name: 'Only in fabrikam' }, FABRIKAM);
    expect(backend.get(FABRIKAM, 'InboundConnector')).toEqual([]);
    expect(backend.get(CONTOSO, 'TransportRule')).toEqual([]);
    // the same name in another tenant is no clash
    expect(created('New-InboundConnector', GATEWAY_INBOUND, FABRIKAM).Name).toBe('Gateway -> EXO');
  });

  test('state survives a new backend and store on the same folder', () => {
    const connector = created('New-InboundConnector', GATEWAY_INBOUND);
    const reopened = new ExoSimBackend(new SimulatorStore(stateDir));
    expect(reopened.get(CONTOSO, 'InboundConnector')).toEqual([connector]);
  });

  test('keeps one file per tenant and leaves no temporary files', () => {
    created('New-InboundConnector', GATEWAY_INBOUND);
    expect(fs.readdirSync(path.join(stateDir, 'tenants')).sort()).toEqual([`${CONTOSO}.json`, `${FABRIKAM}.json`]);
  });

  test('finds a tenant whatever the case of the organization', () => {
    expect(store.readTenant('Contoso.OnMicrosoft.com')!.tenantId).toBe(CONTOSO_TENANT_ID);
    expect(store.listTenants()).toEqual([CONTOSO, FABRIKAM]);
  });

  test('editObject simulates an admin\'s manual change (drift)', () => {
    created('New-OutboundConnector', GATEWAY_OUTBOUND);
    store.editObject(CONTOSO, 'OutboundConnector', 'EXO -> Gateway', { SmartHosts: ['rogue.example.net'] });
    expect(find('OutboundConnector', 'EXO -> Gateway')!.SmartHosts).toEqual(['rogue.example.net']);
  });

  test('putForeignObject adds an admin-made object that reads ConnectorSource AdminUI', () => {
    const foreign = store.putForeignObject(CONTOSO, 'InboundConnector', { Name: 'Made in EAC', SenderDomains: ['smtp:partner.example;1'] });
    expect(foreign).toMatchObject({ ConnectorSource: 'AdminUI', Identity: 'Made in EAC' });
    expect(find('InboundConnector', 'Made in EAC')).toEqual(foreign);
    store.putForeignObject(CONTOSO, 'TransportRule', { Name: 'Disclaimer', Priority: 0 });
    created('New-TransportRule', { Name: 'Ours', Priority: 0 });
    expect(ruleOrder()).toEqual(['0:Ours', '1:Disclaimer']);
  });

  test('reset forgets tenants, logs and faults', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    await session.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'R' } });
    store.writeFaults([{ cmdlet: 'New-TransportRule', nth: 5, message: 'x' }]);
    store.reset();
    expect(store.listTenants()).toEqual([]);
    expect(store.readCalls()).toEqual([]);
    expect(store.readSessions()).toEqual([]);
    expect(fs.existsSync(store.faultsFile)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Session: connect, allow-list, logs, latency, faults
// ---------------------------------------------------------------------------------------------

describe('simulated session', () => {
  test('connects to the tenant named by -Organization and logs the session', async () => {
    const session = await openSimulatedSession({ stateDir, organization: 'CONTOSO.onmicrosoft.com', pid: 4242 });
    expect(session.hello).toEqual({ type: 'ready', tenantId: CONTOSO_TENANT_ID, organization: CONTOSO });
    expect(store.readSessions()).toEqual([{ time: expect.any(String), organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, pid: 4242, ok: true }]);
  });

  test('fails to connect to an unknown organization like a real connect', async () => {
    const session = await openSimulatedSession({ stateDir, organization: 'unknown.onmicrosoft.com' });
    expect(session.hello).toEqual({
      type: 'fatal',
      organization: 'unknown.onmicrosoft.com',
      error: {
        type: 'ConnectFailed',
        message: connectFailedMessage(
          'unknown.onmicrosoft.com',
          "AADSTS90002: Tenant 'unknown.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
        ),
      },
    });
    expect(session.hello.error!.message).toBe("Connect-ExchangeOnline failed for organization 'unknown.onmicrosoft.com': AADSTS90002: Tenant 'unknown.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
    expect(session.closed).toBe(true);
    expect(await session.handle({ id: 1, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } })).toEqual({
      id: 1,
      ok: false,
      error: { type: 'SessionClosed', message: 'The session is closed.' },
    });
    expect(store.readSessions()).toEqual([expect.objectContaining({ organization: 'unknown.onmicrosoft.com', tenantId: null, ok: false })]);
  });

  test('refuses an app id the tenant does not allow, accepts the allowed one', async () => {
    const refused = await openSimulatedSession({ stateDir, organization: FABRIKAM, appId: 'ffffffff-0000-4000-8000-000000000000' });
    expect(refused.hello.type).toBe('fatal');
    expect(refused.hello.error!.message).toContain("AADSTS700016: Application with identifier 'ffffffff-0000-4000-8000-000000000000' was not found in the directory 'fabrikam.onmicrosoft.com'.");
    const accepted = await openSimulatedSession({ stateDir, organization: FABRIKAM, appId: GATEWAY_APP_ID });
    expect(accepted.hello).toEqual({ type: 'ready', tenantId: FABRIKAM_TENANT_ID, organization: FABRIKAM });
  });

  test('refuses cmdlets outside the allow-list, Get-* included', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    for (const cmdlet of ['Get-InboundConnector', 'New-AcceptedDomain', 'Set-Mailbox']) {
      const reply = await session.handle({ id: 7, op: 'invoke', cmdlet, parameters: {} });
      expect(reply).toEqual({ id: 7, ok: false, error: { type: 'CmdletNotAllowed', message: new CmdletNotAllowedError(cmdlet).message } });
    }
    expect(new CmdletNotAllowedError('Set-Mailbox').message).toBe("Cmdlet 'Set-Mailbox' is not on the session's allow-list.");
  });

  test('logs every invoke with its parameter names and outcome', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    await session.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'R', Priority: 0 } });
    await session.handle({ id: 2, op: 'invoke', cmdlet: 'new-transportrule', parameters: { Name: 'R' } });
    await session.handle({ id: 3, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } });
    expect(store.readCalls()).toEqual([
      { time: expect.any(String), organization: CONTOSO, cmdlet: 'New-TransportRule', parameterNames: ['Name', 'Priority'], ok: true },
      { time: expect.any(String), organization: CONTOSO, cmdlet: 'New-TransportRule', parameterNames: ['Name'], ok: false },
    ]);
  });

  test('answers malformed lines with a ProtocolError', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect(await session.handleLine('not json')).toMatchObject({ id: -1, ok: false, error: { type: 'ProtocolError' } });
    expect(await session.handleLine('{"id":4,"op":"dance"}')).toEqual({ id: 4, ok: false, error: { type: 'ProtocolError', message: "Unknown op 'dance'." } });
    expect(await session.handleLine('{"id":5,"op":"get","kind":"Mailbox"}')).toEqual({ id: 5, ok: false, error: { type: 'ProtocolError', message: 'A get request needs "cmdlet".' } });
    expect(await session.handleLine('{"id":6,"op":"get","cmdlet":"Get-Mailbox"}')).toEqual({ id: 6, ok: false, error: { type: 'CmdletNotAllowed', message: "Cmdlet 'Get-Mailbox' is not on the session's allow-list." } });
    expect(await session.handleLine('{"id":7,"op":"get","cmdlet":"Remove-TransportRule","parameters":{"Identity":"x"}}')).toEqual({ id: 7, ok: false, error: { type: 'CmdletNotAllowed', message: "Cmdlet 'Remove-TransportRule' is not on the session's allow-list." } });
    expect(await session.handleLine('{"op":"close"}')).toEqual({ id: -1, ok: false, error: { type: 'ProtocolError', message: 'A request needs an integer "id".' } });
  });

  test('serves nothing after close', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect(await session.handle({ id: 1, op: 'close' })).toEqual({ id: 1, ok: true, result: null });
    expect(session.closed).toBe(true);
    expect((await session.handle({ id: 2, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } })).error!.type).toBe('SessionClosed');
  });

  test('waits the configured latency (latency.json, overridden by env)', async () => {
    store.writeLatency({ connectDelayMs: 0, cmdletDelayMs: 150 });
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO, env: {} });
    let started = Date.now();
    await session.handle({ id: 1, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const fast = await openSimulatedSession({ stateDir, organization: CONTOSO, env: { EXO_SIM_CMDLET_DELAY_MS: '0' } });
    started = Date.now();
    await fast.handle({ id: 1, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } });
    expect(Date.now() - started).toBeLessThan(140);
  });

  test('fault injection fails the Nth invoke of a tenant, counted across sessions, and changes nothing', async () => {
    store.writeFaults([{ organization: CONTOSO, cmdlet: 'New-TransportRule', nth: 2, message: 'The service is busy (injected).', type: 'TransientException' }]);
    const first = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect((await first.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'One' } })).ok).toBe(true);
    // another tenant has its own count
    expect((await (await openSimulatedSession({ stateDir, organization: FABRIKAM, appId: GATEWAY_APP_ID })).handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'F' } })).ok).toBe(true);
    const second = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect(await second.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'Two' } })).toEqual({
      id: 1,
      ok: false,
      error: { type: 'TransientException', message: 'The service is busy (injected).' },
    });
    expect(backend.get(CONTOSO, 'TransportRule').map((rule) => rule.Name)).toEqual(['One']);
    expect((await second.handle({ id: 2, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'Two' } })).ok).toBe(true);
    expect(store.readCalls().map((call) => call.ok)).toEqual([true, true, false, true]);
  });
});
