import { defineRule } from '../../../core/findings';
import { ValidationContext } from '../../../core/rules/context';
import { tenantsOf } from '../../rules/tenants-of';
import { DOMAIN_NAME_PATTERN } from '../types';

export const SeppmailDomainNames = defineRule<ValidationContext>(
  {
    code: 'CBC034',
    level: 'error',
    title: 'The managed domains of a SEPPmail REST deployment match the API\'s domain name pattern (labels of letters, digits and \'-\'; a top-level label of 2 to 6 letters)',
    explanation: 'The appliance API (1.0.3) refuses other names, so the sync would stop half way; such a domain must be set up in the appliance GUI.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      if (!g.seppmailRest) continue;
      for (const t of tenantsOf(ctx, g)) {
        for (const d of t.domains) {
          if (DOMAIN_NAME_PATTERN.test(d.domain.replace(/\.$/, ''))) continue;
          report(d.path, `managed domain '${d.domain}' of tenant '${t.name}' does not match the SEPPmail API's domain name pattern (top-level label of 2 to 6 letters)`, 'route this domain through a gateway without the REST deployment, or create it in the appliance GUI', d.domain);
        }
      }
    }
  },
);
