import { defineRule } from '../findings';
import { dnsCertificateNameProblem, dnsHostNameProblem, shownName } from '../idn';
import { ValidationContext } from './context';

export const DomainNameFormat = defineRule<ValidationContext>(
  {
    code: 'CBC007',
    level: 'error',
    title: 'Domain and certificate names are well-formed',
    explanation: 'Exchange Online refuses malformed domains and embedded wildcards in SenderDomains, RecipientDomainIs and TlsSenderCertificateName, which would fail the apply half way.',
  },
  (ctx, report) => {
    for (const t of ctx.fleet.tenants) {
      const certProblem = dnsCertificateNameProblem(t.cbcCertificateName);
      if (certProblem) {
        report(t.path, `cbcCertificateName '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' is malformed: ${certProblem}`, 'use the CN or a SAN of the tenant certificate: a host name or *.domain', t.cbcCertificateName);
      }
      const initialProblem = dnsHostNameProblem(t.initialDomain);
      if (initialProblem) {
        report(t.path, `initialDomain '${shownName(t.initialDomain)}' of tenant '${t.name}' is malformed: ${initialProblem}`, 'use the tenant domain ending in .onmicrosoft.com', t.initialDomain);
      }
      for (const d of t.domains) {
        const problem = dnsHostNameProblem(d.domain);
        if (problem) {
          report(d.path, `managed domain '${shownName(d.domain)}' is malformed: ${problem}`, 'use the accepted domain name exactly as it appears in Exchange Online, e.g. contoso.com', d.domain);
        }
      }
    }
  },
);
