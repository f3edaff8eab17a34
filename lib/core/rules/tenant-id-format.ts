import { RuleDefinition } from '../findings';
import { isGuid } from '../names';
import { ValidationContext } from './context';
import { finding } from './helpers';

export const TenantIdFormat: RuleDefinition<ValidationContext> = {
  code: 'CBC006',
  level: 'error',
  title: 'The tenant id is an Entra tenant GUID',
  explanation: 'The apply step checks that it connected to this tenant id before changing anything; a malformed id would make every apply abort, or hide a mix-up of two customers.',
  check: (ctx) =>
    ctx.fleet.tenants.flatMap((t) =>
      isGuid(t.tenantId) ? [] : [finding('CBC006', 'error', t.path, t.tenantId, `tenantId '${t.tenantId}' of tenant '${t.name}' is not a GUID`, 'copy the Tenant ID (8-4-4-4-12 hex digits) from the Entra admin center overview of that customer')],
    ),
};
