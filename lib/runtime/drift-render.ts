/**
 * `exo-gateway drift`'s outputs of a report: the exit code, the `-replace=` arguments, the human
 * table and the Markdown for an issue or a pull-request comment.
 */
import { DriftFinding, DriftReport, TenantDrift } from './drift-model';

/** 0 in sync, 2 drift, 1 a tenant could not be read (failure wins: the check is incomplete). */
export function driftExitCode(report: DriftReport): number {
  if (report.summary.failed > 0) return 1;
  return report.summary.drifted > 0 ? 2 : 0;
}

/**
 * What re-running a drifted tenant's converge step would do: `repairs` when it changes something
 * and nothing blocks it; `blocked` when a finding stops converge (the apply would fail); `nothing`
 * when converge leaves every finding as it is (e.g. a setting added by hand to a managed rule).
 */
export function replaceOutcome(t: TenantDrift): 'repairs' | 'blocked' | 'nothing' {
  if (t.findings.some((f) => f.converge === 'blocks')) return 'blocked';
  return t.findings.some((f) => f.converge !== 'leaves') ? 'repairs' : 'nothing';
}

/** The `-replace=` arguments that re-converge exactly the drifted tenants a converge repairs, one per line (run per stack folder). */
export function replaceArguments(report: DriftReport): string[] {
  return report.tenants.filter((t) => t.status === 'drift' && replaceOutcome(t) === 'repairs').map((t) => `-replace=${t.resource}`);
}

/** Why a drifted tenant is not among the `-replace=` arguments, one line per tenant left out. */
export function replaceLeftOut(report: DriftReport): string[] {
  return report.tenants.flatMap((t) => {
    if (t.status !== 'drift') return [];
    const outcome = replaceOutcome(t);
    if (outcome === 'blocked') {
      const why = t.findings.filter((f) => f.converge === 'blocks').map((f) => f.message).join('; ');
      return [`drift: ${t.tenant}: left out of --replace-args, its converge is blocked (${why}); resolve that in the tenant first`];
    }
    return outcome === 'nothing' ? [`drift: ${t.tenant}: left out of --replace-args, a converge would leave its findings as they are (see the table)`] : [];
  });
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
  // The table cuts a long reason; each one is printed in full below it.
  const failed = report.tenants.filter((t) => t.status === 'failed');
  const reasons = failed.length ? ['', 'Could not be read:', ...failed.map((t) => `${t.tenant} (${t.stack}, ${t.resource}): ${t.error ?? 'no reason given'}`)] : [];
  return [line(head), ...rows.map(line), '', `${s.tenants} tenant(s): ${s.inSync} in sync, ${s.drifted} drifted (${s.findings} finding(s)), ${s.failed} could not be read`, ...reasons].join('\n') + '\n';
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
    const repairable = report.tenants.filter((t) => t.status === 'drift' && replaceOutcome(t) === 'repairs');
    const stacks = [...new Set(repairable.map((t) => t.stack))];
    if (stacks.length) {
      out.push('', 'Re-converge the drifted tenants a converge repairs:', '', '```sh');
      for (const stack of stacks) {
        const replace = repairable.filter((t) => t.stack === stack).map((t) => `-replace=${t.resource}`);
        out.push(`${stacks.length > 1 ? `(cd ${stack} && ` : ''}terraform apply ${replace.join(' ')}${stacks.length > 1 ? ')' : ''}`);
      }
      out.push('```');
    }
  }
  return out.join('\n') + '\n';
}
