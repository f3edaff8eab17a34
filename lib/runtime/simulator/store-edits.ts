/**
 * Changes to a tenant's state that the simulator's test API makes without any cmdlet validation
 * (moto's "internal API"): seeding a tenant, an admin's edit in the Exchange admin center (drift),
 * an object made outside this library, and a removal by hand. Each works on the state in memory;
 * SimulatorStore (store.ts) reads and writes the tenant file around it.
 */
import { randomUUID } from 'crypto';
import { ExoObjectKind, ExoValue, ObservedObject } from '../../core/exo-model';
import { acceptedDomainRecord, cloneObject, findByIdentity, KIND_NOUN, newObjectRecord, renumberRules } from './objects';
import { AcceptedDomainSeed, TENANT_FILE_SCHEMA, TenantSeed, TenantState } from './store-model';

/**
 * A new tenant's state: its identity, accepted domains (the initial `*.onmicrosoft.com` domain
 * first) and allowed app ids, with no connectors and no rules.
 */
export function seededTenantState(seed: TenantSeed, organization: string, now: Date): TenantState {
  const time = now.toISOString();
  const seeds: AcceptedDomainSeed[] = seed.acceptedDomains.map((domain) =>
    typeof domain === 'string' ? { domainName: domain } : domain,
  );
  const explicitDefault = seeds.some((domain) => domain.default === true);
  const domains: ObservedObject[] = [
    acceptedDomainRecord(organization, randomUUID(), time, { isDefault: !explicitDefault, initial: true }),
  ];
  for (const domain of seeds) {
    if (domains.some((existing) => String(existing.DomainName).toLowerCase() === domain.domainName.toLowerCase())) continue;
    domains.push(
      acceptedDomainRecord(domain.domainName, randomUUID(), time, {
        domainType: domain.domainType,
        isDefault: domain.default === true,
      }),
    );
  }
  return {
    schema: TENANT_FILE_SCHEMA,
    organization,
    tenantId: seed.tenantId.toLowerCase(),
    ...(seed.appIds ? { appIds: [...seed.appIds] } : {}),
    ...(seed.restrictedInboundConnectors ? { restrictedInboundConnectors: true } : {}),
    AcceptedDomain: domains,
    InboundConnector: [],
    OutboundConnector: [],
    TransportRule: [],
  };
}

/**
 * Changes properties of an existing object in `state` without any validation, as an admin editing
 * it in the Exchange admin center would (drift). `Priority` on a rule moves it; WhenChanged is bumped.
 */
export function editStoredObject(state: TenantState, kind: ExoObjectKind, identity: string, changes: { [property: string]: ExoValue }, now: Date): ObservedObject {
  const object = findByIdentity(state[kind], identity);
  if (!object) throw new Error(`No ${KIND_NOUN[kind]} '${identity}' in simulated tenant ${state.organization}.`);
  for (const [property, value] of Object.entries(changes)) {
    if (kind === 'TransportRule' && property === 'Priority' && typeof value === 'number') {
      const rules = state.TransportRule;
      rules.splice(rules.indexOf(object), 1);
      rules.splice(Math.max(0, Math.min(value, rules.length)), 0, object);
      renumberRules(rules);
      continue;
    }
    object[property] = Array.isArray(value) ? [...value] : value;
    if (property === 'Name' && typeof value === 'string') object.Identity = value;
  }
  object.WhenChanged = now.toISOString();
  return cloneObject(object);
}

/**
 * Adds to `state` an object made outside this library (by hand in the admin center, or by a vendor
 * script): every property at its default, `ConnectorSource` `AdminUI` for connectors, then
 * `properties` on top, without validation. A rule goes to `properties.Priority` (default: last).
 */
export function putForeignStoredObject(state: TenantState, kind: ExoObjectKind, properties: { [property: string]: ExoValue } & { Name: string }, now: Date): ObservedObject {
  const name = properties.Name;
  if (findByIdentity(state[kind], name)) {
    throw new Error(`A ${KIND_NOUN[kind]} named '${name}' already exists in simulated tenant ${state.organization}.`);
  }
  const object = newObjectRecord(kind, name, randomUUID(), now.toISOString());
  if (kind !== 'TransportRule') object.ConnectorSource = 'AdminUI';
  let priority: number | undefined;
  for (const [property, value] of Object.entries(properties)) {
    if (kind === 'TransportRule' && property === 'Priority') {
      priority = typeof value === 'number' ? value : undefined;
      continue;
    }
    if (kind === 'TransportRule' && property === 'Enabled') {
      object.State = value === false ? 'Disabled' : 'Enabled';
      continue;
    }
    object[property] = Array.isArray(value) ? [...value] : value;
  }
  const list = state[kind];
  if (kind === 'TransportRule') {
    list.splice(priority === undefined ? list.length : Math.max(0, Math.min(priority, list.length)), 0, object);
    renumberRules(list);
  } else {
    list.push(object);
  }
  return cloneObject(object);
}

/** Deletes an object from `state` as an admin would by hand (no checks). Returns false when it did not exist. */
export function removeStoredObject(state: TenantState, kind: ExoObjectKind, identity: string): boolean {
  const object = findByIdentity(state[kind], identity);
  if (!object) return false;
  state[kind].splice(state[kind].indexOf(object), 1);
  if (kind === 'TransportRule') renumberRules(state.TransportRule);
  return true;
}
