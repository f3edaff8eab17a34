import type { TenantModel } from '../../core/fleet';
import { defineRule } from '../../core/findings';
import { ValidationContext } from '../../core/rules/context';
import { sanitiseTenantName } from '../document';
import { tenantsOf } from './tenants-of';

export const DistinctTransportNames = defineRule<ValidationContext>(
  {
    code: 'CBC031',
    level: 'error',
    title: "The tenants of a Postfix gateway have distinct transport names (t- plus the tenant's construct id in lower case, letters, digits and '-')",
    explanation: 'Each tenant gets its own Postfix transport and certificate folder by name; two tenants on one name would present one tenant certificate for the other tenant.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      if (g.product !== 'postfix') continue;
      const seen = new Map<string, TenantModel>();
      for (const t of tenantsOf(ctx, g)) {
        const name = sanitiseTenantName(t.name);
        if (!name) {
          report(t.path, `tenant '${t.name}' gives no Postfix transport name (no letter or digit)`, 'use a construct id with letters or digits', t.name);
          continue;
        }
        const other = seen.get(name);
        if (other) report(t.path, `tenants '${other.name}' and '${t.name}' of the gateway ${g.fqdn} both get the Postfix transport t-${name}`, 'give the tenants construct ids that differ in more than case and punctuation', `t-${name}`);
        else seen.set(name, t);
      }
    }
  },
);
