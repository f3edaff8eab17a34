/**
 * Fault injection for the simulated Exchange Online: make the Nth invoke of a cmdlet in a tenant
 * fail, counted across processes (each apply step is its own process).
 *
 * `<stateDir>/faults.json` is a JSON array of entries:
 * ```json
 * [
 *   { "organization": "contoso.onmicrosoft.com", "cmdlet": "New-TransportRule", "nth": 1,
 *     "message": "Transient failure, try again later.", "type": "TransientException" }
 * ]
 * ```
 * - `organization` (optional): the tenant, case-insensitive; absent or `"*"` = every tenant.
 * - `cmdlet` (optional): the cmdlet, case-insensitive; absent or `"*"` = every invoked cmdlet.
 * - `nth` (required, from 1): which matching invoke fails. Counting is per tenant and per cmdlet
 *   (or per tenant over all cmdlets for a `"*"` entry); every invoke of an allow-listed cmdlet
 *   counts, including ones that then fail for another reason. The failed invoke changes nothing.
 * - `message` (required): the error message of the reply.
 * - `type` (optional): the error type of the reply. @default 'InjectedFault'
 *
 * Counters live in `<stateDir>/fault-counters/<organization>.json` (one file per tenant, so
 * parallel sessions on different tenants never clash). `SimulatorStore.writeFaults()` writes
 * faults.json and resets the counters. Nothing is counted while there is no faults.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { organizationKey, SimulatorStore, writeFileAtomic } from './store';
import { ERRORS, libraryError } from '../../core/errors';

export interface FaultSpec {
  readonly organization?: string;
  readonly cmdlet?: string;
  readonly nth: number;
  readonly message: string;
  readonly type?: string;
}

/** Default error type of an injected fault. */
export const DEFAULT_FAULT_TYPE = 'InjectedFault';

/** Reads faults.json; [] when absent. Throws on a malformed file (a test setup error). */
export function readFaults(store: SimulatorStore): FaultSpec[] {
  let text: string;
  try {
    text = fs.readFileSync(store.faultsFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const faults = JSON.parse(text) as unknown;
  if (!Array.isArray(faults)) throw libraryError(ERRORS.SIMULATOR_FAULTS, `${store.faultsFile} must hold a JSON array of faults.`);
  for (const fault of faults as FaultSpec[]) {
    if (typeof fault !== 'object' || fault === null || !Number.isInteger(fault.nth) || fault.nth < 1 || typeof fault.message !== 'string') {
      throw libraryError(ERRORS.SIMULATOR_FAULTS, `${store.faultsFile}: every fault needs "nth" (an integer from 1) and "message": ${JSON.stringify(fault)}`);
    }
  }
  return faults as FaultSpec[];
}

/**
 * Counts this invoke of `cmdlet` in `organization` and returns the fault that fires on it, if
 * any. Call once per invoke, before running it.
 */
export function nextFault(store: SimulatorStore, organization: string, cmdlet: string): FaultSpec | undefined {
  const faults = readFaults(store);
  if (faults.length === 0) return undefined;
  const key = organizationKey(organization);
  const file = path.join(store.faultCountersDir, `${key}.json`);
  let counters: { [cmdlet: string]: number } = {};
  try {
    counters = JSON.parse(fs.readFileSync(file, 'utf8')) as { [cmdlet: string]: number };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const cmdletKey = cmdlet.toLowerCase();
  counters[cmdletKey] = (counters[cmdletKey] ?? 0) + 1;
  counters['*'] = (counters['*'] ?? 0) + 1;
  fs.mkdirSync(store.faultCountersDir, { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(counters)}\n`);
  return faults.find((fault) => {
    const forTenant = fault.organization === undefined || fault.organization === '*' || fault.organization.toLowerCase() === key;
    if (!forTenant) return false;
    if (fault.cmdlet === undefined || fault.cmdlet === '*') return counters['*'] === fault.nth;
    return fault.cmdlet.toLowerCase() === cmdletKey && counters[cmdletKey] === fault.nth;
  });
}
