import { defineRule } from '../findings';
import { isGuid } from '../names';
import { ValidationContext } from './context';

export const TenantIdFormat = defineRule<ValidationContext>(
  {
    code: 'CBC006',
    level: 'error',
    title: 'The tenant id is an Entra tenant GUID',
    explanation: 'The apply step checks that it connected to this tenant id before changing anything; a malformed id would make every apply abort, or hide a mix-up of two customers.',
  },
  (ctx, report) => {
    for (const t of ctx.fleet.tenants) {
      if (isGuid(t.tenantId)) continue;
      report(t.path, `tenantId '${t.tenantId}' of tenant '${t.name}' is not a GUID`, 'copy the Tenant ID (8-4-4-4-12 hex digits) from the Entra admin center overview of that customer', t.tenantId);
    }
  },
);
