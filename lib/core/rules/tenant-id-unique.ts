import { RuleDefinition, Finding } from '../findings';
import { ValidationContext } from './context';
import { finding } from './helpers';

export const TenantIdUnique: RuleDefinition<ValidationContext> = {
  code: 'CBC012',
  level: 'error',
  title: 'A customer tenant is declared once',
  explanation: 'Two declarations of one tenant would fight over the same connectors on every apply, each removing what the other created.',
  check: (ctx) => {
    const seen = new Map<string, string>();
    const out: Finding[] = [];
    for (const t of ctx.fleet.tenants) {
      for (const key of [t.tenantId.toLowerCase(), t.initialDomain.toLowerCase()]) {
        const first = seen.get(key);
        if (first !== undefined && first !== t.path) {
          out.push(finding('CBC012', 'error', t.path, key, `tenant '${t.name}' uses '${key}', which is already declared at ${first}`, 'declare each customer tenant once; put all its domains into that one TenantGateway'));
        } else {
          seen.set(key, t.path);
        }
      }
    }
    return out;
  },
};
