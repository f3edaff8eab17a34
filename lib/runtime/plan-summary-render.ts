/**
 * A plan summary as Markdown for a pull-request comment: a counts table per shard, one row per
 * tenant touched, bounded in size (see ./plan-summary.ts).
 */
import { DocumentError } from './errors';
import { DEFAULT_MAX_CHARS, FieldChange, HIDDEN, PLAN_COMMENT_MARKER, PlanSummary, ShardSummary, TenantAction, TenantChange } from './plan-summary-model';

/** Text safe in a Markdown table cell: no markup, no HTML, no mentions, one line. */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

const ACTION_WORD: { [a in TenantAction]: string } = {
  add: 'add',
  change: 'change',
  retire: 'retire',
  teardown: 'tear down',
  'move-in': 'move in',
  'move-out': 'move out',
};

function describeChange(c: FieldChange): string {
  if (c.field === 'domains' && c.added && c.removed) {
    return [...(c.added.length ? [`domains added: ${c.added.join(', ')}`] : []), ...(c.removed.length ? [`domains removed: ${c.removed.join(', ')}`] : [])].join('; ') || `domains: ${c.before} → ${c.after}`;
  }
  if (c.before === undefined) return `${c.field}: ${c.after}`;
  return `${c.field}: ${c.before} → ${c.after ?? '(none)'}`;
}

/** The details column of one tenant's row. */
function details(t: TenantChange): string {
  const s = t.summary;
  switch (t.action) {
    case 'add':
      return [`domains ${s.domains ?? '?'}`, `certificate ${s.certificate ?? '?'}`, s.profile ?? '', s.objects ?? ''].filter(Boolean).join('; ');
    case 'change':
    case 'retire':
      if (t.changes.length) return t.changes.map(describeChange).join('; ');
      return Object.values(s).includes(HIDDEN)
        ? 'a value marked sensitive (not shown) or a setting outside the summary lines changed'
        : 'settings outside the summary lines (e.g. connector or rule options); the document hash changed';
    case 'teardown':
      return `removed from the code: the apply removes its managed connectors and rules (domains ${s.domains ?? '?'})`;
    case 'move-in':
      return `moved from ${t.otherShard}; converged here, nothing is torn down`;
    case 'move-out':
      return `moved to ${t.otherShard}; nothing is torn down`;
  }
}

function counts(s: ShardSummary): { [a in TenantAction]: number } {
  const out = { add: 0, change: 0, retire: 0, teardown: 0, 'move-in': 0, 'move-out': 0 };
  for (const t of s.tenants) out[t.action]++;
  return out;
}

function othersText(s: ShardSummary): string {
  return s.others.map((o) => `${o.kind}: ${o.count} ${o.action}`).join(', ') || 'none';
}

/** Options of {@link renderPlanMarkdown}. */
export interface RenderOptions {
  /** Longest output, in characters. @default DEFAULT_MAX_CHARS */
  readonly maxChars?: number;
  /** The heading. */
  readonly title?: string;
}

/**
 * The comment: a counts table over every shard, then per shard a table of the tenants it
 * touches. When the rows do not fit into `maxChars`, the last rows are left out and a line says
 * how many tenants (per shard) are not shown; the counts table stays complete.
 */
export function renderPlanMarkdown(summary: PlanSummary, options: RenderOptions = {}): string {
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  const head: string[] = [PLAN_COMMENT_MARKER, `### ${cell(options.title ?? 'Exchange Online gateway: plan')}`, ''];
  head.push('| Shard | Add | Change | Retire | Tear down | Move | Unchanged | Other resources |', '|---|---:|---:|---:|---:|---:|---:|---|');
  for (const s of summary.shards) {
    const c = counts(s);
    head.push(`| ${cell(s.label)}${s.errored ? ' (plan failed)' : ''} | ${c.add} | ${c.change} | ${c.retire} | ${c.teardown} | ${c['move-in'] + c['move-out']} | ${s.unchanged} | ${cell(othersText(s))} |`);
  }
  const total = summary.shards.reduce((n, s) => n + s.tenants.length, 0);
  if (total === 0) head.push('', 'No tenant changes.');
  let out = head.join('\n') + '\n';
  const leftOut = new Map<string, number>();
  const footer = (n: number) => `\n**${n} tenant change(s) not shown** to keep this comment under ${max} characters (${[...leftOut].map(([l, k]) => `${cell(l)}: ${k}`).join(', ')}); the counts above are complete, and \`exo-gateway plan-summary --json\` on the plan lists every tenant.\n`;
  // Room for the footer: its fixed text and one entry per shard.
  const reserve = footer(999_999).length + summary.shards.reduce((n, s) => n + cell(s.label).length + 12, 0);
  if (out.length + reserve > max) throw new DocumentError(`--max-chars ${max} is too small for the counts table of ${summary.shards.length} shard(s) (${out.length + reserve} characters)`);
  let full = false;
  for (const s of summary.shards) {
    if (s.tenants.length === 0) continue;
    const section = `\n#### ${cell(s.label)}\n\n| Action | Tenant | What changes |\n|---|---|---|\n`;
    let rows = 0;
    for (const t of s.tenants) {
      const row = `| ${ACTION_WORD[t.action]} | ${cell(t.name)} (${cell(t.tenantId)}) | ${cell(details(t))} |\n`;
      const add = (rows === 0 ? section : '') + row;
      if (full || out.length + add.length + reserve > max) {
        full = true;
        leftOut.set(s.label, (leftOut.get(s.label) ?? 0) + 1);
        continue;
      }
      out += add;
      rows++;
    }
  }
  if (leftOut.size) out += footer([...leftOut.values()].reduce((a, b) => a + b, 0));
  return out;
}

