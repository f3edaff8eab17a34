import { defineRule } from '../findings';
import { isInDomain } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';
import { namesDerivedByProduct } from './profile-aware';

export const CbcNameOnMicrosoft = defineRule<ValidationContext>(
  {
    code: 'CBC014',
    level: 'error',
    title: 'The CBC certificate name is not under onmicrosoft.com',
    explanation: 'No public CA issues certificates for onmicrosoft.com names, and Exchange Online requires a publicly trusted certificate for attribution, so mail would be rejected with 5.7.64.',
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      if (namesDerivedByProduct(t.gateway) || !isInDomain(t.cbcCertificateName, 'onmicrosoft.com')) continue;
      report(t.path, `certificate name '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' is an onmicrosoft.com name`, "use a certificate for one of the tenant's own verified domains", t.cbcCertificateName);
    }
  },
);
