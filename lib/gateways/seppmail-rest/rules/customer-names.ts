import type { TenantModel } from '../../../core/fleet';
import { defineRule } from '../../../core/findings';
import { ValidationContext } from '../../../core/rules/context';
import { tenantsOf } from '../../rules/tenants-of';
import { customerNameOf } from '../types';

export const SeppmailCustomerNames = defineRule<ValidationContext>(
  {
    code: 'CBC033',
    level: 'error',
    title: "The tenants of a SEPPmail REST deployment get distinct customer names (customerPrefix plus the tenant's construct id: letters, digits, '-', '_'; case ignored)",
    explanation: 'Each tenant is one customer on the appliance, found by name; two tenants on one name would share one customer, and the sync would move their managed domains between them on every run.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      if (!g.seppmailRest) continue;
      const seen = new Map<string, TenantModel>();
      for (const t of tenantsOf(ctx, g)) {
        const name = customerNameOf(g.seppmailRest.customerPrefix, t.name);
        if (!name) {
          report(t.path, `tenant '${t.name}' gives no SEPPmail customer name (no letter, digit, '-' or '_')`, 'use a construct id with letters or digits', t.name);
          continue;
        }
        const other = seen.get(name.toLowerCase());
        if (other) report(t.path, `tenants '${other.name}' and '${t.name}' of the gateway ${g.fqdn} both get the SEPPmail customer ${name}`, 'give the tenants construct ids that differ in more than case and punctuation', name);
        else seen.set(name.toLowerCase(), t);
      }
    }
  },
);
