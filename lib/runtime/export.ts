/**
 * `exo-gateway export [--out <file>] [--json] [--concurrency <n>] <tenant list>`: reads each
 * listed tenant through its transport (never changes anything: only Get-* cmdlets are called),
 * recognises its gateway layout (lib/core/export/recognise.ts), writes the fleet-file entries of
 * the tenants it could map to `--out` (default fleet.export.yaml), and prints per tenant what it
 * could not map and why, and the plan of the first converge of the written entry (claims, then
 * the planner's add / change / remove), so that adopting is reviewed before it happens.
 *
 * Exit codes: 0 every tenant exported; 2 at least one tenant's layout is not supported (it is
 * reported, not written); 1 at least one tenant could not be read (the others are still exported).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExportedEntry, exportedFleetYaml, exportedGateways } from '../core/export/fleet-yaml';
import { Recognition, recogniseTenant, UnmappedObject } from '../core/export/recognise';
import { ExportReview, reviewExport } from '../core/export/review';
import { ListedAccess, ListedTenant, parseTenantList } from '../core/export/tenant-list';
import { ObjectRef } from '../core/export/layouts';
import { writeFileAtomic } from '../core/atomic-file';
import { ERRORS, libraryError } from '../core/errors';
import { DOCUMENT_SCHEMA, ExchangeAccessReference, MANAGED_MARKER, ObservedState, TenantDesiredState, TenantPlan } from '../core/exo-model';
import { ConnectRetry, openWithRetry, SINGLE_ATTEMPT } from './connect';
import { readObservedState, SessionOpener } from './converge';
import { mapBounded } from './drift';
import { ConnectError, TenantMismatchError } from './errors';
import { exportedGatewayModel, exportedTenantDocument } from './export-model';
import { readKind } from './reads';

/** Identifies the JSON report of export. */
export const EXPORT_REPORT_SCHEMA = 'cdktf-exo-gateway/export-report@1';

/** What export found in one tenant. */
export interface TenantExport {
  readonly tenant: string;
  readonly tenantId: string;
  readonly organization: string;
  /** exported: an entry was written; notMapped: its layout is not supported (reported, not written); failed: it could not be read. */
  readonly status: 'exported' | 'notMapped' | 'failed';
  readonly layout?: string;
  /** The gateway entry's name in the written file. */
  readonly gateway?: string;
  readonly entry?: Recognition['entry'];
  readonly notes: string[];
  readonly unmapped: UnmappedObject[];
  readonly claims: ObjectRef[];
  readonly plan?: TenantPlan;
  readonly planText: string[];
  readonly error?: string;
}

/** The report of one export run. */
export interface ExportReport {
  readonly schema: string;
  readonly generatedAt: string;
  /** The fleet file written, when any tenant was exported. */
  readonly fleetFile?: string;
  readonly summary: { readonly tenants: number; readonly exported: number; readonly notMapped: number; readonly failed: number; readonly unmappedObjects: number; readonly steps: number };
  readonly tenants: TenantExport[];
}

/** What reading one tenant gave. */
export interface ReadTenant {
  readonly observed: ObservedState;
  readonly acceptedDomains: string[];
}

/** The access reference of a listed tenant; a certificate file relative to the list is made absolute. */
export function listedAccessReference(t: ListedTenant, listDir: string): ExchangeAccessReference {
  const a = t.access;
  return {
    appId: a.appId,
    organization: t.initialDomain,
    ...(a.certificateFile !== undefined ? { certificateFile: path.resolve(listDir, a.certificateFile) } : {}),
    ...(a.certificateEnv !== undefined ? { certificateEnv: a.certificateEnv } : {}),
    ...(a.passwordEnv !== undefined ? { certificatePasswordEnv: a.passwordEnv } : {}),
    ...(t.transport === 'adminApi' ? { transport: 'adminApi' as const } : {}),
  };
}

/** The document the session opener is given for reading a tenant: its access, no object. */
export function probeDocument(t: ListedTenant, access: ExchangeAccessReference): TenantDesiredState {
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: { name: t.name, tenantId: t.tenantId, initialDomain: t.initialDomain, managedDomains: [] },
    access,
    marker: MANAGED_MARKER,
    retired: false,
    adoptExisting: true,
    rulePlacement: 'Top',
    objects: [],
  };
}

/** Connects, checks the tenant id, reads the accepted domains, connectors and rules; changes nothing. */
export async function readTenant(doc: TenantDesiredState, open: SessionOpener, retry: ConnectRetry = SINGLE_ATTEMPT): Promise<ReadTenant> {
  const name = doc.tenant.name;
  const organization = doc.access.organization;
  const session = await openWithRetry(open, doc, retry, () => undefined);
  try {
    if (session.hello.type !== 'ready') throw new ConnectError(name, organization, session.hello.error?.message ?? 'the session did not say why');
    const connected = (session.hello.tenantId ?? '').toLowerCase();
    if (!connected) throw new ConnectError(name, organization, 'the session did not report the connected tenant id');
    if (connected !== doc.tenant.tenantId.toLowerCase()) {
      throw new TenantMismatchError(name, `connected to tenant id '${connected}' but the listed tenant id is '${doc.tenant.tenantId}' (organization ${organization}); correct the tenant list`);
    }
    const domains = await readKind((c, p) => session.read(c, p), 'AcceptedDomain');
    if (!domains.objects) throw new ConnectError(name, organization, `${domains.cmdlet} failed: ${domains.failure?.error?.message}`);
    const acceptedDomains = domains.objects.map((d) => String(d.DomainName ?? d.Name ?? '').toLowerCase()).filter((d) => d !== '');
    const observed = await readObservedState(session, name, organization);
    return { observed, acceptedDomains };
  } finally {
    await session.close();
  }
}

/** Recognition and review of one tenant that was read. */
export function exportTenant(t: ListedTenant, access: ExchangeAccessReference, read: ReadTenant): { recognition: Recognition; review?: ExportReview } {
  const recognition = recogniseTenant({ name: t.name, tenantId: t.tenantId, initialDomain: t.initialDomain, acceptedDomains: read.acceptedDomains, observed: read.observed, profile: t.profile });
  if (!recognition.entry || !recognition.gateway) return { recognition };
  const doc = exportedTenantDocument(t.name, recognition.entry, exportedGatewayModel(t.name, recognition.gateway), access);
  return { recognition, review: reviewExport(recognition, doc, read.observed, read.acceptedDomains) };
}

/** Progress on stderr, as drift's: one rewritten line on a terminal, else a line per tenth and at the end. */
export function exportProgress(total: number, write: (text: string) => void, tty: boolean): (done: number, failed: number) => void {
  let lastTenth = -1;
  return (done, failed) => {
    const line = `export: ${done}/${total} tenants, ${failed} failed`;
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

/** Command-line options of `export`. */
export interface ExportArguments {
  readonly list: string;
  readonly out: string;
  readonly json: boolean;
  readonly concurrency: number;
}

const USAGE = 'usage: exo-gateway export [--out <fleet file>] [--json] [--concurrency <n>] <tenant list>';

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
      if (out === '') throw libraryError(ERRORS.COMMAND_USAGE, `--out needs a file name; ${USAGE}`);
    } else if (a === '--json') json = true;
    else if (a === '--concurrency') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) throw libraryError(ERRORS.COMMAND_USAGE, `--concurrency needs a whole number of at least 1, not '${args[i] ?? ''}'; ${USAGE}`);
      concurrency = n;
    } else if (a.startsWith('--')) throw libraryError(ERRORS.COMMAND_USAGE, `unknown option ${a}; ${USAGE}`);
    else if (list === undefined) list = a;
    else throw libraryError(ERRORS.COMMAND_USAGE, `one tenant list at a time, got '${list}' and '${a}'; ${USAGE}`);
  }
  if (list === undefined) throw libraryError(ERRORS.COMMAND_USAGE, `name the tenant list (YAML or JSON: version, defaults.access, tenants with tenantId and initialDomain); ${USAGE}`);
  return { list, out, json, concurrency };
}

/** A certificate file path of the list, relative to the written file's folder. */
function accessFor(a: ListedAccess | undefined, listDir: string, outDir: string): ListedAccess | undefined {
  if (!a || a.certificateFile === undefined || path.isAbsolute(a.certificateFile)) return a;
  return { ...a, certificateFile: path.relative(outDir, path.resolve(listDir, a.certificateFile)) || '.' };
}

/** Reads every tenant of the list; a tenant that fails is reported as failed, the others still run. */
export async function exportTenants(
  listFile: string,
  outFile: string,
  open: SessionOpener,
  options: { concurrency?: number; retry?: ConnectRetry; progress?: (done: number, failed: number) => void; now?: Date; text?: string } = {},
): Promise<{ report: ExportReport; yaml?: string }> {
  const list = parseTenantList(listFile, options.text ?? fs.readFileSync(listFile, 'utf8'));
  const listDir = path.dirname(path.resolve(listFile));
  const outDir = path.dirname(path.resolve(outFile));
  let done = 0;
  let failed = 0;
  const results = await mapBounded(list.tenants, options.concurrency ?? 10, async (t) => {
    const access = listedAccessReference(t, listDir);
    const base = { tenant: t.name, tenantId: t.tenantId, organization: t.initialDomain };
    let result: { base: typeof base; recognition?: Recognition; review?: ExportReview; error?: string };
    try {
      const read = await readTenant(probeDocument(t, access), open, options.retry ?? SINGLE_ATTEMPT);
      result = { base, ...exportTenant(t, access, read) };
    } catch (e) {
      failed++;
      result = { base, error: (e as Error).message };
    }
    done++;
    options.progress?.(done, failed);
    return { t, ...result };
  });
  const entries: ExportedEntry[] = results
    .filter((r) => r.recognition?.entry && r.recognition.gateway)
    .map((r) => ({
      name: r.t.name,
      gateway: r.recognition!.gateway!,
      entry: r.recognition!.entry!,
      ...(r.t.ownAccess ? { access: accessFor(r.t.access, listDir, outDir) } : {}),
      ...(r.t.transport ? { transport: r.t.transport } : {}),
    }));
  const yaml = entries.length ? exportedFleetYaml(entries, { access: accessFor(list.defaults.access, listDir, outDir) }) : undefined;
  const gatewayOf = exportedGateways(entries).gatewayOf;
  const tenants: TenantExport[] = results.map((r): TenantExport => {
    if (r.error !== undefined) return { ...r.base, status: 'failed', notes: [], unmapped: [], claims: [], planText: [], error: r.error };
    const rec = r.recognition!;
    const unmapped = [...rec.unmapped, ...(r.review?.undeclared ?? [])];
    return {
      ...r.base,
      status: rec.entry ? 'exported' : 'notMapped',
      ...(rec.layout ? { layout: rec.layout } : {}),
      ...(gatewayOf.has(r.t.name) ? { gateway: gatewayOf.get(r.t.name) } : {}),
      ...(rec.entry ? { entry: rec.entry } : {}),
      notes: rec.unsupported ? [`not exported: ${rec.unsupported}`, ...rec.notes] : rec.notes,
      unmapped,
      claims: r.review?.claims ?? [],
      ...(r.review ? { plan: r.review.plan } : {}),
      planText: r.review?.lines ?? [],
    };
  });
  const report: ExportReport = {
    schema: EXPORT_REPORT_SCHEMA,
    generatedAt: (options.now ?? new Date()).toISOString(),
    ...(yaml ? { fleetFile: outFile } : {}),
    summary: {
      tenants: tenants.length,
      exported: tenants.filter((t) => t.status === 'exported').length,
      notMapped: tenants.filter((t) => t.status === 'notMapped').length,
      failed: tenants.filter((t) => t.status === 'failed').length,
      unmappedObjects: tenants.reduce((n, t) => n + t.unmapped.length, 0),
      steps: tenants.reduce((n, t) => n + (t.plan?.steps.length ?? 0), 0),
    },
    tenants,
  };
  return { report, yaml };
}

/** The report as text: a summary line, then per tenant its layout, notes, what was not mapped and the plan. */
export function exportText(report: ExportReport): string {
  const s = report.summary;
  const lines = [
    `export: ${s.tenants} tenant(s): ${s.exported} exported, ${s.notMapped} not mapped, ${s.failed} failed; ${s.unmappedObjects} object(s) not mapped; the first converge would make ${s.steps} change(s)`,
    report.fleetFile ? `fleet file written: ${report.fleetFile} (review it with the plans below before applying)` : 'no fleet file written: no tenant could be mapped',
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
  let text: string;
  try {
    text = fs.readFileSync(parsed.list, 'utf8');
  } catch (e) {
    throw libraryError(ERRORS.FLEET_FILE, `${parsed.list}:1:1: the tenant list cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path, relative to the working folder.`);
  }
  const total = parseTenantList(parsed.list, text).tenants.length;
  const progress = exportProgress(total, stderr, deps.tty ?? process.stderr.isTTY === true);
  const { report, yaml } = await exportTenants(parsed.list, parsed.out, deps.open, { concurrency: parsed.concurrency, retry: deps.retry, progress, text });
  if (yaml) writeFileAtomic(path.resolve(parsed.out), yaml);
  stdout(parsed.json ? JSON.stringify(report, undefined, 2) + '\n' : exportText(report));
  return exportExitCode(report);
}
