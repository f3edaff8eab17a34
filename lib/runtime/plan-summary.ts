/**
 * `exo-gateway plan-summary <plan.json>...`: what a `terraform plan` of one or more shards does
 * to the fleet, as Markdown for a pull-request comment (or `--json`), read from the JSON of
 * `terraform show -json <planfile>`.
 *
 * Each tenant's Converge step is a `terraform_data` whose `triggers_replace` is the document's
 * hash followed by five summary lines (lib/core/desired-state.ts tenantSummary): `tenant:`,
 * `domains:`, `certificate:`, `profile:` (with the connector and rule state, or `retired`) and
 * `objects:`. Its Teardown step's trigger is the tenant id. A tenant is added when its Converge is
 * created, changed when it is replaced (the lines that differ say what), torn down when it is
 * deleted (removed from the code: the fleet registry's prune removes its objects), moved when it
 * leaves one shard and enters another of the same summary. Every other resource (the fleet
 * registry, gateway deployment steps, azuread resources) is counted by type and action.
 *
 * Nothing marked sensitive in the plan (`before_sensitive` / `after_sensitive`) is printed, and
 * no value of a resource other than the summary lines, the tenant id and the gateway's name is
 * read at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from './errors';

/** Schema tag of the `--json` form; such a file is also accepted as input (to merge shards). */
export const PLAN_SUMMARY_SCHEMA = 'exo-gateway/plan-summary/v1';
/** GitHub refuses a comment longer than 65,536 characters; the default keeps below it. */
export const DEFAULT_MAX_CHARS = 65_000;
/** First line of the Markdown: lets a pipeline find its own comment to update. */
export const PLAN_COMMENT_MARKER = '<!-- exo-gateway plan-summary -->';

/** What the plan does to a tenant. */
export type TenantAction = 'add' | 'change' | 'retire' | 'teardown' | 'move-in' | 'move-out';

/** One changed summary field of a tenant (domains are compared as sets). */
export interface FieldChange {
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
  readonly added?: string[];
  readonly removed?: string[];
}

/** One tenant the plan touches. */
export interface TenantChange {
  readonly name: string;
  readonly tenantId: string;
  action: TenantAction;
  /** The summary lines after the plan (added, changed) or before it (torn down). */
  readonly summary: { [field: string]: string };
  /** For `change` and `retire`: what differs. */
  readonly changes: FieldChange[];
  /** For moves: the other shard. */
  otherShard?: string;
}

/** Resources that are not a tenant's Converge or Teardown, counted by what they are and the action. */
export interface OtherChange {
  readonly kind: string;
  readonly action: string;
  readonly count: number;
}

/** One shard's plan. */
export interface ShardSummary {
  readonly label: string;
  readonly tenants: TenantChange[];
  /** Tenants whose Converge step the plan leaves as it is. */
  readonly unchanged: number;
  readonly others: OtherChange[];
  /** The plan stopped with an error (`errored` in the plan JSON). */
  readonly errored: boolean;
}

/** The `--json` form. */
export interface PlanSummary {
  readonly schema: typeof PLAN_SUMMARY_SCHEMA;
  readonly shards: ShardSummary[];
}

type Json = any;

const HASH = /^[0-9a-f]{64}$/;
/** The summary lines after the hash, in order (lib/core/desired-state.ts tenantSummary). */
const FIELDS = ['tenant', 'domains', 'certificate', 'profile', 'objects'];
const HIDDEN = '(sensitive, not shown)';
const UNKNOWN = '(known after apply)';

/** Terraform's action list as one word. */
function actionOf(actions: string[] | undefined): string {
  const a = actions ?? [];
  if (a.length === 2 && a.includes('delete') && a.includes('create')) return 'replace';
  return a[0] ?? 'no-op';
}

/** Whether a sensitivity mark (true, or an object / array of marks) covers `key` (or the whole value). */
function markAt(mark: Json, key: string | number): Json {
  if (mark === true) return true;
  if (mark && typeof mark === 'object') return mark[key];
  return undefined;
}

function containsSensitive(mark: Json): boolean {
  if (mark === true) return true;
  if (mark && typeof mark === 'object') return Object.values(mark).some(containsSensitive);
  return false;
}

/** The summary lines of a Converge trigger, each hidden when marked sensitive or unknown. */
function triggerLines(value: Json, sensitive: Json, unknown: Json): string[] | undefined {
  const s = markAt(sensitive, 'triggers_replace');
  const u = markAt(unknown, 'triggers_replace');
  const v = value?.triggers_replace;
  if (s === true) return Array(FIELDS.length + 1).fill(HIDDEN);
  if (u === true) return Array(FIELDS.length + 1).fill(UNKNOWN);
  if (!Array.isArray(v)) return undefined;
  return v.map((line: Json, i: number) => (containsSensitive(markAt(s, i)) ? HIDDEN : markAt(u, i) === true ? UNKNOWN : typeof line === 'string' ? line : String(line)));
}

/** Whether a value is a Converge step's trigger: the hash and `tenant: ...` lines. */
function isConvergeTrigger(value: Json): boolean {
  const t = value?.triggers_replace;
  return Array.isArray(t) && typeof t[0] === 'string' && HASH.test(t[0]) && typeof t[1] === 'string' && t[1].startsWith('tenant: ');
}

/** The step a `terraform_data` is, from its provisioner command in the configuration (present resources) or its values (removed ones). */
function stepOf(rc: Json, commands: Map<string, string>): string | undefined {
  if (rc.type !== 'terraform_data') return undefined;
  const command = commands.get(rc.address);
  if (command) {
    const m = /exo-apply\.js"? ([a-z-]+)$/.exec(command);
    if (m) return m[1];
  }
  const values = [rc.change?.before, rc.change?.after];
  if (values.some(isConvergeTrigger)) return 'converge';
  if (values.some((v) => v && typeof v.triggers_replace === 'string' && typeof v.input === 'string' && /"tenantId"/.test(v.input))) return 'teardown';
  if (values.some((v) => Array.isArray(v?.input?.groups))) return 'prune';
  if (values.some((v) => v?.input && typeof v.input === 'object' && 'gateway' in v.input && 'hash' in v.input)) return 'gateway-sync';
  if (values.some((v) => v?.input && typeof v.input === 'object' && 'gateway' in v.input && 'document' in v.input)) return 'gateway-teardown';
  return undefined;
}

/** The local-exec command of every resource the configuration declares, by address. */
function provisionerCommands(plan: Json): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (module: Json, prefix: string) => {
    for (const r of module?.resources ?? []) {
      const command = (r.provisioners ?? []).map((p: Json) => p?.expressions?.command?.constant_value).find((c: Json) => typeof c === 'string');
      if (command) out.set(`${prefix}${r.address}`, command);
    }
    for (const [name, call] of Object.entries<Json>(module?.module_calls ?? {})) walk(call?.module, `${prefix}module.${name}.`);
  };
  walk(plan?.configuration?.root_module, '');
  return out;
}

/** `field: value` lines as a map; a hidden or unknown line keeps the field of its position. */
function linesToFields(lines: string[]): { [field: string]: string } {
  const out: { [field: string]: string } = {};
  lines.forEach((line, i) => {
    const m = /^([a-z]+): (.*)$/s.exec(line);
    if (m) out[m[1]] = m[2];
    else if ((line === HIDDEN || line === UNKNOWN) && FIELDS[i]) out[FIELDS[i]] = line;
  });
  return out;
}

/** Name and id from `tenant: <name> (<id>)`, else from the resource address. */
function identity(fields: { [field: string]: string }, address: string): { name: string; tenantId: string; key: string } {
  const m = /^(.*) \(([^()]*)\)$/.exec(fields.tenant ?? '');
  if (m) return { name: m[1], tenantId: m[2], key: m[2].toLowerCase() };
  const fromAddress = /([A-Za-z0-9-]+)_Converge_[0-9A-F]+$/.exec(address)?.[1] ?? address;
  return { name: fromAddress, tenantId: fields.tenant ?? HIDDEN, key: address };
}

function splitList(text: string | undefined): string[] {
  return text === undefined || text === '' ? [] : text.split(', ');
}

function fieldChanges(before: { [field: string]: string }, after: { [field: string]: string }): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of FIELDS) {
    const b = before[field];
    const a = after[field];
    if (a === b) continue;
    if (field === 'domains' && a !== HIDDEN && b !== HIDDEN && a !== UNKNOWN && b !== UNKNOWN) {
      const bs = splitList(b);
      const as = splitList(a);
      out.push({ field, before: b, after: a, added: as.filter((d) => !bs.includes(d)), removed: bs.filter((d) => !as.includes(d)) });
    } else {
      out.push({ field, before: b, after: a });
    }
  }
  return out;
}

/** Friendly name of a resource that is not a tenant step. */
function otherKind(rc: Json, step: string | undefined): string {
  switch (step) {
    case 'prune':
      return 'fleet registry';
    case 'gateway-sync':
      return 'gateway configuration';
    case 'gateway-teardown':
      return 'gateway teardown record';
    default:
      return String(rc.type ?? 'resource');
  }
}

/**
 * Summarizes one shard's plan: the parsed JSON of `terraform show -json <planfile>`.
 * Pure: reads nothing but `plan`.
 */
export function summarizePlan(plan: Json, label: string): ShardSummary {
  if (!plan || typeof plan !== 'object' || typeof plan.format_version !== 'string' || (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes))) {
    throw new DocumentError(`${label}: not the JSON of a saved plan; make it with \`terraform plan -out=tfplan\` and \`terraform show -json tfplan > plan.json\``);
  }
  const commands = provisionerCommands(plan);
  const tenants = new Map<string, TenantChange>();
  const teardownChanges = new Map<string, { address: string; action: string; hidden: boolean }>();
  const others = new Map<string, number>();
  let unchanged = 0;
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const change = rc.change ?? {};
    const action = actionOf(change.actions);
    const step = stepOf(rc, commands);
    if (step === 'converge') {
      if (action === 'no-op') {
        unchanged++;
        continue;
      }
      const before = linesToFields(triggerLines(change.before, change.before_sensitive, undefined)?.slice(1) ?? []);
      const after = linesToFields(triggerLines(change.after, change.after_sensitive, change.after_unknown)?.slice(1) ?? []);
      const { key, ...who } = identity(action === 'delete' ? before : after, rc.address);
      if (action === 'create') {
        tenants.set(key, { ...who, action: 'add', summary: after, changes: [] });
      } else if (action === 'delete') {
        tenants.set(key, { ...who, action: 'teardown', summary: before, changes: [] });
      } else {
        const changes = fieldChanges(before, after);
        const retiring = /, retired$/.test(after.profile ?? '') && !/, retired$/.test(before.profile ?? '');
        tenants.set(key, { ...who, action: retiring ? 'retire' : 'change', summary: after, changes });
      }
      continue;
    }
    if (step === 'teardown') {
      if (action === 'no-op') continue;
      const trigger = action === 'delete' ? change.before?.triggers_replace : change.after?.triggers_replace;
      const hidden = containsSensitive(markAt(action === 'delete' ? change.before_sensitive : change.after_sensitive, 'triggers_replace'));
      const known = !hidden && typeof trigger === 'string';
      teardownChanges.set(known ? trigger.toLowerCase() : rc.address, { address: rc.address, action, hidden: !known });
      continue;
    }
    if (action === 'no-op' || action === 'read') continue;
    const kind = otherKind(rc, step);
    others.set(`${kind}\u0000${action}`, (others.get(`${kind}\u0000${action}`) ?? 0) + 1);
  }
  // A Teardown step that changes while its Converge does not: the tenant's access or organization changed.
  for (const [key, t] of teardownChanges) {
    if (tenants.has(key)) continue;
    const name = /([A-Za-z0-9-]+)_Teardown_[0-9A-F]+$/.exec(t.address)?.[1] ?? t.address;
    tenants.set(key, { name, tenantId: t.hidden ? HIDDEN : key, action: 'change', summary: {}, changes: [{ field: 'teardown record', before: undefined, after: `${t.action} (access or organization changed)` }] });
  }
  const order: TenantAction[] = ['add', 'change', 'retire', 'teardown', 'move-in', 'move-out'];
  return {
    label,
    tenants: [...tenants.values()].sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action) || a.name.localeCompare(b.name)),
    unchanged,
    others: [...others].map(([k, count]) => ({ kind: k.split('\u0000')[0], action: k.split('\u0000')[1], count })).sort((a, b) => a.kind.localeCompare(b.kind) || a.action.localeCompare(b.action)),
    errored: plan.errored === true,
  };
}

/** A tenant torn down in one shard and added in another of the same summary moved between shards: nothing is torn down. */
export function markMoves(shards: ShardSummary[]): void {
  for (const from of shards) {
    for (const t of from.tenants) {
      if (t.action !== 'teardown') continue;
      for (const to of shards) {
        const added = to === from ? undefined : to.tenants.find((u) => u.action === 'add' && u.tenantId.toLowerCase() === t.tenantId.toLowerCase());
        if (!added) continue;
        t.action = 'move-out';
        t.otherShard = to.label;
        added.action = 'move-in';
        added.otherShard = from.label;
        break;
      }
    }
  }
}

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

/** Parsed arguments of `exo-gateway plan-summary`. */
export interface PlanSummaryArguments {
  readonly inputs: { file: string; label?: string }[];
  readonly json: boolean;
  readonly maxChars: number;
  readonly title?: string;
}

const USAGE = 'usage: exo-gateway plan-summary [--json] [--max-chars <n>] [--title <text>] [--label <shard>] <plan.json> [[--label <shard>] <plan.json>]...';

/** `--label` names the next file; without it a file is named by its name (or, for plan.json / tfplan.json, its folder). */
export function parsePlanSummaryArguments(args: string[]): PlanSummaryArguments {
  const inputs: { file: string; label?: string }[] = [];
  let json = false;
  let maxChars = DEFAULT_MAX_CHARS;
  let title: string | undefined;
  let label: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new DocumentError(`plan-summary: ${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--label') label = value();
    else if (a === '--title') title = value();
    else if (a === '--max-chars') {
      const v = value();
      maxChars = Number(v);
      if (!Number.isInteger(maxChars) || maxChars < 1000) throw new DocumentError(`plan-summary: --max-chars '${v}' is not a whole number of at least 1000\n${USAGE}`);
    } else if (a.startsWith('--')) throw new DocumentError(`plan-summary: unknown option '${a}'\n${USAGE}`);
    else {
      inputs.push({ file: a, label });
      label = undefined;
    }
  }
  if (label !== undefined) throw new DocumentError(`plan-summary: --label ${label} names no file; put it before the plan file it names\n${USAGE}`);
  if (inputs.length === 0) throw new DocumentError(`plan-summary: no plan file given\n${USAGE}`);
  return { inputs, json, maxChars, title };
}

function defaultLabel(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, '');
  return /^(tf)?plan$/i.test(base) ? path.basename(path.dirname(path.resolve(file))) : base;
}

/** Reads the inputs: plan JSON files, or `--json` summaries (their shards are taken as they are). */
export function readPlanSummary(parsed: PlanSummaryArguments, read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): PlanSummary {
  const shards: ShardSummary[] = [];
  for (const input of parsed.inputs) {
    let text: string;
    try {
      text = read(input.file);
    } catch (e) {
      throw new DocumentError(`plan-summary: cannot read ${input.file}: ${(e as Error).message}`);
    }
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DocumentError(`plan-summary: ${input.file} is not JSON; pass the output of \`terraform show -json tfplan\`, not the saved plan itself`);
    }
    if (json?.schema === PLAN_SUMMARY_SCHEMA) {
      const loaded = json.shards as ShardSummary[];
      if (!Array.isArray(loaded) || !loaded.every((x) => typeof x?.label === 'string' && Array.isArray(x.tenants) && Array.isArray(x.others) && typeof x.unchanged === 'number')) {
        throw new DocumentError(`plan-summary: ${input.file} has the summary schema but not its shards; make it again with \`exo-gateway plan-summary --json\``);
      }
      shards.push(...(input.label !== undefined && loaded.length === 1 ? [{ ...loaded[0], label: input.label }] : loaded));
      continue;
    }
    shards.push(summarizePlan(json, input.label ?? defaultLabel(input.file)));
  }
  markMoves(shards);
  return { schema: PLAN_SUMMARY_SCHEMA, shards };
}

/** Runs `exo-gateway plan-summary`; returns the exit code. */
export function runPlanSummary(args: string[], write: (text: string) => void = (t) => process.stdout.write(t)): number {
  const parsed = parsePlanSummaryArguments(args);
  const summary = readPlanSummary(parsed);
  write(parsed.json ? JSON.stringify(summary, undefined, 2) + '\n' : renderPlanMarkdown(summary, { maxChars: parsed.maxChars, title: parsed.title }));
  return 0;
}
