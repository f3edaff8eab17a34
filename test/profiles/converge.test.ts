/**
 * Every profile converges against the simulated Exchange Online (the documented cmdlet semantics:
 * parameters bound like PowerShell, invalid combinations refused, read-back forms), and a second
 * run plans nothing; the inline layouts' accepted-domain check stops a tenant before any change.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TenantDesiredState } from '../../lib/core/exo-model';
import { TenantModel } from '../../lib/core/fleet';
import { tenantDocument } from '../../lib/profiles';
import { convergeTenant, SessionOpener, unmanagedAcceptedDomains } from '../../lib/runtime/converge';
import { BlockedPlanError } from '../../lib/runtime/errors';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { cloudGateway, cloudTenant, everyProfileVariant, gatewayTenant, nspGateway } from './fixtures';

function documentOf(model: TenantModel): TenantDesiredState {
  return tenantDocument(model);
}

function setup(model: TenantModel, acceptedDomains: string[] = model.domains.map((d) => d.domain)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-profile-converge-'));
  const store = new SimulatorStore(dir);
  const doc = documentOf(model);
  store.seedTenant({ organization: doc.access.organization, tenantId: doc.tenant.tenantId, acceptedDomains });
  const open: SessionOpener = async (d) => {
    const s = await openSimulatedSession({ stateDir: dir, organization: d.access.organization, appId: d.access.appId, env: { EXO_CERT: 'x' } });
    return asExchangeSession(s);
  };
  const lines: string[] = [];
  return { dir, store, doc, open, lines, log: (l: string) => lines.push(l) };
}

describe('profiles converge against the simulated Exchange Online', () => {
  test.each(everyProfileVariant())('%s: creates every object, then plans nothing', async (_name, model) => {
    const { doc, open, log, store, dir } = setup(model);
    const first = await convergeTenant(doc, open, { whatIf: false, log });
    expect(first.applied).toBeGreaterThanOrEqual(doc.objects.length);
    for (const kind of ['InboundConnector', 'OutboundConnector', 'TransportRule'] as const) {
      expect(store.objects(doc.access.organization, kind).map((o) => o.Name).sort()).toEqual(doc.objects.filter((o) => o.kind === kind).map((o) => o.name).sort());
    }
    const second = await convergeTenant(doc, open, { whatIf: false, log });
    expect(second.plan.steps).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('SEPPmail.cloud inline stops before any change when an accepted domain is not routed through the cloud', async () => {
    const model = cloudTenant('Contoso', cloudGateway('inline'));
    const { doc, open, log, store, dir } = setup(model, ['contoso.com', 'contoso-legacy.com']);
    await expect(convergeTenant(doc, open, { whatIf: false, log })).rejects.toThrow(BlockedPlanError);
    await expect(convergeTenant(doc, open, { whatIf: false, log })).rejects.toThrow(/accepted domain\(s\) contoso-legacy\.com of contoso\.onmicrosoft\.com are not routed through the gateway.*5\.7\.51/);
    expect(store.objects(doc.access.organization, 'InboundConnector')).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('NoSpamProxy without the certificate restriction does not check the accepted domains', async () => {
    const model = gatewayTenant('Contoso', nspGateway({ restrictToCertificate: false }));
    const { doc, open, log, dir } = setup(model, ['contoso.com', 'contoso-legacy.com']);
    expect(doc).not.toHaveProperty('requireAllAcceptedDomainsManaged');
    await expect(convergeTenant(doc, open, { whatIf: false, log })).resolves.toMatchObject({ applied: 2 });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the accepted-domain check ignores onmicrosoft.com domains and case', () => {
    expect(unmanagedAcceptedDomains(['Contoso.com', 'contoso.onmicrosoft.com', 'contoso.mail.onmicrosoft.com', 'contoso.de'], ['contoso.com'])).toEqual(['contoso.de']);
  });
});
