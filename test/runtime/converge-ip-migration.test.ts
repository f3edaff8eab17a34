/**
 * Converge against the simulated Exchange Online moves a hand-made, IP-based gateway inbound
 * connector to the tenant's certificate in place: the same object (its Guid) ends with the
 * certificate name and no IP addresses, through two Set calls in that order, and the next run is
 * in sync.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TenantDesiredState } from '../../lib/core/exo-model';
import { tenantDocument } from '../../lib/profiles';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { ExchangeSession } from '../../lib/runtime/session-client';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { tenant } from '../helpers/fleet-fixtures';

const ORG = 'contoso.onmicrosoft.com';

test('an adopted IP-based inbound connector keeps its identity and ends with the certificate only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-ip-migration-'));
  try {
    const store = new SimulatorStore(dir);
    const doc: TenantDesiredState = { ...tenantDocument(tenant('Contoso')), adoptExisting: true };
    const declared = doc.objects.find((o) => o.kind === 'InboundConnector')!;
    store.seedTenant({ organization: ORG, tenantId: doc.tenant.tenantId, acceptedDomains: ['contoso.com'] });
    const before = store.putForeignObject(ORG, 'InboundConnector', {
      Name: declared.name,
      ConnectorType: 'OnPremises',
      SenderDomains: ['*'],
      SenderIPAddresses: ['203.0.113.25'],
      RestrictDomainsToIPAddresses: false,
      RequireTls: true,
      Comment: 'gateway by IP, made in the admin center',
    });
    expect(before.Guid).toEqual(expect.any(String));
    const open: SessionOpener = async (d) =>
      asExchangeSession(await openSimulatedSession({ stateDir: dir, organization: d.access.organization, appId: d.access.appId, env: { EXO_CERT: 'x' } })) as ExchangeSession;
    const lines: string[] = [];
    const first = await convergeTenant(doc, open, { whatIf: false, log: (l) => lines.push(l) });

    const inboundSteps = first.plan.steps.filter((s) => s.kind === 'InboundConnector');
    expect(inboundSteps.map((s) => s.cmdlet)).toEqual(['Set-InboundConnector', 'Set-InboundConnector']);
    expect(inboundSteps[0].parameters.TlsSenderCertificateName).toBe(declared.parameters.TlsSenderCertificateName);
    expect(inboundSteps[1].parameters).toEqual({ Identity: declared.name, SenderIPAddresses: null });
    const [after] = store.objects(ORG, 'InboundConnector');
    expect(store.objects(ORG, 'InboundConnector')).toHaveLength(1);
    expect(after.Guid).toBe(before.Guid);
    expect(after.TlsSenderCertificateName).toBe(declared.parameters.TlsSenderCertificateName);
    expect(after.SenderIPAddresses ?? []).toEqual([]);
    expect(lines.join('\n')).toMatch(/SenderIPAddresses/);

    const second = await convergeTenant(doc, open, { whatIf: false, log: () => undefined });
    expect(second.plan.steps).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
