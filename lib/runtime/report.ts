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
import { ERRORS, libraryError } from '../core/errors';

/** The schema id of `report --json`. */
export const FLEET_REPORT_SCHEMA = 'cdktf-exo-gateway/fleet-report@1';

/**
 * Whether the tenant's current document was applied, from the stack's local state:
 * `current` (the converge step in the state carries the document's hash), `outdated` (it carries
 * an older one: apply pending), `never` (no converge step in the state), `unknown` (no local state).
 */
export type ConvergeState = 'current' | 'outdated' | 'never' | 'unknown';

/** One tenant of the report. */
export interface FleetReportRow {
  /** The stack's name (its folder's name). */
  readonly stack: string;
  readonly tenant: string;
  readonly tenantId?: string;
  readonly organization?: string;
  readonly inboundConnector?: string;
  readonly outboundConnector?: string;
  readonly certificateName?: string;
  /** From the certificate file inspected at synth; absent when none was given. */
  readonly certificate?: { readonly subject: string; readonly fingerprint: string; readonly notAfter: string };
  /** Whole days from the report time to notAfter (negative: expired); absent: unknown. */
  readonly daysLeft?: number;
  readonly profile?: string;
  readonly lastConverge: ConvergeState;
  /** When the local state file was last written (an upper bound of the last apply), if there is one. */
  readonly stateWrittenAt?: string;
  /** Why the tenant's document could not be read. */
  readonly error?: string;
}

/** `report --json`. */
export interface FleetReport {
  readonly schema: typeof FLEET_REPORT_SCHEMA;
  readonly generatedAt: string;
  /** Set when --expiring-within filtered the rows. */
  readonly expiringWithinDays?: number;
  readonly rows: FleetReportRow[];
}

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

/** The rows of one stack folder. */
export function stackReportRows(stack: string, steps: readonly StackConvergeStep[], now: Date): FleetReportRow[] {
  const stackDir = steps[0]?.stackDir ?? stack;
  const file = readJson(path.join(stackDir, DOCUMENTS_FOLDER, STACK_REPORT_FILE)) as StackReportFile | undefined;
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
      tenant: doc?.tenant.name ?? entry?.tenant ?? s.resource,
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

const USAGE = 'usage: exo-gateway report [--json] [--html <file>] [--expiring-within <days>] [--at <ISO time>] <stack folder>...';

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
      if (!html) throw libraryError(ERRORS.COMMAND_USAGE, `--html needs a file name; ${USAGE}`);
    } else if (a === '--expiring-within') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 0) throw libraryError(ERRORS.COMMAND_USAGE, `--expiring-within needs a whole number of days, not '${args[i] ?? ''}'; ${USAGE}`);
      expiringWithin = n;
    } else if (a === '--at') {
      const t = Date.parse(args[++i] ?? '');
      if (!Number.isFinite(t)) throw libraryError(ERRORS.COMMAND_USAGE, `--at needs an ISO 8601 time, not '${args[i] ?? ''}'; ${USAGE}`);
      at = new Date(t);
    } else if (a.startsWith('--')) throw libraryError(ERRORS.COMMAND_USAGE, `unknown option ${a}; ${USAGE}`);
    else stacks.push(a);
  }
  if (stacks.length === 0) stacks.push('.');
  return { stacks, format, html, expiringWithin, at };
}

/** The report of the stacks, filtered to certificates inside the horizon when `expiringWithin` is set. */
export function buildFleetReport(stacks: readonly { stack: string; steps: readonly StackConvergeStep[] }[], at: Date, expiringWithin?: number): FleetReport {
  let rows = stacks.flatMap((s) => stackReportRows(s.stack, s.steps, at));
  if (expiringWithin !== undefined) rows = rows.filter((r) => r.daysLeft !== undefined && r.daysLeft <= expiringWithin);
  return { schema: FLEET_REPORT_SCHEMA, generatedAt: at.toISOString(), ...(expiringWithin !== undefined ? { expiringWithinDays: expiringWithin } : {}), rows };
}

/** How a row's expiry reads: `12 days`, `expired 3 days ago`, `unknown`. */
export function expiryText(r: FleetReportRow): string {
  if (r.daysLeft === undefined) return 'unknown';
  if (r.daysLeft < 0) return `expired ${-r.daysLeft} day${r.daysLeft === -1 ? '' : 's'} ago`;
  return `${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'}`;
}

function convergeText(r: FleetReportRow): string {
  switch (r.lastConverge) {
    case 'current':
      return `applied (state ${r.stateWrittenAt?.slice(0, 16).replace('T', ' ')}Z)`;
    case 'outdated':
      return 'apply pending';
    case 'never':
      return 'never applied';
    default:
      return 'unknown';
  }
}

const HEAD = ['STACK', 'TENANT', 'INBOUND CONNECTOR', 'OUTBOUND CONNECTOR', 'CERTIFICATE', 'EXPIRES IN', 'PROFILE', 'LAST CONVERGE'];

function cells(r: FleetReportRow): string[] {
  return [r.stack, r.tenant, r.inboundConnector ?? '', r.outboundConnector ?? '', r.certificateName ?? '', expiryText(r), r.profile ?? 'unknown', r.error ? `error: ${r.error}` : convergeText(r)];
}

/** The stdout table. */
export function reportTable(report: FleetReport): string {
  const rows = report.rows.map(cells);
  const widths = HEAD.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fit = (c: string, w: number) => (c.length > w ? `${c.slice(0, w - 1)}…` : c.padEnd(w));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : fit(c, widths[i]))).join('  ').trimEnd();
  const footer = report.expiringWithinDays !== undefined ? `${report.rows.length} tenant(s) with a certificate expiring within ${report.expiringWithinDays} days` : `${report.rows.length} tenant(s)`;
  return [line(HEAD), ...rows.map(line), '', footer].join('\n') + '\n';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * One self-contained HTML page: inline style and script, no external reference, sortable by a
 * click on any column head (expiry sorts by days, unknown last), or on opening by `#sort=<column>[-desc]`.
 */
export function reportHtml(report: FleetReport): string {
  const expiring = report.rows.filter((r) => r.daysLeft !== undefined && r.daysLeft <= 30).length;
  const body = report.rows
    .map((r) => {
      const c = cells(r);
      const cls = r.daysLeft === undefined ? 'unknown' : r.daysLeft < 0 ? 'expired' : r.daysLeft <= 30 ? 'soon' : 'ok';
      const sortKey = r.daysLeft === undefined ? '999999' : String(r.daysLeft);
      const title = r.certificate ? ` title="${escapeHtml(`${r.certificate.subject}\nSHA-256 ${r.certificate.fingerprint}\nnot after ${r.certificate.notAfter}`)}"` : '';
      return (
        '<tr>' +
        c
          .map((text, i) => (i === 5 ? `<td class="${cls}" data-sort="${sortKey}"${title}>${escapeHtml(text)}</td>` : `<td>${escapeHtml(text)}</td>`))
          .join('') +
        '</tr>'
      );
    })
    .join('\n');
  const heading = report.expiringWithinDays !== undefined ? `Certificates expiring within ${report.expiringWithinDays} days` : 'Exchange Online gateway fleet';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1b1f24; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.meta { color: #57606a; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d0d7de; white-space: nowrap; }
th { background: #f6f8fa; cursor: pointer; user-select: none; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
tr:nth-child(even) td { background: #fafbfc; }
td.ok { color: #116329; }
td.soon { color: #9a6700; font-weight: 600; background: #fff8c5 !important; }
td.expired { color: #a40e26; font-weight: 600; background: #ffebe9 !important; }
td.unknown { color: #57606a; font-style: italic; }
</style>
</head>
<body>
<h1>${escapeHtml(heading)}</h1>
<p class="meta">${report.rows.length} tenant(s), ${expiring} with a certificate expiring within 30 days; as of ${escapeHtml(report.generatedAt)}. Click a column to sort.</p>
<table id="fleet">
<thead><tr>${HEAD.map((h) => `<th scope="col">${escapeHtml(h.charAt(0) + h.slice(1).toLowerCase())}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<script>
(function () {
  var table = document.getElementById('fleet');
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        var s = cell.getAttribute('data-sort');
        return s !== null ? Number(s) : cell.textContent.toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  // A link can open the page sorted: #sort=<column from 0>[-desc]
  var m = /^#sort=(\\d+)(-desc)?$/.exec(location.hash);
  if (m && heads[Number(m[1])]) {
    heads[Number(m[1])].click();
    if (m[2]) heads[Number(m[1])].click();
  }
})();
</script>
</body>
</html>
`;
}

/**
 * `exo-gateway report`: prints the table or JSON, writes the HTML page when asked; returns 2 when
 * --expiring-within found a certificate inside the horizon, else 0.
 */
export async function runReport(
  args: readonly string[],
  deps: { stackSteps: (stackDir: string) => StackConvergeStep[]; stdout?: (text: string) => void; stderr?: (text: string) => void; now?: Date },
): Promise<number> {
  const stdout = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const parsed = parseReportArguments(args, deps.now);
  const report = buildFleetReport(
    parsed.stacks.map((stack) => ({ stack, steps: deps.stackSteps(stack) })),
    parsed.at,
    parsed.expiringWithin,
  );
  if (parsed.html) {
    fs.writeFileSync(parsed.html, reportHtml(report));
    stderr(`report: wrote ${parsed.html}\n`);
  }
  stdout(parsed.format === 'json' ? JSON.stringify(report, undefined, 2) + '\n' : reportTable(report));
  return parsed.expiringWithin !== undefined && report.rows.length > 0 ? 2 : 0;
}
