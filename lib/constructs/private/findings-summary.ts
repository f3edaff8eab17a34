import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { formatFindingWithPlace } from './file-places';
import { onStackSynth } from './stack-aspect';
import { dispositionOf, findingsFor } from './validation-aspect';

/**
 * Set this context key to `false` to keep `app.synth()` from printing the warning summary.
 */
export const PRINT_FINDINGS_CONTEXT = 'cdktf-exo-gateway:printFindings';

/** Context key the cdktf CLI sets on every synth it runs; the CLI prints warnings itself. */
const CLI_CONTEXT = 'cdktfRelativeModules';

const printed = new WeakSet<IConstruct>();

/**
 * Prints the fleet's warnings (CBC0xx findings of level warning, not suppressed) to stderr once
 * per app, so that `node main.js` shows what `cdktf synth` would list. Errors need no summary:
 * they abort synth with their message, unless CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS lets
 * synth go on, and then they are printed too. Silent under the cdktf CLI, which prints the
 * annotations itself.
 */
function printSummary(node: TerraformStack): void {
  const root = node.node.root;
  if (printed.has(root)) return;
  printed.add(root);
  if (node.node.tryGetContext(CLI_CONTEXT) !== undefined) return;
  const setting = node.node.tryGetContext(PRINT_FINDINGS_CONTEXT);
  if (setting === false || setting === 'false') return;
  const findings = findingsFor(node);
  if (findings.length === 0) return;
  const byPath = new Map(root.node.findAll().map((c) => [c.node.path, c] as const));
  const shown = { error: [] as string[], warning: [] as string[] };
  for (const f of findings) {
    const target = byPath.get(f.path);
    const as = target ? dispositionOf(f, target).as : f.level;
    if (as === 'warning' || (as === 'error' && goesOnPastErrors())) shown[as].push(`  ${as} ${formatFindingWithPlace(node, f)}`);
  }
  const [errors, warnings] = [shown.error.length, shown.warning.length];
  if (errors + warnings === 0) return;
  const what = errors > 0 ? `${errors} error(s) and ${warnings} warning(s) (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set, so synth went on; a stack with errors gets no tenant documents and its converge steps refuse to run)` : `${warnings} warning${warnings === 1 ? '' : 's'} (synth went on)`;
  process.stderr.write(`cdktf-exo-gateway: ${what}; every code is in docs/RULES.md:\n${[...shown.error, ...shown.warning].join('\n')}\n`);
}

/** cdktf's own switch to go on past error annotations (TerraformStack reads it the same way). */
function goesOnPastErrors(): boolean {
  return process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

/** Prints the summary at every synth of the stack of `scope`. */
export function ensureFindingsSummary(scope: IConstruct): void {
  onStackSynth(scope, 'summary', printSummary);
}
