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
 *
 * The records live in store-model.ts, the test API's state changes in store-edits.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ExoObjectKind, ExoValue, ObservedObject } from '../../core/exo-model';
import { writeFileAtomic } from '../../core/atomic-file';
import { cloneObject } from './objects';
import { editStoredObject, putForeignStoredObject, removeStoredObject, seededTenantState } from './store-edits';
import { CallLogEntry, LatencySettings, organizationKey, SessionLogEntry, TENANT_FILE_SCHEMA, TenantSeed, TenantState } from './store-model';
import { ERRORS, libraryError } from '../../core/errors';

export type { AcceptedDomainSeed, CallLogEntry, LatencySettings, SessionLogEntry, TenantSeed, TenantState } from './store-model';
export { organizationKey, TENANT_FILE_SCHEMA } from './store-model';

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
    this.writeTenant(seededTenantState(seed, organization, now));
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
    const object = editStoredObject(state, kind, identity, changes, now);
    this.writeTenant(state);
    return object;
  }

  /**
   * Adds an object made outside this library (by hand in the admin center, or by a vendor
   * script): every property at its default, `ConnectorSource` `AdminUI` for connectors, then
   * `properties` on top, without validation. A rule goes to `properties.Priority` (default: last).
   */
  putForeignObject(organization: string, kind: ExoObjectKind, properties: { [property: string]: ExoValue } & { Name: string }, now: Date = new Date()): ObservedObject {
    const state = this.requireTenant(organization);
    const object = putForeignStoredObject(state, kind, properties, now);
    this.writeTenant(state);
    return object;
  }

  /** Deletes an object as an admin would by hand (no checks). Returns false when it did not exist. */
  removeObject(organization: string, kind: ExoObjectKind, identity: string): boolean {
    const state = this.requireTenant(organization);
    if (!removeStoredObject(state, kind, identity)) return false;
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
