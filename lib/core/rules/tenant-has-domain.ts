import { RuleDefinition } from '../findings';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

export const TenantHasDomain: RuleDefinition<ValidationContext> = {
  code: 'CBC008',
  level: 'error',
  title: 'A tenant routes at least one managed domain',
  explanation: 'Routing rules scoped to no domain would route nothing, or, edited by hand, everything; an empty tenant is almost always a forgotten addManagedDomain.',
  check: (ctx) =>
    activeTenants(ctx).flatMap((t) =>
      t.domains.length > 0 ? [] : [finding('CBC008', 'error', t.path, t.name, `tenant '${t.name}' has no managed domain`, "add one with tenant.addManagedDomain(id, { domain }) or new ManagedDomain(...); to remove the tenant's setup set retired: true")],
    ),
};
