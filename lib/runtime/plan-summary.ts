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
import { DEFAULT_MAX_CHARS, Json, PLAN_SUMMARY_SCHEMA, PlanSummary, ShardSummary } from './plan-summary-model';
import { markMoves, summarizePlan } from './plan-summary-read';
import { renderPlanMarkdown } from './plan-summary-render';

export * from './plan-summary-model';
export { markMoves, summarizePlan } from './plan-summary-read';
export { cell, renderPlanMarkdown } from './plan-summary-render';
export type { RenderOptions } from './plan-summary-render';

/** Parsed arguments of `exo-gateway plan-summary`. */
export interface PlanSummaryArguments {
  readonly inputs: { file: string; label?: string }[];
  readonly json: boolean;
  readonly maxChars: number;
  readonly title?: string;
}

/** The usage line of `plan-summary` (also its `--help`). */
export const PLAN_SUMMARY_USAGE = 'usage: exo-gateway plan-summary [--json] [--max-chars <n>] [--title <text>] [--label <shard>] <plan.json> [[--label <shard>] <plan.json>]...';

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
      if (v === undefined) throw new DocumentError(`plan-summary: ${a} needs a value\n${PLAN_SUMMARY_USAGE}`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--label') label = value();
    else if (a === '--title') title = value();
    else if (a === '--max-chars') {
      const v = value();
      maxChars = Number(v);
      if (!Number.isInteger(maxChars) || maxChars < 1000) throw new DocumentError(`plan-summary: --max-chars '${v}' is not a whole number of at least 1000\n${PLAN_SUMMARY_USAGE}`);
    } else if (a.startsWith('--')) throw new DocumentError(`plan-summary: unknown option '${a}'\n${PLAN_SUMMARY_USAGE}`);
    else {
      // The same plan twice would list its shard twice (and its tenants as moved to themselves).
      const same = inputs.find((x) => path.resolve(x.file) === path.resolve(a));
      if (same) throw new DocumentError(`plan-summary: ${a} is given twice${same.file === a ? '' : ` (also as ${same.file})`}; give each shard's plan once\n${PLAN_SUMMARY_USAGE}`);
      inputs.push({ file: a, label });
      label = undefined;
    }
  }
  if (label !== undefined) throw new DocumentError(`plan-summary: --label ${label} names no file; put it before the plan file it names\n${PLAN_SUMMARY_USAGE}`);
  if (inputs.length === 0) throw new DocumentError(`plan-summary: no plan file given\n${PLAN_SUMMARY_USAGE}`);
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

