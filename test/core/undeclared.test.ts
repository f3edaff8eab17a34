import { DesiredObject, ObservedObject, TenantDesiredState } from '../../lib/core/exo-model';
import { planTenant, undeclaredRuleSettings } from '../../lib/core/planner';

const MARKER = '#managed-by:test';
const rule: DesiredObject = { kind: 'TransportRule', name: 'Route', parameters: { Name: 'Route', Comments: `x ${MARKER}`, SentToScope: 'NotInOrganization', RouteMessageOutboundConnector: 'Out' } };
const observed = (extra: ObservedObject): ObservedObject => ({ Name: 'Route', Identity: 'Route', Comments: `x ${MARKER}`, State: 'Enabled', Priority: 0, SentToScope: 'NotInOrganization', RouteMessageOutboundConnector: 'Out', ...extra });

describe('undeclaredRuleSettings', () => {
  test('a condition, exception or action that is set but not declared is reported with its value', () => {
    const found = undeclaredRuleSettings(rule, observed({ SenderDomainIs: ['a.example'], ExceptIfSCLOver: '6', SetHeaderName: 'X-Added' }));
    expect(found).toHaveLength(3);
    expect(found).toEqual(expect.arrayContaining([
      { parameter: 'SenderDomainIs', found: ['a.example'] },
      { parameter: 'SetHeaderName', found: 'X-Added' },
      { parameter: 'ExceptIfSCLOver', found: '6' },
    ]));
  });

  test('empty values, unset booleans, documented defaults, declared parameters and rule-wide settings are not additions', () => {
    expect(undeclaredRuleSettings(rule, observed({ SenderDomainIs: [], RecipientDomainIs: null, HeaderContainsWords: '', RouteMessageOutboundRequireTls: false, SetSCL: null, Mode: 'Audit', StopRuleProcessing: true, SentToScope: 'InOrganization' }))).toEqual([]);
  });
});

describe('planTenant with a strict rule', () => {
  const doc = (strict: boolean): TenantDesiredState => ({
    schema: 's', tenant: { name: 'T', tenantId: 't', initialDomain: 't.onmicrosoft.com', managedDomains: [] }, access: { appId: 'a', organization: 'o' }, marker: MARKER, retired: false, adoptExisting: false, rulePlacement: 'Top',
    objects: [strict ? { ...rule, strict: true } : rule],
  } as TenantDesiredState);
  const state = { InboundConnector: [], OutboundConnector: [], TransportRule: [observed({ SenderDomainIs: ['a.example'] })] };

  test('clears the added condition with $null only when strict', () => {
    expect(planTenant(doc(false), state).steps).toEqual([]);
    expect(planTenant(doc(true), state).steps).toEqual([
      { action: 'Set', kind: 'TransportRule', name: 'Route', cmdlet: 'Set-TransportRule', parameters: { Identity: 'Route', SenderDomainIs: null }, changes: [{ parameter: 'SenderDomainIs', current: ['a.example'], desired: null }] },
    ]);
  });
});
