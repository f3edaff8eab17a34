/**
 * Renders docs/RULES.md from the registry (lib/rules) and the error catalogue (lib/core/errors.ts).
 * Written by `npm run docs` (scripts/gen-docs.js); test/docs.test.ts fails when the committed file
 * differs from what this renders.
 */
import { ERROR_CATALOGUE } from '../lib/core/errors';
import { RULE_REGISTRY } from '../lib/rules';

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function suppressible(level: string, allowed: boolean | undefined): string {
  if (level === 'warning') return 'yes';
  return allowed ? 'yes, with a reason' : 'no';
}

export function renderRulesDoc(): string {
  const lines = [
    '# Validation codes and errors',
    '',
    '<!-- Generated from lib/rules (the rule registry) and lib/core/errors.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every finding names the code, the construct path, the offending value and the fix, e.g.',
    "`CBC004: certificate name 'seppmail.contoso.com' of tenant 'Fabrikam' is also used by 'seppmail.contoso.com' of tenant 'Contoso' (value: seppmail.contoso.com). Fix: give each tenant its own certificate, named after one of its own domains [msp/Fabrikam]`.",
    'Errors abort synth (all findings of a synth are listed at once); warnings are cdktf annotations.',
    '',
    '## Suppressing a finding',
    '',
    'A finding you have judged harmless is suppressed on the construct, or on any scope above it, with',
    'a reason of at least 10 characters. It then no longer fails or warns, and is echoed as an info',
    'annotation naming the reason. Warnings may always be suppressed; an error only where the table',
    'says so. Unknown codes are refused.',
    '',
    '```ts',
    "Suppressions.add(tenant, [{ code: 'CBC013', reason: 'the vendor issues only wildcard certificates for this customer' }]);",
    '```',
    '',
    '## Codes',
    '',
    '| code | level | may be suppressed | rule | why it matters |',
    '|---|---|---|---|---|',
    ...RULE_REGISTRY.map((r) => `| ${r.code} | ${r.level} | ${suppressible(r.level, r.suppressible)} | ${cell(r.title)} | ${cell(r.explanation)} |`),
    '',
    '## Errors',
    '',
    'Input refused where it is given (a construct prop, a factory option, an environment variable),',
    'failures at apply time, and internal errors throw an error whose message starts with its id, e.g.',
    "`EXG006: TenantGateway at msp/Contoso already has the CbcConnector msp/Contoso/Connector; ...`.",
    'The message says what is wrong, where, and how to fix it.',
    '',
    '| id | meaning |',
    '|---|---|',
    ...ERROR_CATALOGUE.map((e) => `| ${e.id} | ${cell(e.title)} |`),
    '',
  ];
  return lines.join('\n');
}
