/**
 * Managed objects are matched by the stable id in their marker: one renamed by hand is renamed
 * back in place, and objects deployed before ids existed keep converging by name.
 */
import { buildTenantDocument } from '../../lib/core/desired-state';
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { DesiredObject, TenantDesiredState, managedIdIn } from '../../lib/core/exo-model';
import { TenantModel } from '../../lib/core/fleet';
import { planTenant } from '../../lib/core/planner';
import { MARK, IN, OUT, R1, R2, inbound, outbound, rule, observedOf, summary } from './drift-helpers';

// ---------------------------------------------------------------------------------------------
// 11. Managed objects renamed by hand
// ---------------------------------------------------------------------------------------------

function model(): TenantModel {
  return {
    name: 'contoso',
    tenantId: '2F3A6C1E-8B1D-4C55-9A0E-6D1F0B7C9E42',
    initialDomain: 'contoso.onmicrosoft.com',
    domains: [{ domain: 'contoso.com' }],
    access: { appId: 'a1b2c3d4-0000-4000-8000-00000000beef', organization: 'contoso.onmicrosoft.com', certificateEnv: 'PFX' },
    retired: false,
    adoptExisting: false,
  } as unknown as TenantModel;
}

/** The document synth writes for these objects (with the stable ids in the markers). */
const documentOf = (objects: DesiredObject[]): TenantDesiredState => buildTenantDocument(model(), objects, { defaultRulePlacement: 'Top', requireAllAcceptedDomainsManaged: false });

describe('stable identity of managed objects', () => {
  test('the document carries a stable id after the marker of every object, the same on every synth', () => {
    const doc = documentOf([inbound(), outbound(), rule(R1)]);
    const ids = doc.objects.map((o) => managedIdIn(String(o.parameters.Comment ?? o.parameters.Comments), MARK));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(String(doc.objects[0].parameters.Comment)).toContain(`${MARK} id=${ids[0]}`);
    expect(documentOf([inbound(), outbound(), rule(R1)]).objects).toEqual(doc.objects);
  });

  test.each([
    ['InboundConnector', 'InboundConnector', IN],
    ['OutboundConnector', 'OutboundConnector', OUT],
    ['TransportRule', 'TransportRule', R1],
  ] as const)('an %s renamed by hand is renamed back with Set -Name, never New plus Remove', (_title, kind, name) => {
    const doc = documentOf([inbound(), outbound(), rule(R1)]);
    const observed = observedOf(doc.objects, (o, d) => {
      if (d.name === name) {
        o.Name = `${name} (edited)`;
        o.Identity = `${name} (edited)`;
      }
    });
    const plan = planTenant(doc, observed);
    expect(plan.blockers).toEqual([]);
    expect(plan.steps.map((s) => s.action)).toEqual(['Set']);
    expect(plan.steps[0]).toMatchObject({ kind, cmdlet: `Set-${kind}`, name, parameters: { Identity: `${name} (edited)`, Name: name } });
    expect(plan.steps[0].changes).toEqual([{ parameter: 'Name', current: `${name} (edited)`, desired: name }]);
    expect(EXO_CATALOGUE[`Set-${kind}`].parameters.Name).toBeDefined();
  });

  test('a renamed rule keeps its place, and its other drift is applied in the same Set', () => {
    const doc = documentOf([outbound(), rule(R1), rule(R2)]);
    const observed = observedOf(doc.objects, (o, d) => {
      if (d.name === R1) {
        o.Name = 'renamed';
        o.Identity = 'renamed';
        o.Mode = 'Audit';
      }
    });
    const plan = planTenant(doc, observed);
    expect(plan.blockers).toEqual([]);
    expect(summary(plan.steps)).toEqual([`Set-TransportRule ${R1}`]);
    expect(plan.steps[0].parameters).toEqual({ Identity: 'renamed', Name: R1, Mode: 'Enforce' });
  });

  test('rules that route to a hand-renamed outbound connector are not re-pointed (Exchange follows the connector)', () => {
    const doc = documentOf([outbound(), rule(R1)]);
    const observed = observedOf(doc.objects, (o, d) => {
      if (d.kind === 'OutboundConnector') o.Name = o.Identity = 'edited';
      if (d.kind === 'TransportRule') o.RouteMessageOutboundConnector = 'edited';
    });
    expect(summary(planTenant(doc, observed).steps)).toEqual([`Set-OutboundConnector ${OUT}`]);
  });

  test('objects deployed without an id converge by name: the id is added, nothing is recreated, then nothing drifts', () => {
    const doc = documentOf([inbound(), outbound(), rule(R1)]);
    const legacy = observedOf([inbound(), outbound(), rule(R1)]);
    const plan = planTenant(doc, legacy);
    expect(plan.blockers).toEqual([]);
    expect(plan.steps.map((s) => [s.action, s.name, s.changes?.map((c) => c.parameter)])).toEqual([
      ['Set', IN, ['Comment']],
      ['Set', OUT, ['Comment']],
      ['Set', R1, ['Comments']],
    ]);
    expect(planTenant(doc, observedOf(doc.objects))).toEqual({ steps: [], blockers: [] });
  });

  test('a hand rename onto a name another object holds blocks, naming both', () => {
    const doc = documentOf([inbound(), outbound()]);
    const observed = observedOf(doc.objects, (o, d) => {
      if (d.kind === 'OutboundConnector') o.Name = o.Identity = 'edited';
    });
    observed.OutboundConnector.push({ Name: OUT, Identity: OUT, Comment: 'made by hand' });
    const plan = planTenant(doc, observed);
    expect(plan.steps).toEqual([]);
    expect(plan.blockers.join('\n')).toMatch(/'edited'.*'Exchange Online -> Gateway'|'Exchange Online -> Gateway'.*'edited'/);
  });
});

describe('stable identity conflicts', () => {
  test('two rules swapped by hand block the tenant, naming both', () => {
    const doc = documentOf([outbound(), rule(R1), rule(R2)]);
    const observed = observedOf(doc.objects, (o, d) => {
      if (d.name === R1) o.Name = o.Identity = R2;
      else if (d.name === R2) o.Name = o.Identity = R1;
    });
    const plan = planTenant(doc, observed);
    expect(plan.steps).toEqual([]);
    expect(plan.blockers).toHaveLength(1);
    expect(plan.blockers[0]).toContain(`'${R2}' is the managed '${R1}' and '${R1}' is the managed '${R2}'`);
  });

  test('two declared objects with one id block the tenant', () => {
    const doc = documentOf([outbound(), rule(R1)]);
    const copy: DesiredObject = { ...doc.objects[1], name: R2, parameters: { ...doc.objects[1].parameters, Name: R2 } };
    const plan = planTenant({ ...doc, objects: [...doc.objects, copy] }, observedOf(doc.objects));
    expect(plan.steps).toEqual([]);
    expect(plan.blockers.join('\n')).toMatch(/carry the same id/);
  });
});
