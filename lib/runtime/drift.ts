/**
 * `exo-gateway drift <stack folder>…`: a read-only check of every tenant the stacks declare.
 *
 * Each tenant is read (never changed) through the transport its document names, planned with the
 * planner (lib/core/planner: its normalisation is the only notion of equality), and what converge
 * would change is reported per object and property: declared vs found. Managed rules are also
 * checked for conditions and actions an admin added by hand (lib/core/planner/undeclared.ts).
 *
 * Exit codes: 0 every tenant in sync, 2 drift found, 1 at least one tenant could not be read (the
 * others are still checked and reported).
 */
import { TenantDesiredState } from '../core/exo-model';
import { ConnectRetry, openWithRetry, SINGLE_ATTEMPT } from './connect';
import { readObservedState, SessionOpener } from './converge';
import { driftFindings } from './drift-findings';
import { DRIFT_REPORT_SCHEMA, DriftReport, ObservedTenant, StackConvergeStep, stepTenantName, TenantDrift } from './drift-model';
import { driftExitCode, driftMarkdown, driftTable, replaceArguments, replaceLeftOut } from './drift-render';
import { ConnectError, TenantMismatchError } from './errors';
import { readKind } from './reads';
import { tenthsProgress } from './progress';
import { ERRORS, libraryError } from '../core/errors';

export type { ConvergeEffect, DriftFinding, DriftFindingKind, DriftReport, ObservedTenant, StackConvergeStep, TenantDrift } from './drift-model';
export { DRIFT_REPORT_SCHEMA } from './drift-model';
export { driftFindings } from './drift-findings';
export { driftExitCode, driftMarkdown, driftTable, replaceArguments } from './drift-render';


/** Connects, checks the tenant id, reads what converge reads; changes nothing. */
export async function observeTenant(doc: TenantDesiredState, open: SessionOpener, retry: ConnectRetry = SINGLE_ATTEMPT, log: (line: string) => void = () => undefined): Promise<ObservedTenant> {
  const name = doc.tenant.name;
  const session = await openWithRetry(open, doc, retry, log);
  try {
    if (session.hello.type !== 'ready') throw new ConnectError(name, doc.access.organization, session.hello.error?.message ?? 'the session did not say why');
    const connected = (session.hello.tenantId ?? '').toLowerCase();
    if (!connected) throw new ConnectError(name, doc.access.organization, 'the session did not report the connected tenant id');
    if (connected !== doc.tenant.tenantId.toLowerCase()) {
      throw new TenantMismatchError(name, `connected to tenant id '${connected}' but the declared tenant id is '${doc.tenant.tenantId}' (organization ${doc.access.organization})`);
    }
    let acceptedDomains: string[] | undefined;
    if (doc.tenant.managedDomains.length > 0 || doc.requireAllAcceptedDomainsManaged === true) {
      // As converge does before planning (converge.ts): the managed domains must be accepted ones.
      const domains = await readKind((c, p) => session.read(c, p), 'AcceptedDomain');
      if (!domains.objects) throw new ConnectError(name, doc.access.organization, `${domains.cmdlet} failed: ${domains.failure?.error?.message}`);
      acceptedDomains = domains.objects.map((d) => String(d.DomainName ?? d.Name ?? '').toLowerCase());
    }
    const observed = await readObservedState(session, name, doc.access.organization);
    return acceptedDomains === undefined ? observed : { ...observed, acceptedDomains };
  } finally {
    await session.close();
  }
}

/** Runs `work` over `items` with at most `limit` at a time, in order of the results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Progress on stderr: one rewritten line on a terminal, else a line per tenth and at the end. */
export function progressReporter(total: number, write: (text: string) => void, tty: boolean): (done: number, failed: number) => void {
  return tenthsProgress(total, write, tty, (done, failed) => `drift: ${done}/${total} tenants checked, ${failed} failed`);
}

/** Checks every step; a tenant that fails is reported as failed, the others still run. */
export async function checkDrift(
  steps: readonly (StackConvergeStep & { stack: string })[],
  open: SessionOpener,
  options: { concurrency?: number; retry?: ConnectRetry; progress?: (done: number, failed: number) => void; now?: Date } = {},
): Promise<DriftReport> {
  let done = 0;
  let failed = 0;
  const tenants = await mapBounded(steps, options.concurrency ?? 10, async (s): Promise<TenantDrift> => {
    const doc = s.document;
    const base = { stack: s.stack, resource: `terraform_data.${s.resource}`, tenant: stepTenantName(s), tenantId: doc?.tenant.tenantId, organization: doc?.access.organization };
    let result: TenantDrift;
    try {
      if (!doc) throw s.error ?? new Error('no document');
      const observed = await observeTenant(doc, open, options.retry ?? SINGLE_ATTEMPT);
      const findings = driftFindings(doc, observed);
      result = { ...base, status: findings.length ? 'drift' : 'inSync', findings };
    } catch (e) {
      failed++;
      result = { ...base, status: 'failed', findings: [], error: (e as Error).message };
    }
    done++;
    options.progress?.(done, failed);
    return result;
  });
  return {
    schema: DRIFT_REPORT_SCHEMA,
    generatedAt: (options.now ?? new Date()).toISOString(),
    summary: {
      tenants: tenants.length,
      inSync: tenants.filter((t) => t.status === 'inSync').length,
      drifted: tenants.filter((t) => t.status === 'drift').length,
      failed: tenants.filter((t) => t.status === 'failed').length,
      findings: tenants.reduce((n, t) => n + t.findings.length, 0),
    },
    tenants,
  };
}

/** Command-line options of `drift`. */
export interface DriftArguments {
  readonly stacks: string[];
  readonly concurrency: number;
  readonly format: 'table' | 'json' | 'markdown' | 'replace-args';
}

/** The usage line of `drift` (also its `--help`). */
export const DRIFT_USAGE = 'usage: exo-gateway drift [--concurrency <n>] [--json | --markdown | --replace-args] <stack folder>...';

/** Parses `drift` arguments; throws with the usage on bad input. */
export function parseDriftArguments(args: readonly string[]): DriftArguments {
  const stacks: string[] = [];
  let concurrency = 10;
  let format: DriftArguments['format'] = 'table';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--concurrency') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) throw libraryError(ERRORS.COMMAND_USAGE, `--concurrency needs a whole number of at least 1, not '${args[i] ?? ''}'; ${DRIFT_USAGE}`);
      concurrency = n;
    } else if (a === '--json') format = 'json';
    else if (a === '--markdown') format = 'markdown';
    else if (a === '--replace-args') format = 'replace-args';
    else if (a.startsWith('--')) throw libraryError(ERRORS.COMMAND_USAGE, `unknown option ${a}; ${DRIFT_USAGE}`);
    else stacks.push(a);
  }
  if (stacks.length === 0) stacks.push('.');
  return { stacks, concurrency, format };
}

/** The output for a format. */
export function renderDrift(report: DriftReport, format: DriftArguments['format']): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, undefined, 2) + '\n';
    case 'markdown':
      return driftMarkdown(report);
    case 'replace-args': {
      const r = replaceArguments(report);
      return r.length ? r.join('\n') + '\n' : '';
    }
    default:
      return driftTable(report);
  }
}

/**
 * `exo-gateway drift`: writes the chosen output to stdout, progress to stderr; returns the exit
 * code. `stackSteps` lists a stack folder's converge steps (exo-apply.ts), `open` picks the
 * transport per tenant.
 */
export async function runDrift(
  args: readonly string[],
  deps: {
    stackSteps: (stackDir: string) => StackConvergeStep[];
    open: SessionOpener;
    retry?: ConnectRetry;
    stdout?: (text: string) => void;
    stderr?: (text: string) => void;
    tty?: boolean;
  },
): Promise<number> {
  const stdout = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const parsed = parseDriftArguments(args);
  const steps = parsed.stacks.flatMap((stack) => deps.stackSteps(stack).map((s) => ({ ...s, stack })));
  const progress = progressReporter(steps.length, stderr, deps.tty ?? process.stderr.isTTY === true);
  const report = await checkDrift(steps, deps.open, { concurrency: parsed.concurrency, retry: deps.retry, progress });
  stdout(renderDrift(report, parsed.format));
  for (const t of report.tenants) if (t.status === 'failed' && parsed.format !== 'table') stderr(`drift: ${t.tenant}: ${t.error}\n`);
  if (parsed.format === 'replace-args') for (const line of replaceLeftOut(report)) stderr(`${line}\n`);
  return driftExitCode(report);
}
