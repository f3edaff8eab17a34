import { defineRule } from '../findings';
import { ValidationContext } from './context';

export const TenantIdUnique = defineRule<ValidationContext>(
  {
    code: 'CBC012',
    level: 'error',
    title: 'A customer tenant is declared once',
    explanation: 'Two declarations of one tenant would fight over the same connectors on every apply, each removing what the other created.',
  },
  (ctx, report) => {
    const seen = new Map<string, string>();
    for (const t of ctx.fleet.tenants) {
      for (const key of [t.tenantId.toLowerCase(), t.initialDomain.toLowerCase()]) {
        const first = seen.get(key);
        if (first !== undefined && first !== t.path) {
          report(t.path, `tenant '${t.name}' uses '${key}', which is already declared at ${first}`, 'declare each customer tenant once; put all its domains into that one TenantGateway', key);
        } else {
          seen.set(key, t.path);
        }
      }
    }
  },
);
