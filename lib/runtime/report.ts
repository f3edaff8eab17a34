/**
 * `exo-gateway report <stack folder>…`: one row per tenant of the synthesized stacks, with its
 * connectors, CBC certificate name and days to expiry, profile and last converge. Reads only the
 * stack folders (no Exchange Online call): the desired-state documents, the report file synth
 * writes beside them (exo-gateway-documents/report.json, lib/core/report-entry.ts) and, when it
 * is there, the stack's local Terraform state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCUMENTS_FOLDER } from '../core/exo-model';
import { STACK_REPORT_FILE, StackReportFile, TenantReportEntry } from '../core/report-entry';
import { StackConvergeStep } from './drift';
import { stepTenantName } from './drift-model';
import { ConvergeState, FLEET_REPORT_SCHEMA, FleetReport, FleetReportRow } from './report-model';
import { reportHtml, reportTable } from './report-render';
import { checkOutputFile } from './output-file';
import { ERRORS, libraryError } from '../core/errors';

export type { ConvergeState, FleetReport, FleetReportRow } from './report-model';
export { FLEET_REPORT_SCHEMA } from './report-model';
export { expiryText, reportHtml, reportTable } from './report-render';

const DAY = 86_400_000;

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The hash the converge step `resource` carries in the local state, or why there is none. */
function stateHashes(stackDir: string): { hashes?: Map<string, string>; writtenAt?: string } {
  const file = path.join(stackDir, 'terraform.tfstate');
  if (!fs.existsSync(file)) return {};
  const state = readJson(file);
  const hashes = new Map<string, string>();
  for (const r of state?.resources ?? []) {
    if (r.type !== 'terraform_data' || r.mode !== 'managed') continue;
    const trigger = r.instances?.[0]?.attributes?.triggers_replace;
    const value = Array.isArray(trigger) ? trigger : trigger?.value;
    if (Array.isArray(value) && typeof value[0] === 'string') hashes.set(r.name, value[0]);
  }
  return { hashes, writtenAt: fs.statSync(file).mtime.toISOString() };
}

/**
 * The report file synth writes beside the documents; absent when there is none (a stack of an
 * earlier version). One that is not JSON is named through `warn` and read as absent.
 */
function readStackReportFile(stackDir: string, warn: (line: string) => void): StackReportFile | undefined {
  const file = path.join(stackDir, DOCUMENTS_FOLDER, STACK_REPORT_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as StackReportFile;
  } catch (e) {
    warn(`report: warning: ${file} is not valid JSON (${(e as Error).message}); its certificates and profiles are shown as unknown. Synthesize the stack again, which rewrites the file`);
    return undefined;
  }
}

/** The rows of one stack folder; `warn` hears of a report file that cannot be read. */
export function stackReportRows(stack: string, steps: readonly StackConvergeStep[], now: Date, warn: (line: string) => void = () => undefined): FleetReportRow[] {
  const stackDir = steps[0]?.stackDir ?? stack;
  const file = readStackReportFile(stackDir, warn);
  const entries = new Map<string, TenantReportEntry>((file?.tenants ?? []).map((e) => [e.documentHash, e]));
  const byTenantId = new Map<string, TenantReportEntry>((file?.tenants ?? []).map((e) => [e.tenantId.toLowerCase(), e]));
  const state = stateHashes(stackDir);
  return steps.map((s) => {
    const doc = s.document;
    const cdk = readConvergeHash(stackDir, s.resource);
    const entry = (cdk ? entries.get(cdk) : undefined) ?? (doc ? byTenantId.get(doc.tenant.tenantId.toLowerCase()) : undefined);
    const applied = state.hashes?.get(s.resource);
    const lastConverge: ConvergeState = !state.hashes ? 'unknown' : applied === undefined ? 'never' : applied === cdk ? 'current' : 'outdated';
    const notAfter = entry?.certificate ? Date.parse(entry.certificate.notAfter) : NaN;
    const connector = (kind: string) => doc?.objects.find((o) => o.kind === kind)?.name;
    return {
      stack: path.basename(path.resolve(stack)),
      tenant: doc?.tenant.name ?? entry?.tenant ?? stepTenantName(s),
      tenantId: doc?.tenant.tenantId ?? entry?.tenantId,
      organization: doc?.access.organization,
      inboundConnector: connector('InboundConnector'),
      outboundConnector: connector('OutboundConnector'),
      certificateName: entry?.certificateName ?? (doc?.objects.find((o) => o.kind === 'InboundConnector')?.parameters.TlsSenderCertificateName as string | undefined),
      ...(entry?.certificate ? { certificate: { subject: entry.certificate.subject, fingerprint: entry.certificate.fingerprint, notAfter: entry.certificate.notAfter } } : {}),
      ...(Number.isFinite(notAfter) ? { daysLeft: Math.floor((notAfter - now.getTime()) / DAY) } : {}),
      profile: entry?.profile,
      lastConverge,
      ...(state.writtenAt ? { stateWrittenAt: state.writtenAt } : {}),
      ...(s.error ? { error: s.error.message } : {}),
    };
  });
}

const convergeHashes = new Map<string, Map<string, string>>();

/** The document hash cdk.tf.json gives the converge step `resource`. */
function readConvergeHash(stackDir: string, resource: string): string | undefined {
  let map = convergeHashes.get(stackDir);
  if (!map) {
    map = new Map();
    const json = readJson(path.join(stackDir, 'cdk.tf.json'));
    for (const [id, r] of Object.entries<any>(json?.resource?.terraform_data ?? {})) {
      if (Array.isArray(r.triggers_replace) && typeof r.triggers_replace[0] === 'string') map.set(id, r.triggers_replace[0]);
    }
    convergeHashes.set(stackDir, map);
  }
  return map.get(resource);
}

/** Command-line options of `report`. */
export interface ReportArguments {
  readonly stacks: string[];
  readonly format: 'table' | 'json';
  readonly html?: string;
  readonly expiringWithin?: number;
  readonly at: Date;
}

/** The usage line of `report` (also its `--help`). */
export const REPORT_USAGE = 'usage: exo-gateway report [--json] [--html <file>] [--expiring-within <days>] [--at <ISO time>] <stack folder>...';

/** Parses `report` arguments; throws with the usage on bad input. */
export function parseReportArguments(args: readonly string[], now: Date = new Date()): ReportArguments {
  const stacks: string[] = [];
  let format: ReportArguments['format'] = 'table';
  let html: string | undefined;
  let expiringWithin: number | undefined;
  let at = now;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') format = 'json';
    else if (a === '--html') {
      html = args[++i];
      if (!html) throw libraryError(ERRORS.COMMAND_USAGE, `--html needs a file name; ${REPORT_USAGE}`);
    } else if (a === '--expiring-within') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 0) throw libraryError(ERRORS.COMMAND_USAGE, `--expiring-within needs a whole number of days, not '${args[i] ?? ''}'; ${REPORT_USAGE}`);
      expiringWithin = n;
    } else if (a === '--at') {
      const t = Date.parse(args[++i] ?? '');
      if (!Number.isFinite(t)) throw libraryError(ERRORS.COMMAND_USAGE, `--at needs an ISO 8601 time, not '${args[i] ?? ''}'; ${REPORT_USAGE}`);
      at = new Date(t);
    } else if (a.startsWith('--')) throw libraryError(ERRORS.COMMAND_USAGE, `unknown option ${a}; ${REPORT_USAGE}`);
    else stacks.push(a);
  }
  if (stacks.length === 0) stacks.push('.');
  return { stacks, format, html, expiringWithin, at };
}

/** The report of the stacks, filtered to certificates inside the horizon when `expiringWithin` is set. */
export function buildFleetReport(stacks: readonly { stack: string; steps: readonly StackConvergeStep[] }[], at: Date, expiringWithin?: number, warn?: (line: string) => void): FleetReport {
  let rows = stacks.flatMap((s) => stackReportRows(s.stack, s.steps, at, warn));
  if (expiringWithin !== undefined) rows = rows.filter((r) => r.daysLeft !== undefined && r.daysLeft <= expiringWithin);
  return { schema: FLEET_REPORT_SCHEMA, generatedAt: at.toISOString(), ...(expiringWithin !== undefined ? { expiringWithinDays: expiringWithin } : {}), rows };
}

/**
 * `exo-gateway report`: prints the table or JSON, writes the HTML page when asked; returns 1 when
 * a tenant's document could not be read (its row says error; the reason goes to stderr), else 2
 * when --expiring-within found a certificate inside the horizon, else 0.
 */
export async function runReport(
  args: readonly string[],
  deps: { stackSteps: (stackDir: string) => StackConvergeStep[]; stdout?: (text: string) => void; stderr?: (text: string) => void; now?: Date },
): Promise<number> {
  const stdout = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const parsed = parseReportArguments(args, deps.now);
  if (parsed.html) checkOutputFile(parsed.html, '--html', REPORT_USAGE);
  const stacks = parsed.stacks.map((stack) => ({ stack, steps: deps.stackSteps(stack) }));
  const report = buildFleetReport(stacks, parsed.at, parsed.expiringWithin, (line) => stderr(`${line}\n`));
  if (parsed.html) {
    fs.writeFileSync(parsed.html, reportHtml(report));
    stderr(`report: wrote ${parsed.html}\n`);
  }
  stdout(parsed.format === 'json' ? JSON.stringify(report, undefined, 2) + '\n' : reportTable(report));
  // Counted before --expiring-within filters the rows: an unreadable document is never a clean run.
  const failed = stacks.flatMap((s) => s.steps.filter((step) => step.error).map((step) => ({ stack: s.stack, step })));
  for (const { stack, step } of failed) stderr(`report: ${stepTenantName(step)} (${stack}, terraform_data.${step.resource}): ${step.error!.message}\n`);
  if (failed.length > 0) return 1;
  return parsed.expiringWithin !== undefined && report.rows.length > 0 ? 2 : 0;
}
