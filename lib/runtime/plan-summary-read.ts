/**
 * Reading a `terraform show -json` plan into a shard summary: which tenants each Converge and
 * Teardown step adds, changes, retires or tears down, and every other resource counted by type
 * and action. Nothing marked sensitive is read (see ./plan-summary.ts).
 */
import { DocumentError } from './errors';
import { FieldChange, HIDDEN, Json, ShardSummary, TenantAction, TenantChange } from './plan-summary-model';

const HASH = /^[0-9a-f]{64}$/;
/** The summary lines after the hash, in order (lib/core/desired-state.ts tenantSummary). */
const FIELDS = ['tenant', 'domains', 'certificate', 'profile', 'objects'];
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

