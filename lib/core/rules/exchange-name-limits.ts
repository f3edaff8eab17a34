import { defineRule } from '../findings';
import { activeTenants, ValidationContext } from './context';

/** Exchange Online limits (cmdlet reference; shared reference exchange-online.md §1.5 item 9). */
export const MAX_NAME_LENGTH = 64;
export const MAX_RULE_COMMENTS_LENGTH = 1024;

export const ExchangeNameLimits = defineRule<ValidationContext>(
  {
    code: 'CBC009',
    level: 'error',
    title: 'Connector and rule names fit Exchange Online limits',
    explanation:
      'Exchange Online refuses names over 64 characters and rule comments over 1024, and an empty name cannot be passed to a cmdlet at all; the apply would stop half way through a tenant. Names with control characters (a line break, a tab) are refused too: nothing documents how Exchange stores them, and they cannot be typed in the admin center.',
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      const path = t.connector?.path ?? t.path;
      for (const o of ctx.desiredObjects(t)) {
        if (o.name.trim() === '') {
          report(path, `the ${o.kind} name is empty`, 'give the name override (inboundConnectorName, outboundConnectorName or ruleNamePrefix) some text, or leave it out for the default', o.name);
        } else if (/[\u0000-\u001f\u007f]/.test(o.name)) {
          report(path, `${o.kind} name ${JSON.stringify(o.name)} contains a control character`, 'use printable characters only in the name override', o.name);
        }
        if (o.name.length > MAX_NAME_LENGTH) {
          report(path, `${o.kind} name '${o.name}' has ${o.name.length} characters; Exchange Online allows ${MAX_NAME_LENGTH}`, 'shorten the name override (inboundConnectorName, outboundConnectorName or ruleNamePrefix)', o.name);
        }
        const comments = o.parameters.Comments;
        if (typeof comments === 'string' && comments.length > MAX_RULE_COMMENTS_LENGTH) {
          report(path, `rule '${o.name}' has ${comments.length} characters of Comments; Exchange Online allows ${MAX_RULE_COMMENTS_LENGTH}`, 'shorten the comment', o.name);
        }
      }
    }
  },
);
