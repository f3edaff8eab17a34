import { defineRule } from '../findings';
import { certificateNameProblem, isInDomain } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';
import { namesDerivedByProduct } from './profile-aware';

export const CbcNameTenantDomain = defineRule<ValidationContext>(
  {
    code: 'CBC005',
    level: 'error',
    title: "The CBC certificate name is one of the tenant's own domains",
    explanation: 'Exchange Online attributes certificate-authenticated mail only when the certificate domain is an accepted domain of that tenant (MC1226222); otherwise mail is rejected with 550 5.7.64 TenantAttribution or treated as anonymous.',
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      if (namesDerivedByProduct(t.gateway)) continue; // the vendor's name (CBC052, CBC056)
      const name = t.cbcCertificateName;
      if (certificateNameProblem(name)) continue; // CBC007 reports the syntax
      const domains = [t.initialDomain, ...t.domains.map((d) => d.domain)];
      if (domains.some((d) => isInDomain(name, d))) continue;
      report(t.path, `certificate name '${shownName(name)}' of tenant '${t.name}' is not within any of its domains (${domains.map(shownName).join(', ')})`, "use a certificate issued for one of the tenant's managed domains (usually its default domain), or add that domain with addManagedDomain", name);
    }
  },
);
