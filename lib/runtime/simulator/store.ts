/**
 * Folder-backed state of the simulated Exchange Online, so that it survives between processes
 * (each `terraform apply` step spawns its own session).
 *
 * Layout of a state folder:
 * ```
 * <stateDir>/tenants/<organization>.json    one file per tenant (organization in lower case)
 * <stateDir>/sessions.log                   JSON line per connect: {time, organization, tenantId, pid, ok}
 * <stateDir>/calls.log                      JSON line per invoke: {time, organization, cmdlet, parameterNames, ok}
 * <stateDir>/reads.log                      JSON line per read (get): {time, organization, cmdlet}
 * <stateDir>/faults.json                    optional fault injection (format: faults.ts)
 * <stateDir>/fault-counters/<org>.json      invoke counters for faults.json, per tenant
 * <stateDir>/latency.json                   optional {"connectDelayMs": n, "cmdletDelayMs": n}
 * ```
 * A tenant file is replaced atomically (write a temporary file, then rename), and each tenant has
 * its own file, so processes working on different tenants never clash. Two processes on the
 * SAME tenant at once are not serialised (the library opens one session per tenant).
 *
 * Inspection / seeding API for tests and the demo (moto's "internal API"):
 * `seedTenant`, `readTenant`, `listTenants`, `editObject`, `putForeignObject`, `removeObject`,
 * `writeFaults`, `writeLatency`, `readCalls`, `readSessions`, `reset`.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ExoObjectKind, ExoValue, ObservedObject } from '../../core/exo-model';
import { writeFileAtomic } from '../../core/atomic-file';
import {
  acceptedDomainRecord,
  cloneObject,
  findByIdentity,
  KIND_NOUN,
  newObjectRecord,
  renumberRules,
} from './objects';
import { ERRORS, libraryError } from '../../core/errors';

export const TENANT_FILE_SCHEMA = 'cdktf-exo-gateway/sim-tenant@1';

/** An accepted domain to seed; a plain string means an Authoritative domain. */
export interface AcceptedDomainSeed {
  readonly domainName: string;
  /** @default 'Authoritative' */
  readonly domainType?: 'Authoritative' | 'InternalRelay';
  /** Marks the tenant's default domain. @default - the initial (organization) domain is the default */
  readonly default?: boolean;
}

export interface TenantSeed {
  /** The tenant's initial `*.onmicrosoft.com` domain: what `-Organization` names. Always an accepted domain. */
  readonly organization: string;
  /** Entra tenant id (GUID) the session reports in its hello. */
  readonly tenantId: string;
  /** Further accepted domains (verified mail domains of the tenant). */
  readonly acceptedDomains: readonly (string | AcceptedDomainSeed)[];
  /** App ids allowed to connect (consented + role assigned). @default - any app id may connect */
  readonly appIds?: readonly string[];
  /**
   * Simulate a service offering where inbound connectors are "created in a disabled state"
   * (exchange-online.md §2.5): New-InboundConnector warns and stores Enabled $false, and
   * Set-InboundConnector -Enabled $true fails. @default false
   */
  readonly restrictedInboundConnectors?: boolean;
}

/** The stored state of one tenant. Rules are kept in priority order (index = Priority). */
export interface TenantState {
  schema: string;
  organization: string;
  tenantId: string;
  appIds?: string[];
  restrictedInboundConnectors?: boolean;
  AcceptedDomain: ObservedObject[];
  InboundConnector: ObservedObject[];
  OutboundConnector: ObservedObject[];
  TransportRule: ObservedObject[];
}

export interface SessionLogEntry {
  readonly time: string;
  readonly organization: string;
  readonly tenantId: string | null;
  readonly pid: number;
  readonly ok: boolean;
}

export interface CallLogEntry {
  readonly time: string;
  readonly organization: string;
  readonly cmdlet: string;
  readonly parameterNames: string[];
  readonly ok: boolean;
}

/** Latency the simulated sessions add (see session.ts for the precedence of env over file). */
export interface LatencySettings {
  readonly connectDelayMs?: number;
  readonly cmdletDelayMs?: number;
}

/** The organization as used in file names: lower case, and only characters a domain can hold. */
export function organizationKey(organization: string): string {
  const key = organization.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(key) || key.includes('..')) {
    throw new Error(`Not a valid organization (domain) name: '${organization}'.`);
  }
  return key;
}

export class SimulatorStore {
  readonly stateDir: string;

  constructor(stateDir: string) {
    this.stateDir = path.resolve(stateDir);
  }

  // -------------------------------------------------------------------------------------------
  // Paths
  // -------------------------------------------------------------------------------------------

  get tenantsDir(): string {
    return path.join(this.stateDir, 'tenants');
  }
  get sessionsLogFile(): string {
    return path.join(this.stateDir, 'sessions.log');
  }
  get callsLogFile(): string {
    return path.join(this.stateDir, 'calls.log');
  }
  get readsLogFile(): string {
    return path.join(this.stateDir, 'reads.log');
  }
  get faultsFile(): string {
    return path.join(this.stateDir, 'faults.json');
  }
  get faultCountersDir(): string {
    return path.join(this.stateDir, 'fault-counters');
  }
  get latencyFile(): string {
    return path.join(this.stateDir, 'latency.json');
  }
  tenantFile(organization: string): string {
    return path.join(this.tenantsDir, `${organizationKey(organization)}.json`);
  }

  // -------------------------------------------------------------------------------------------
  // Tenant state
  // -------------------------------------------------------------------------------------------

  /**
   * Creates (or replaces) a tenant: its identity, accepted domains and allowed app ids, with no
   * connectors and no rules. Returns the stored state.
   */
  seedTenant(seed: TenantSeed, now: Date = new Date()): TenantState {
    const organization = seed.organization.trim();
    organizationKey(organization);
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
    const state: TenantState = {
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
    this.writeTenant(state);
    return this.readTenant(organization) as TenantState;
  }

  /** The stored state of `organization` (case-insensitive), or undefined when there is no such tenant. */
  readTenant(organization: string): TenantState | undefined {
    const file = this.tenantFile(organization);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const state = JSON.parse(text) as TenantState;
    if (state.schema !== TENANT_FILE_SCHEMA) {
      throw libraryError(ERRORS.SIMULATOR_STATE, `${file} is not a simulated tenant (schema '${String(state.schema)}', expected '${TENANT_FILE_SCHEMA}').`);
    }
    return state;
  }

  /** Writes a tenant's state atomically (temporary file + rename). */
  writeTenant(state: TenantState): void {
    const file = this.tenantFile(state.organization);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
  }

  /** Organizations of every seeded tenant, as stored. */
  listTenants(): string[] {
    let files: string[];
    try {
      files = fs.readdirSync(this.tenantsDir);
    } catch {
      return [];
    }
    return files
      .filter((file) => file.endsWith('.json'))
      .map((file) => this.readTenant(file.slice(0, -'.json'.length))?.organization)
      .filter((organization): organization is string => organization !== undefined)
      .sort();
  }

  /** The objects of one kind in a tenant, as Get-<kind> returns them (rules in priority order). */
  objects(organization: string, kind: ExoObjectKind | 'AcceptedDomain'): ObservedObject[] {
    return this.requireTenant(organization)[kind].map(cloneObject);
  }

  /**
   * Changes properties of an existing object without any validation, as an admin editing it in
   * the Exchange admin center would (drift). `Priority` on a rule moves it; WhenChanged is bumped.
   */
  editObject(organization: string, kind: ExoObjectKind, identity: string, changes: { [property: string]: ExoValue }, now: Date = new Date()): ObservedObject {
    const state = this.requireTenant(organization);
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
    this.writeTenant(state);
    return cloneObject(object);
  }

  /**
   * Adds an object made outside this library (by hand in the admin center, or by a vendor
   * script): every property at its default, `ConnectorSource` `AdminUI` for connectors, then
   * `properties` on top, without validation. A rule goes to `properties.Priority` (default: last).
   */
  putForeignObject(organization: string, kind: ExoObjectKind, properties: { [property: string]: ExoValue } & { Name: string }, now: Date = new Date()): ObservedObject {
    const state = this.requireTenant(organization);
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
    this.writeTenant(state);
    return cloneObject(object);
  }

  /** Deletes an object as an admin would by hand (no checks). Returns false when it did not exist. */
  removeObject(organization: string, kind: ExoObjectKind, identity: string): boolean {
    const state = this.requireTenant(organization);
    const object = findByIdentity(state[kind], identity);
    if (!object) return false;
    state[kind].splice(state[kind].indexOf(object), 1);
    if (kind === 'TransportRule') renumberRules(state.TransportRule);
    this.writeTenant(state);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Logs, faults, latency
  // -------------------------------------------------------------------------------------------

  /** Appends one JSON line to a log file (one write call per line, O_APPEND). */
  appendLog(file: string, entry: object): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
  }

  readSessions(): SessionLogEntry[] {
    return readJsonLines(this.sessionsLogFile) as SessionLogEntry[];
  }

  readCalls(): CallLogEntry[] {
    return readJsonLines(this.callsLogFile) as CallLogEntry[];
  }

  /** Every read (get) the sessions served: organization and cmdlet. */
  readReads(): { readonly time: string; readonly organization: string; readonly cmdlet: string }[] {
    return readJsonLines(this.readsLogFile) as { time: string; organization: string; cmdlet: string }[];
  }

  /** Writes faults.json (see faults.ts for the format) and clears the invoke counters. */
  writeFaults(faults: readonly object[]): void {
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.rmSync(this.faultCountersDir, { recursive: true, force: true });
    writeFileAtomic(this.faultsFile, `${JSON.stringify(faults, null, 2)}\n`);
  }

  /** Writes latency.json. */
  writeLatency(latency: LatencySettings): void {
    fs.mkdirSync(this.stateDir, { recursive: true });
    writeFileAtomic(this.latencyFile, `${JSON.stringify(latency)}\n`);
  }

  /** latency.json, or {} when absent. */
  readLatency(): LatencySettings {
    try {
      return JSON.parse(fs.readFileSync(this.latencyFile, 'utf8')) as LatencySettings;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  /**
   * Forgets everything the simulator keeps in the state folder: tenants, logs, faults, fault
   * counters and latency. Other files in the folder are left alone.
   */
  reset(): void {
    for (const target of [this.tenantsDir, this.faultCountersDir]) fs.rmSync(target, { recursive: true, force: true });
    for (const file of [this.sessionsLogFile, this.callsLogFile, this.readsLogFile, this.faultsFile, this.latencyFile]) fs.rmSync(file, { force: true });
  }

  /** The tenant's state; throws when it was never seeded. */
  requireTenant(organization: string): TenantState {
    const state = this.readTenant(organization);
    if (!state) throw libraryError(ERRORS.SIMULATOR_NO_TENANT, `No simulated tenant '${organization}' in ${this.stateDir} (seed it with seedTenant).`);
    return state;
  }
}

export { writeFileAtomic };

function readJsonLines(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
