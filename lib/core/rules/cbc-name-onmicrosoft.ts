import { RuleDefinition } from '../findings';
import { isInDomain } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';
import { namesDerivedByProduct } from './profile-aware';

export const CbcNameOnMicrosoft: RuleDefinition<ValidationContext> = {
  code: 'CBC014',
  level: 'error',
  title: 'The CBC certificate name is not under onmicrosoft.com',
  explanation: 'No public CA issues certificates for onmicrosoft.com names, and Exchange Online requires a publicly trusted certificate for attribution, so mail would be rejected with 5.7.64.',
  check: (ctx) =>
    activeTenants(ctx).flatMap((t) =>
      !namesDerivedByProduct(t.gateway) && isInDomain(t.cbcCertificateName, 'onmicrosoft.com')
        ? [finding('CBC014', 'error', t.path, t.cbcCertificateName, `certificate name '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' is an onmicrosoft.com name`, "use a certificate for one of the tenant's own verified domains")]
        : [],
    ),
};
