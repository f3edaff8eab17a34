/**
 * `exo-gateway export [--out <file>] [--json] [--concurrency <n>] <tenant list>`: reads each
 * listed tenant through its transport (never changes anything: only Get-* cmdlets are called),
 * recognises its gateway layout (lib/core/export/recognise.ts), writes the fleet-file entries of
 * the tenants it could map to `--out` (default fleet.export.yaml) and, for custom layouts, their
 * `GatewayProfile.custom(...)` next to it (`<out>.custom-profile.ts`), and prints per tenant what it
 * could not map and why, and the plan of the first converge of the written entry (claims, then
 * the planner's add / change / remove), so that adopting is reviewed before it happens.
 *
 * Exit codes: 0 every tenant exported; 2 at least one tenant's layout is not supported (it is
 * reported, not written); 1 at least one tenant could not be read (the others are still exported).
 *
 * This file is the command: its arguments, progress, the report as text, the exit code and the
 * writing of the fleet file. Reading one tenant is export-read.ts, the run over the list and the
 * report export-run.ts; their public names are importable from here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTenantList } from '../core/export/tenant-list';
import { writeFileAtomic } from '../core/atomic-file';
import { ERRORS, libraryError } from '../core/errors';
import { ConnectRetry } from './connect';
import { SessionOpener } from './converge';
import { ExportReport, exportTenants } from './export-run';
import { checkOutputFile } from './output-file';
import { tenthsProgress } from './progress';

export { type ReadTenant, exportTenant, listedAccessReference, probeDocument, readTenant } from './export-read';
export { EXPORT_REPORT_SCHEMA, type ExportReport, type TenantExport, customProfileFile, exportTenants } from './export-run';

/** Progress on stderr, as drift's: one rewritten line on a terminal, else a line per tenth and at the end. */
export function exportProgress(total: number, write: (text: string) => void, tty: boolean): (done: number, failed: number) => void {
  return tenthsProgress(total, write, tty, (done, failed) => `export: ${done}/${total} tenants, ${failed} failed`);
}

/** Command-line options of `export`. */
export interface ExportArguments {
  readonly list: string;
  readonly out: string;
  readonly json: boolean;
  readonly concurrency: number;
}

/** The usage line of `export` (also its `--help`). */
export const EXPORT_USAGE = 'usage: exo-gateway export [--out <fleet file>] [--json] [--concurrency <n>] <tenant list>';

/** Parses `export` arguments; throws EXG201 with the usage on bad input. */
export function parseExportArguments(args: readonly string[]): ExportArguments {
  let list: string | undefined;
  let out = 'fleet.export.yaml';
  let json = false;
  let concurrency = 10;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out') {
      out = args[++i] ?? '';
      if (out === '') throw libraryError(ERRORS.COMMAND_USAGE, `--out needs a file name; ${EXPORT_USAGE}`);
    } else if (a === '--json') json = true;
    else if (a === '--concurrency') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) throw libraryError(ERRORS.COMMAND_USAGE, `--concurrency needs a whole number of at least 1, not '${args[i] ?? ''}'; ${EXPORT_USAGE}`);
      concurrency = n;
    } else if (a.startsWith('--')) throw libraryError(ERRORS.COMMAND_USAGE, `unknown option ${a}; ${EXPORT_USAGE}`);
    else if (list === undefined) list = a;
    else throw libraryError(ERRORS.COMMAND_USAGE, `one tenant list at a time, got '${list}' and '${a}'; ${EXPORT_USAGE}`);
  }
  if (list === undefined) throw libraryError(ERRORS.COMMAND_USAGE, `name the tenant list (YAML or JSON: version, defaults.access, tenants with tenantId and initialDomain); ${EXPORT_USAGE}`);
  return { list, out, json, concurrency };
}

/** The report as text: a summary line, then per tenant its layout, notes, what was not mapped and the plan. */
export function exportText(report: ExportReport): string {
  const s = report.summary;
  const lines = [
    `export: ${s.tenants} tenant(s): ${s.exported} exported, ${s.notMapped} not mapped, ${s.failed} failed; ${s.unmappedObjects} object(s) not mapped; the first converge would make ${s.steps} change(s)`,
    report.fleetFile ? `fleet file written: ${report.fleetFile} (review it with the plans below before applying)` : 'no fleet file written: no tenant could be mapped',
    ...(report.customProfileFile ? [`custom profiles written: ${report.customProfileFile} (give them to the FleetFile as gatewayProfiles)`] : []),
  ];
  for (const t of report.tenants) {
    lines.push('');
    if (t.status === 'failed') {
      lines.push(`Tenant ${t.tenant} (${t.organization}): failed: ${t.error}`);
      continue;
    }
    lines.push(`Tenant ${t.tenant} (${t.organization}): ${t.status === 'exported' ? `${t.layout}, gateway ${t.gateway}` : `not mapped${t.layout ? ` (${t.layout})` : ''}`}`);
    if (t.entry) {
      const e = t.entry;
      lines.push(`  entry: domains ${e.domains.join(', ') || '(none)'}${e.cbcCertificateName ? `; cbcCertificateName ${e.cbcCertificateName}` : ''}${e.connector ? `; connector ${JSON.stringify(e.connector)}` : ''}`);
    }
    for (const n of t.notes) lines.push(`  note: ${n}`);
    for (const u of t.unmapped) lines.push(`  not mapped: ${u.kind} '${u.name}': ${u.reason}`);
    if (t.planText.length) {
      lines.push('  plan of the first converge:');
      for (const l of t.planText) lines.push(`    ${l}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The exit code: 1 a tenant failed, 2 a tenant not mapped, else 0. */
export function exportExitCode(report: ExportReport): number {
  if (report.summary.failed > 0) return 1;
  return report.summary.notMapped > 0 ? 2 : 0;
}

/**
 * `exo-gateway export`: writes the fleet file, the report to stdout (text or --json), progress to
 * stderr; returns the exit code.
 */
export async function runExport(
  args: readonly string[],
  deps: { open: SessionOpener; retry?: ConnectRetry; stdout?: (text: string) => void; stderr?: (text: string) => void; tty?: boolean },
): Promise<number> {
  const stdout = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const parsed = parseExportArguments(args);
  // Before any tenant is read: the fleet file and the custom profiles are written next to each other at the end.
  checkOutputFile(parsed.out, '--out', EXPORT_USAGE);
  let text: string;
  try {
    text = fs.readFileSync(parsed.list, 'utf8');
  } catch (e) {
    throw libraryError(ERRORS.FLEET_FILE, `${parsed.list}:1:1: the tenant list cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path, relative to the working folder.`);
  }
  const total = parseTenantList(parsed.list, text).tenants.length;
  const progress = exportProgress(total, stderr, deps.tty ?? process.stderr.isTTY === true);
  const { report, yaml, snippet } = await exportTenants(parsed.list, parsed.out, deps.open, { concurrency: parsed.concurrency, retry: deps.retry, progress, text });
  if (yaml) writeFileAtomic(path.resolve(parsed.out), yaml);
  if (snippet && report.customProfileFile) writeFileAtomic(path.resolve(report.customProfileFile), snippet);
  stdout(parsed.json ? JSON.stringify(report, undefined, 2) + '\n' : exportText(report));
  return exportExitCode(report);
}
