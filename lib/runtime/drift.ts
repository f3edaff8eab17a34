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
import { ExoObjectKind, ObservedObject, ObservedState, PlanStep, TenantDesiredState, TenantPlan } from '../core/exo-model';
import { applyRuleSteps, formatValue, observedName, observedRuleOrder, planTenant, readProperty, undeclaredRuleSettings } from '../core/planner';
import { ConnectRetry, openWithRetry, SINGLE_ATTEMPT } from './connect';
import { readObservedState, SessionOpener, unmanagedAcceptedDomains } from './converge';
import { ConnectError, TenantMismatchError } from './errors';
import { readKind } from './reads';
import { ERRORS, libraryError } from '../core/errors';

/** The schema id of `drift --json`. */
export const DRIFT_REPORT_SCHEMA = 'cdktf-exo-gateway/drift-report@1';

/**
 * What a finding is:
 * - `changed`: a declared property (or a rule's enabled state) differs;
 * - `missing`: a managed object is not in the tenant;
 * - `renamed`: a managed object carries another name (found again by the id after the marker);
 * - `notDeclared`: an object carrying the marker that the stack no longer declares;
 * - `foreignNamesake`: an object without the marker holds a declared name;
 * - `ruleOrder`: the managed rules are not at their declared places;
 * - `undeclaredSetting`: a condition, exception or action added to a managed rule;
 * - `blocked`: something else that stops converge (its message says what).
 */
export type DriftFindingKind = 'changed' | 'missing' | 'renamed' | 'notDeclared' | 'foreignNamesake' | 'ruleOrder' | 'undeclaredSetting' | 'blocked';

/** What the next converge does about a finding. */
export type ConvergeEffect = 'changes' | 'creates' | 'renames' | 'removes' | 'reorders' | 'clears' | 'leaves' | 'blocks';

/** One difference between the declaration and the tenant. */
export interface DriftFinding {
  readonly finding: DriftFindingKind;
  /** InboundConnector, OutboundConnector or TransportRule; absent for a tenant-wide `blocked` finding. */
  readonly objectKind?: ExoObjectKind;
  /** The declared name (or, for objects not declared, the name found); empty for a tenant-wide finding. */
  readonly object: string;
  readonly property?: string;
  /** As the what-if output writes values (`$true`, `'text'`, `[a, b]`, `$null`). */
  readonly declared?: string;
  readonly found?: string;
  readonly converge: ConvergeEffect;
  /** One line for people. */
  readonly message: string;
}

/** The result for one tenant. */
export interface TenantDrift {
  /** The stack folder as given on the command line. */
  readonly stack: string;
  /** Terraform address of the tenant's converge step, for `-replace=`. */
  readonly resource: string;
  readonly tenant: string;
  readonly tenantId?: string;
  readonly organization?: string;
  readonly status: 'inSync' | 'drift' | 'failed';
  readonly findings: DriftFinding[];
  /** Why the tenant could not be read (status `failed`). */
  readonly error?: string;
}

/** `drift --json`: see docs/day-2.md. */
export interface DriftReport {
  readonly schema: typeof DRIFT_REPORT_SCHEMA;
  readonly generatedAt: string;
  readonly summary: { readonly tenants: number; readonly inSync: number; readonly drifted: number; readonly failed: number; readonly findings: number };
  readonly tenants: TenantDrift[];
}

/** A tenant's converge step as the stack folder declares it (see stackConvergeSteps in exo-apply.ts). */
export interface StackConvergeStep {
  readonly stackDir: string;
  /** terraform_data resource id. */
  readonly resource: string;
  readonly document?: TenantDesiredState;
  /** Why the document could not be read. */
  readonly error?: Error;
}


/** What drift reads of a tenant: the three kinds, and the accepted domains when converge checks them. */
export type ObservedTenant = ObservedState & { readonly acceptedDomains?: string[] };

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

const key = (s: string) => s.trim().toLowerCase();
const FOREIGN_NAMESAKE = /^(InboundConnector|OutboundConnector|TransportRule) '([^']*)' already exists in the tenant without the marker/;

/**
 * The differences between `doc` and `observed`, each once: what the planner would do, turned
 * into findings, plus the conditions and actions added to managed rules. Pure.
 */
export function driftFindings(doc: TenantDesiredState, observed: ObservedTenant): DriftFinding[] {
  // Plan as converge does; a plan with blockers still lists what it would do about the rest.
  let plan: TenantPlan;
  try {
    plan = planTenant(doc, observed, { keepStepsWhenBlocked: true });
  } catch {
    plan = planTenant(doc, observed); // what is left after the blockers did not plan: the blockers alone
  }
  const findings: DriftFinding[] = [];
  const declared = new Map(doc.objects.map((o) => [`${o.kind}:${key(o.name)}`, o] as const));
  const isDeclared = (kind: ExoObjectKind, name: string, p: string) => {
    const o = declared.get(`${kind}:${key(name)}`);
    return o !== undefined && readProperty(o.parameters, p) !== undefined;
  };
  let ruleMoves = false;
  for (const s of plan.steps) {
    const what = `${s.kind} '${s.name}'`;
    if (s.action === 'New') {
      findings.push({ finding: 'missing', objectKind: s.kind, object: s.name, converge: 'creates', message: `${what} is missing` });
    } else if (s.action === 'Remove') {
      findings.push({ finding: 'notDeclared', objectKind: s.kind, object: s.name, converge: 'removes', message: `${what} carries the marker but is no longer declared` });
    } else if (s.action === 'Enable' || s.action === 'Disable') {
      const want = s.action === 'Enable';
      findings.push({ finding: 'changed', objectKind: s.kind, object: s.name, property: 'Enabled', declared: formatValue(want), found: formatValue(!want), converge: 'changes', message: `${what}: Enabled is ${formatValue(!want)}, declared ${formatValue(want)}` });
    } else {
      for (const c of s.changes ?? []) {
        if (c.parameter === 'Name') {
          findings.push({ finding: 'renamed', objectKind: s.kind, object: s.name, property: 'Name', declared: formatValue(c.desired), found: formatValue(c.current), converge: 'renames', message: `${what} was renamed to ${formatValue(c.current)}` });
        } else if (s.kind === 'TransportRule' && c.parameter === 'Priority' && !isDeclared(s.kind, s.name, 'Priority')) {
          ruleMoves = true;
        } else if (!isDeclared(s.kind, s.name, c.parameter)) {
          // A strict rule's undeclared setting being cleared: reported below as undeclaredSetting.
          continue;
        } else {
          findings.push({
            finding: 'changed',
            objectKind: s.kind,
            object: s.name,
            property: c.parameter,
            declared: formatValue(c.desired),
            found: formatValue(c.current),
            converge: 'changes',
            message: `${what}: ${c.parameter} is ${formatValue(c.current)}, declared ${formatValue(c.desired)}`,
          });
        }
      }
    }
  }
  if (ruleMoves) findings.push(ruleOrderFinding(doc, observed, plan.steps));
  findings.push(...acceptedDomainFindings(doc, observed));
  for (const b of plan.blockers) {
    const m = FOREIGN_NAMESAKE.exec(b);
    if (m) {
      findings.push({ finding: 'foreignNamesake', objectKind: m[1] as ExoObjectKind, object: m[2], converge: 'blocks', message: b });
    } else {
      findings.push({ finding: 'blocked', object: '', converge: 'blocks', message: b, ...blockedObject(b) });
    }
  }
  // Conditions and actions added to managed rules by hand.
  if (!doc.retired) {
    for (const d of doc.objects.filter((o) => o.kind === 'TransportRule')) {
      const o = matchedRule(doc, observed, d.name, plan.steps);
      if (!o) continue;
      for (const u of undeclaredRuleSettings(d, o)) {
        const strict = d.strict === true;
        findings.push({
          finding: 'undeclaredSetting',
          objectKind: 'TransportRule',
          object: d.name,
          property: u.parameter,
          declared: '(not declared)',
          found: formatValue(u.found),
          converge: strict ? 'clears' : 'leaves',
          message: `TransportRule '${d.name}': ${u.parameter} ${formatValue(u.found)} was added but is not declared; ${strict ? 'converge clears it (strict)' : 'converge leaves it (declare the connector strict to have it cleared)'}`,
        });
      }
    }
  }
  return findings;
}

/** Converge refuses a tenant whose managed domains are not all accepted (and, for some layouts, one with unrouted accepted domains). */
function acceptedDomainFindings(doc: TenantDesiredState, observed: ObservedTenant): DriftFinding[] {
  if (doc.retired || !observed.acceptedDomains) return [];
  const accepted = new Set(observed.acceptedDomains);
  const out: DriftFinding[] = [];
  const missing = doc.tenant.managedDomains.filter((d) => !accepted.has(d.toLowerCase()));
  if (missing.length) {
    out.push({ finding: 'blocked', object: '', property: 'AcceptedDomain', declared: `[${missing.join(', ')}]`, found: '(not accepted)', converge: 'blocks', message: `managed domain(s) ${missing.join(', ')} are no longer accepted domains of ${doc.access.organization}; converge refuses the tenant until they are added again or removed from the declaration` });
  }
  if (doc.requireAllAcceptedDomainsManaged === true) {
    const unrouted = unmanagedAcceptedDomains([...accepted], doc.tenant.managedDomains);
    if (unrouted.length) {
      out.push({ finding: 'blocked', object: '', property: 'AcceptedDomain', declared: '(routed through the gateway)', found: `[${unrouted.join(', ')}]`, converge: 'blocks', message: `accepted domain(s) ${unrouted.join(', ')} of ${doc.access.organization} are not routed through the gateway, which this layout requires; converge refuses the tenant` });
    }
  }
  return out;
}

/** The observed rule that is the managed `name` (by the name it has now, renamed or not). */
function matchedRule(doc: TenantDesiredState, observed: ObservedState, name: string, steps: readonly PlanStep[]): ObservedObject | undefined {
  const rename = steps.find((s) => s.kind === 'TransportRule' && s.action === 'Set' && key(s.name) === key(name) && s.changes?.some((c) => c.parameter === 'Name'));
  const current = rename ? String(rename.parameters.Identity) : name;
  const rule = (observed.TransportRule ?? []).find((r) => key(observedName(r)) === key(current));
  if (!rule) return undefined;
  const comments = readProperty(rule, 'Comments');
  return typeof comments === 'string' && doc.marker !== '' && comments.includes(doc.marker) ? rule : undefined;
}

function blockedObject(blocker: string): { objectKind?: ExoObjectKind; object?: string } {
  const m = /^(InboundConnector|OutboundConnector|TransportRule) '([^']*)'/.exec(blocker);
  return m ? { objectKind: m[1] as ExoObjectKind, object: m[2] } : {};
}

/** One finding for all rule moves: the managed rules' priorities now and after converge. */
function ruleOrderFinding(doc: TenantDesiredState, observed: ObservedState, steps: readonly PlanStep[]): DriftFinding {
  const ours = new Set(doc.objects.filter((o) => o.kind === 'TransportRule').map((o) => key(o.name)));
  const renames = new Map<string, string>();
  for (const s of steps) for (const c of s.changes ?? []) if (s.kind === 'TransportRule' && c.parameter === 'Name') renames.set(key(String(c.current)), s.name);
  const now = observedRuleOrder(observed.TransportRule ?? []).map((n) => renames.get(key(n)) ?? n);
  let after: string[];
  try {
    after = applyRuleSteps(now, steps);
  } catch {
    after = now;
  }
  const positions = (list: string[]) =>
    list
      .map((n, i) => ({ n, i }))
      .filter((x) => ours.has(key(x.n)))
      .map((x) => `${x.n}@${x.i}`)
      .join(', ');
  const found = positions(now);
  const declared = positions(after);
  return { finding: 'ruleOrder', objectKind: 'TransportRule', object: '(managed rules)', property: 'Priority', declared, found, converge: 'reorders', message: `managed transport rules are not at their declared places (${doc.rulePlacement}); found ${found}` };
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
  let lastTenth = -1;
  return (done, failed) => {
    const line = `drift: ${done}/${total} tenants checked, ${failed} failed`;
    if (tty) {
      write(`\r${line}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
    if (tenth !== lastTenth || done === total) {
      lastTenth = tenth;
      write(`${line}\n`);
    }
  };
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
    const base = { stack: s.stack, resource: `terraform_data.${s.resource}`, tenant: doc?.tenant.name ?? s.resource, tenantId: doc?.tenant.tenantId, organization: doc?.access.organization };
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

/** 0 in sync, 2 drift, 1 a tenant could not be read (failure wins: the check is incomplete). */
export function driftExitCode(report: DriftReport): number {
  if (report.summary.failed > 0) return 1;
  return report.summary.drifted > 0 ? 2 : 0;
}

/** The `-replace=` arguments that re-converge exactly the drifted tenants, one per line (run per stack folder). */
export function replaceArguments(report: DriftReport): string[] {
  return report.tenants.filter((t) => t.status === 'drift').map((t) => `-replace=${t.resource}`);
}

function cell(text: string | undefined, width: number): string {
  const t = (text ?? '').replace(/\s+/g, ' ');
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

function objectLabel(f: DriftFinding): string {
  return f.object ? `${f.objectKind ?? ''} '${f.object}'`.trim() : (f.objectKind ?? '(tenant)');
}

/** The human table. */
export function driftTable(report: DriftReport): string {
  const rows: string[][] = [];
  for (const t of report.tenants) {
    if (t.status === 'inSync') rows.push([t.tenant, 'in sync', '', '', '', '', '']);
    else if (t.status === 'failed') rows.push([t.tenant, 'FAILED', t.error ?? '', '', '', '', '']);
    else for (const f of t.findings) rows.push([t.tenant, f.finding, objectLabel(f), f.property ?? '', f.declared ?? '', f.found ?? '', f.finding === 'blocked' || f.finding === 'foreignNamesake' ? `${f.converge}: ${f.message}` : f.converge]);
  }
  const head = ['TENANT', 'FINDING', 'OBJECT', 'PROPERTY', 'DECLARED', 'FOUND', 'CONVERGE'];
  const widths = [24, 17, 82, 28, 30, 30, 200];
  const fit = head.map((h, i) => Math.min(widths[i], Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : cell(c, fit[i]))).join('  ').trimEnd();
  const s = report.summary;
  return [line(head), ...rows.map(line), '', `${s.tenants} tenant(s): ${s.inSync} in sync, ${s.drifted} drifted (${s.findings} finding(s)), ${s.failed} could not be read`].join('\n') + '\n';
}

const md = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Markdown for an issue or a pull-request comment. */
export function driftMarkdown(report: DriftReport): string {
  const s = report.summary;
  const out = [
    `## Exchange Online drift: ${s.drifted} of ${s.tenants} tenant(s) drifted${s.failed ? `, ${s.failed} could not be read` : ''}`,
    '',
    `Checked ${report.generatedAt}: ${s.inSync} in sync, ${s.drifted} drifted (${s.findings} finding(s)), ${s.failed} failed.`,
    '',
  ];
  const bad = report.tenants.filter((t) => t.status !== 'inSync');
  if (bad.length) {
    out.push('| Tenant | Finding | Object | Property | Declared | Found | Converge |', '|---|---|---|---|---|---|---|');
    for (const t of bad) {
      if (t.status === 'failed') out.push(`| ${md(t.tenant)} | **could not be read** | ${md(t.error)} | | | | |`);
      else for (const f of t.findings) out.push(`| ${md(t.tenant)} | ${f.finding} | ${md(objectLabel(f))} | ${md(f.property)} | ${md(f.declared)} | ${md(f.found)} | ${f.finding === 'blocked' ? md(f.message) : f.converge} |`);
    }
    const stacks = [...new Set(report.tenants.filter((t) => t.status === 'drift').map((t) => t.stack))];
    if (stacks.length) {
      out.push('', 'Re-converge the drifted tenants:', '', '```sh');
      for (const stack of stacks) {
        const replace = report.tenants.filter((t) => t.status === 'drift' && t.stack === stack).map((t) => `-replace=${t.resource}`);
        out.push(`${stacks.length > 1 ? `(cd ${stack} && ` : ''}terraform apply ${replace.join(' ')}${stacks.length > 1 ? ')' : ''}`);
      }
      out.push('```');
    }
  }
  return out.join('\n') + '\n';
}

/** Command-line options of `drift`. */
export interface DriftArguments {
  readonly stacks: string[];
  readonly concurrency: number;
  readonly format: 'table' | 'json' | 'markdown' | 'replace-args';
}

const USAGE = 'usage: exo-gateway drift [--concurrency <n>] [--json | --markdown | --replace-args] <stack folder>...';

/** Parses `drift` arguments; throws with the usage on bad input. */
export function parseDriftArguments(args: readonly string[]): DriftArguments {
  const stacks: string[] = [];
  let concurrency = 10;
  let format: DriftArguments['format'] = 'table';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--concurrency') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) throw libraryError(ERRORS.COMMAND_USAGE, `--concurrency needs a whole number of at least 1, not '${args[i] ?? ''}'; ${USAGE}`);
      concurrency = n;
    } else if (a === '--json') format = 'json';
    else if (a === '--markdown') format = 'markdown';
    else if (a === '--replace-args') format = 'replace-args';
    else if (a.startsWith('--')) throw libraryError(ERRORS.COMMAND_USAGE, `unknown option ${a}; ${USAGE}`);
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
  return driftExitCode(report);
}
