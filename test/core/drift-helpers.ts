/** Small desired and observed states for the planner's drift tests. */
import { DOCUMENT_SCHEMA, DesiredObject, ExoObjectKind, ExoParameters, MANAGED_MARKER, ObservedObject, ObservedState, PlanStep, RulePlacementValue, TenantDesiredState } from '../../lib/core/exo-model';

export const MARK = MANAGED_MARKER;
export const IN = 'Gateway -> Exchange Online';
export const OUT = 'Exchange Online -> Gateway';
export const R1 = 'Route inbound';
export const R2 = 'Route outbound';

export function object(kind: ExoObjectKind, name: string, parameters: ExoParameters): DesiredObject {
  return { kind, name, parameters: { Name: name, ...parameters } };
}

export const inbound = (extra: ExoParameters = {}): DesiredObject =>
  object('InboundConnector', IN, { ConnectorType: 'Partner', ConnectorSource: 'Default', SenderDomains: ['*'], Enabled: true, Comment: `Accepts mail from the gateway. ${MARK}`, ...extra });
export const outbound = (extra: ExoParameters = {}): DesiredObject =>
  object('OutboundConnector', OUT, {
    ConnectorType: 'Partner',
    ConnectorSource: 'Default',
    IsTransportRuleScoped: true,
    UseMXRecord: false,
    SmartHosts: ['gw.provider.example'],
    Enabled: true,
    Comment: `Sends mail to the gateway.\nSecond line. ${MARK}`,
    ...extra,
  });
export const rule = (name: string, extra: ExoParameters = {}): DesiredObject =>
  object('TransportRule', name, { FromScope: 'NotInOrganization', RouteMessageOutboundConnector: OUT, Mode: 'Enforce', Enabled: true, Comments: `Routes mail. ${MARK}`, ...extra });

export function tenant(objects: DesiredObject[], rulePlacement: RulePlacementValue = 'Top'): TenantDesiredState {
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: { name: 'contoso', tenantId: '2f3a6c1e-8b1d-4c55-9a0e-6d1f0b7c9e42', initialDomain: 'contoso.onmicrosoft.com', managedDomains: ['contoso.com'] },
    access: { appId: 'a1b2c3d4-0000-4000-8000-00000000beef', organization: 'contoso.onmicrosoft.com', certificateEnv: 'PFX' },
    marker: MARK,
    retired: false,
    adoptExisting: false,
    rulePlacement,
    objects,
  };
}

/** The declared object as Exchange reads it back (rules: State and Priority instead of Enabled). */
export function readBack(o: DesiredObject, priority = 0): ObservedObject {
  const { Enabled, ...rest } = o.parameters;
  if (o.kind !== 'TransportRule') return { ...o.parameters, Identity: o.name };
  return { ...rest, Identity: o.name, State: Enabled === false ? 'Disabled' : 'Enabled', Priority: priority };
}

export function observedOf(objects: DesiredObject[], edit: (o: ObservedObject, d: DesiredObject) => void = () => undefined): ObservedState {
  const state: ObservedState = { InboundConnector: [], OutboundConnector: [], TransportRule: [] };
  let priority = 0;
  for (const d of objects) {
    const o = readBack(d, d.kind === 'TransportRule' ? priority++ : 0);
    edit(o, d);
    state[d.kind].push(o);
  }
  return state;
}

export const summary = (steps: readonly PlanStep[]): string[] => steps.map((s) => `${s.cmdlet} ${s.name}`);

