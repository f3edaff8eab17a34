import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { formatFindingWithPlace } from './file-places';
import { onStackSynth } from './stack-aspect';
import { findingsFor } from './validation-aspect';

/**
 * Set this context key to `false` to keep `app.synth()` from printing the warning summary.
 */
export const PRINT_FINDINGS_CONTEXT = 'cdktf-exo-gateway:printFindings';

/** Context key the cdktf CLI sets on every synth it runs; the CLI prints warnings itself. */
const CLI_CONTEXT = 'cdktfRelativeModules';

const printed = new WeakSet<IConstruct>();

/**
 * Prints the fleet's warnings (CBC0xx findings of level warning) to stderr once per app, so
 * that `node main.js` shows what `cdktf synth` would list. Errors need no summary: they abort
 * synth with their message. Silent under the cdktf CLI, which prints the annotations itself.
 */
function printSummary(node: TerraformStack): void {
  const root = node.node.root;
  if (printed.has(root)) return;
  printed.add(root);
  if (node.node.tryGetContext(CLI_CONTEXT) !== undefined) return;
  const setting = node.node.tryGetContext(PRINT_FINDINGS_CONTEXT);
  if (setting === false || setting === 'false') return;
  const warnings = findingsFor(node).filter((f) => f.level === 'warning');
  if (warnings.length === 0) return;
  const lines = warnings.map((f) => `  warning ${formatFindingWithPlace(node, f)}`);
  process.stderr.write(`cdktf-exo-gateway: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (synth went on; every code is in docs/RULES.md):\n${lines.join('\n')}\n`);
}

/** Prints the summary at every synth of the stack of `scope`. */
export function ensureFindingsSummary(scope: IConstruct): void {
  onStackSynth(scope, 'summary', printSummary);
}
