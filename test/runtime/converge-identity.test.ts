/**
 * Managed objects renamed by hand, and objects deployed before the stable id existed, converge
 * against the simulated Exchange Online without any object being created or removed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MANAGED_MARKER, TenantDesiredState } from '../../lib/core/exo-model';
import { tenantDocument } from '../../lib/profiles';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { ExchangeSession } from '../../lib/runtime/session-client';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { tenant } from '../helpers/fleet-fixtures';

const ORG = 'contoso.onmicrosoft.com';
const KINDS = ['InboundConnector', 'OutboundConnector', 'TransportRule'] as const;

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-identity-'));
  const store = new SimulatorStore(dir);
  const doc = tenantDocument(tenant('Contoso'));
  store.seedTenant({ organization: ORG, tenantId: doc.tenant.tenantId, acceptedDomains: ['contoso.com'] });
  const open: SessionOpener = async (d: TenantDesiredState): Promise<ExchangeSession> =>
    asExchangeSession(await openSimulatedSession({ stateDir: dir, organization: d.access.organization, appId: d.access.appId, env: { EXO_CERT: 'x' } }));
  const log = (): void => undefined;
  const snapshot = () => KINDS.map((k) => store.objects(ORG, k).map((o) => `${o.Guid} ${o.Name}`));
  return { store, doc, open, log, snapshot };
}

/** The document as an earlier version wrote it: the marker without an id. */
function withoutIds(doc: TenantDesiredState): TenantDesiredState {
  const strip = (v: unknown) => (typeof v === 'string' ? v.replace(/ id=[0-9a-f]+/, '') : v);
  return { ...doc, objects: doc.objects.map((o) => ({ ...o, parameters: { ...o.parameters, ...('Comment' in o.parameters ? { Comment: strip(o.parameters.Comment) as string } : {}), ...('Comments' in o.parameters ? { Comments: strip(o.parameters.Comments) as string } : {}) } })) };
}

describe('stable identity against the simulated Exchange Online', () => {
  test('objects renamed by hand are renamed back in place: same objects, declared names, then nothing to do', async () => {
    const { store, doc, open, log, snapshot } = setup();
    await convergeTenant(doc, open, { whatIf: false, log });
    const before = snapshot();
    const inbound = store.objects(ORG, 'InboundConnector')[0].Name as string;
    const rule = store.objects(ORG, 'TransportRule')[2].Name as string;
    store.editObject(ORG, 'InboundConnector', inbound, { Name: 'renamed inbound' });
    store.editObject(ORG, 'TransportRule', rule, { Name: 'renamed rule' });

    const repair = await convergeTenant(doc, open, { whatIf: false, log });
    expect(repair.plan.steps.map((s) => [s.cmdlet, s.parameters.Identity, s.parameters.Name])).toEqual([
      ['Set-InboundConnector', 'renamed inbound', inbound],
      ['Set-TransportRule', 'renamed rule', rule],
    ]);
    expect(snapshot()).toEqual(before);
    expect((await convergeTenant(doc, open, { whatIf: false, log })).plan.steps).toEqual([]);
  });

  test('objects deployed without an id get it with one Set each, and are never recreated', async () => {
    const { store, doc, open, log, snapshot } = setup();
    await convergeTenant(withoutIds(doc), open, { whatIf: false, log });
    expect(store.objects(ORG, 'InboundConnector')[0].Comment).not.toMatch(/ id=/);
    const before = snapshot();

    const upgrade = await convergeTenant(doc, open, { whatIf: false, log });
    expect(new Set(upgrade.plan.steps.map((s) => s.action))).toEqual(new Set(['Set']));
    expect(upgrade.plan.steps.every((s) => s.changes?.length === 1 && ['Comment', 'Comments'].includes(s.changes[0].parameter))).toBe(true);
    expect(upgrade.plan.steps).toHaveLength(doc.objects.length);
    expect(snapshot()).toEqual(before);
    expect(String(store.objects(ORG, 'InboundConnector')[0].Comment)).toMatch(new RegExp(`${MANAGED_MARKER} id=[0-9a-f]{12}`));
    expect((await convergeTenant(doc, open, { whatIf: false, log })).plan.steps).toEqual([]);
  });
});
