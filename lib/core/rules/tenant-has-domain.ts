import { defineRule } from '../findings';
import { activeTenants, ValidationContext } from './context';

export const TenantHasDomain = defineRule<ValidationContext>(
  {
    code: 'CBC008',
    level: 'error',
    title: 'A tenant routes at least one managed domain',
    explanation: 'Routing rules scoped to no domain would route nothing, or, edited by hand, everything; an empty tenant is almost always a forgotten addManagedDomain.',
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      if (t.domains.length > 0) continue;
      report(t.path, `tenant '${t.name}' has no managed domain`, "add one with tenant.addManagedDomain(id, { domain }) or new ManagedDomain(...); to remove the tenant's setup set retired: true", t.name);
    }
  },
);
