/**
 * A condition an admin adds to a managed rule: drift reports it; converge leaves it, unless the
 * tenant's CbcConnector is strict, when converge clears it (and drift says so).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { CbcConnector, ExchangeAccess, GatewayProfile, MailGateway, TenantGateway } from '../../lib';
import { DesiredObject, TenantDesiredState } from '../../lib/core/exo-model';
import { tenantDocument } from '../../lib/profiles';
import { convergeTenant, SessionOpener } from '../../lib/runtime/converge';
import { driftFindings, observeTenant } from '../../lib/runtime/drift';
import { stackDocuments } from '../../lib/runtime/exo-apply';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { tenant } from '../helpers/fleet-fixtures';

const ORG = 'contoso.onmicrosoft.com';

function setup(strict: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-strict-'));
  const store = new SimulatorStore(dir);
  const base = tenant('Contoso');
  const doc = tenantDocument({ ...base, connector: { path: `${base.path}/Connector`, rulesEnabled: true, cryptoContentOnly: true, sclInboundThreshold: 5, connectorsEnabled: true, restrictDomainsToCertificate: false, ...(strict ? { strict: true } : {}) } });
  store.seedTenant({ organization: ORG, tenantId: doc.tenant.tenantId, acceptedDomains: ['contoso.com'] });
  const open: SessionOpener = async (d: TenantDesiredState) => asExchangeSession(await openSimulatedSession({ stateDir: dir, organization: d.access.organization, appId: d.access.appId, env: { EXO_CERT: 'x' } }));
  const rule = doc.objects.find((o) => o.kind === 'TransportRule' && o.parameters.SenderDomainIs === undefined && o.parameters.ExceptIfSenderIpRanges === undefined) as DesiredObject;
  return { store, doc, open, rule };
}

const quiet = { whatIf: false, log: () => undefined };

describe.each([false, true])('a condition added by hand to a managed rule (strict %s)', (strict) => {
  test(strict ? 'drift says converge clears it, and converge does' : 'drift reports it and says converge leaves it, and converge does', async () => {
    const { store, doc, open, rule } = setup(strict);
    await convergeTenant(doc, open, quiet);
    store.editObject(ORG, 'TransportRule', rule.name, { SenderDomainIs: ['partner.example'], ExceptIfSenderIpRanges: ['192.0.2.0/24'] });
    const findings = driftFindings(doc, await observeTenant(doc, open));
    expect(findings.map((f) => [f.finding, f.object, f.property, f.converge])).toEqual([
      ['undeclaredSetting', rule.name, 'SenderDomainIs', strict ? 'clears' : 'leaves'],
      ['undeclaredSetting', rule.name, 'ExceptIfSenderIpRanges', strict ? 'clears' : 'leaves'],
    ]);
    const result = await convergeTenant(doc, open, quiet);
    const after = store.objects(ORG, 'TransportRule').find((r) => r.Name === rule.name)!;
    if (strict) {
      expect(result.plan.steps).toEqual([
        expect.objectContaining({ cmdlet: 'Set-TransportRule', name: rule.name, parameters: { Identity: rule.name, SenderDomainIs: null, ExceptIfSenderIpRanges: null } }),
      ]);
      expect(after.SenderDomainIs ?? null).toBeNull();
      expect(after.ExceptIfSenderIpRanges ?? null).toBeNull();
      expect(driftFindings(doc, await observeTenant(doc, open))).toEqual([]);
    } else {
      expect(result.plan.steps).toEqual([]);
      expect(after.SenderDomainIs).toEqual(['partner.example']);
    }
  });
});

test('CbcConnector strict marks the tenant\'s rules strict in the synthesized document, and only its rules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-strict-synth-'));
  const app = new App({ outdir: dir });
  const stack = new TerraformStack(app, 's');
  const gw = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.example.net', tlsCertificateName: '*.example.net' });
  const make = (id: string, n: number, strict?: boolean) => {
    const t = new TenantGateway(stack, id, { gateway: gw, tenantId: `00000000-0000-4000-8000-00000000000${n}`, initialDomain: `${id.toLowerCase()}.onmicrosoft.com`, cbcCertificateName: `seppmail.${id.toLowerCase()}.com`, access: ExchangeAccess.certificateFromEnvironment('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', 'CERT') });
    t.addManagedDomain('D', { domain: `${id.toLowerCase()}.com` });
    if (strict !== undefined) new CbcConnector(t, 'Connector', { tenant: t, strict });
  };
  make('Strict', 1, true);
  make('Plain', 2);
  app.synth();
  const docs = stackDocuments(path.join(dir, 'stacks', 's'));
  const strictDoc = docs.find((d) => d.tenant.name === 'Strict')!;
  expect(strictDoc.objects.filter((o) => o.kind === 'TransportRule').every((o) => o.strict === true)).toBe(true);
  expect(strictDoc.objects.filter((o) => o.kind !== 'TransportRule').some((o) => 'strict' in o)).toBe(false);
  expect(docs.find((d) => d.tenant.name === 'Plain')!.objects.some((o) => 'strict' in o)).toBe(false);
});
