import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TenantDesiredState } from '../../lib/core/exo-model';
import { tenantDocument } from '../../lib/profiles';
import { convergeTenant, parseDocument, SessionOpener } from '../../lib/runtime/converge';
import { BlockedPlanError, ConnectError, StepFailedError, TenantMismatchError } from '../../lib/runtime/errors';
import { ExchangeSession } from '../../lib/runtime/session-client';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { tenant } from '../helpers/fleet-fixtures';

const ORG = 'contoso.onmicrosoft.com';

function setup(seed: Partial<{ tenantId: string; acceptedDomains: string[]; restrictedInboundConnectors: boolean }> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-converge-'));
  const store = new SimulatorStore(dir);
  const model = tenant('Contoso');
  const doc = tenantDocument(model);
  store.seedTenant({ organization: ORG, tenantId: seed.tenantId ?? doc.tenant.tenantId, acceptedDomains: seed.acceptedDomains ?? ['contoso.com'], restrictedInboundConnectors: seed.restrictedInboundConnectors });
  const open: SessionOpener = async (d: TenantDesiredState): Promise<ExchangeSession> => {
    const s = await openSimulatedSession({ stateDir: dir, organization: d.access.organization, appId: d.access.appId, env: { EXO_CERT: 'x' } });
    return asExchangeSession(s);
  };
  const lines: string[] = [];
  return { dir, store, doc, open, lines, log: (l: string) => lines.push(l) };
}

describe('convergeTenant', () => {
  test('creates everything, then plans nothing on the next run', async () => {
    const { doc, open, log, store, lines } = setup();
    const first = await convergeTenant(doc, open, { whatIf: false, log });
    expect(first.applied).toBe(10);
    expect(lines).toContain("  [1/10] + New-InboundConnector '[SEPPmail] Appliance -> ExchangeOnline'");
    expect(store.objects(ORG, 'TransportRule')).toHaveLength(8);
    const second = await convergeTenant(doc, open, { whatIf: false, log });
    expect(second.plan.steps).toEqual([]);
    expect(lines[lines.length - 1]).toBe('[Contoso] in sync, no change');
  });

  test('what-if prints the plan and changes nothing', async () => {
    const { doc, open, log, store, lines } = setup();
    const r = await convergeTenant(doc, open, { whatIf: true, log });
    expect(r.applied).toBe(0);
    expect(lines).toContain('[Contoso] what-if: 10 change(s) would be made:');
    expect(store.objects(ORG, 'InboundConnector')).toEqual([]);
  });

  test('fails before any change when connected to another tenant id', async () => {
    const { doc, open, log, store } = setup({ tenantId: '99999999-0000-4000-8000-000000000000' });
    await expect(convergeTenant(doc, open, { whatIf: false, log })).rejects.toThrow(TenantMismatchError);
    expect(store.readCalls()).toEqual([]);
  });

  test('fails before any change when a managed domain is not an accepted domain', async () => {
    const { doc, open, log, store } = setup({ acceptedDomains: ['other.com'] });
    await expect(convergeTenant(doc, open, { whatIf: false, log })).rejects.toThrow(/managed domain\(s\) contoso.com are not accepted domains of contoso.onmicrosoft.com/);
    expect(store.readCalls()).toEqual([]);
  });

  test('an unknown connected tenant id is a connect failure, never a mismatch that teardown would skip', async () => {
    const { doc, log } = setup();
    const blind: SessionOpener = async () => ({ hello: { type: 'ready', tenantId: '' }, read: async () => ({ id: 0, ok: true, result: [] }), invoke: async () => ({ id: 0, ok: true }), close: async () => undefined });
    const err = await convergeTenant(doc, blind, { whatIf: false, log }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.message).toContain('did not report the connected tenant id');
  });

  test('fails naming the tenant when the organization cannot be connected', async () => {
    const { doc, open, log } = setup();
    const wrong = { ...doc, access: { ...doc.access, organization: 'nobody.onmicrosoft.com' } };
    await expect(convergeTenant(wrong, open, { whatIf: false, log })).rejects.toThrow(ConnectError);
  });

  test('refuses to take over an unmarked object holding a declared name, unless adoptExisting', async () => {
    const { doc, open, log, store } = setup();
    store.putForeignObject(ORG, 'InboundConnector', { Name: '[SEPPmail] Appliance -> ExchangeOnline', ConnectorType: 'OnPremises', TlsSenderCertificateName: 'old.contoso.com', SenderDomains: ['smtp:*;1'] });
    await expect(convergeTenant(doc, open, { whatIf: false, log })).rejects.toThrow(BlockedPlanError);
    expect(store.readCalls()).toEqual([]);
    await convergeTenant({ ...doc, adoptExisting: true }, open, { whatIf: false, log });
    const inbound = store.objects(ORG, 'InboundConnector');
    expect(inbound).toHaveLength(1);
    expect(inbound[0].TlsSenderCertificateName).toBe('seppmail.contoso.com');
  });

  test('stops at the first failed step with tenant, step number and Exchange\'s message', async () => {
    const { doc, open, log, store } = setup();
    store.writeFaults([{ organization: ORG, cmdlet: 'New-OutboundConnector', nth: 1, message: 'Transient failure' }]);
    const err = await convergeTenant(doc, open, { whatIf: false, log }).catch((e) => e);
    expect(err).toBeInstanceOf(StepFailedError);
    expect(err.message).toBe("New-OutboundConnector failed for tenant 'Contoso' at step 2 of 10 ('[SEPPmail] ExchangeOnline -> Appliance'): Transient failure");
    expect(store.objects(ORG, 'TransportRule')).toEqual([]);
  });

  test('treats an inbound connector Exchange leaves disabled as a failure, not a success', async () => {
    const { doc, open, log } = setup({ restrictedInboundConnectors: true });
    await expect(convergeTenant(doc, open, { whatIf: false, log })).rejects.toThrow(/left the connector disabled/);
  });

  test('parseDocument rejects missing, non-JSON and foreign documents with the fix', () => {
    expect(() => parseDocument(undefined, 'EXO_DOCUMENT')).toThrow(/no desired-state document in EXO_DOCUMENT/);
    expect(() => parseDocument('{', 'EXO_DOCUMENT')).toThrow(/is not JSON/);
    expect(() => parseDocument('{"schema":"x"}', 'EXO_DOCUMENT')).toThrow(/Re-synthesize the stack/);
  });
});
