import { RuleDefinition, Finding } from '../findings';
import { dnsCertificateNameProblem, dnsHostNameProblem, shownName } from '../idn';
import { ValidationContext } from './context';
import { finding } from './helpers';

export const DomainNameFormat: RuleDefinition<ValidationContext> = {
  code: 'CBC007',
  level: 'error',
  title: 'Domain and certificate names are well-formed',
  explanation: 'Exchange Online refuses malformed domains and embedded wildcards in SenderDomains, RecipientDomainIs and TlsSenderCertificateName, which would fail the apply half way.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const t of ctx.fleet.tenants) {
      const certProblem = dnsCertificateNameProblem(t.cbcCertificateName);
      if (certProblem) {
        out.push(finding('CBC007', 'error', t.path, t.cbcCertificateName, `cbcCertificateName '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' is malformed: ${certProblem}`, 'use the CN or a SAN of the tenant certificate: a host name or *.domain'));
      }
      const initialProblem = dnsHostNameProblem(t.initialDomain);
      if (initialProblem) {
        out.push(finding('CBC007', 'error', t.path, t.initialDomain, `initialDomain '${shownName(t.initialDomain)}' of tenant '${t.name}' is malformed: ${initialProblem}`, 'use the tenant domain ending in .onmicrosoft.com'));
      }
      for (const d of t.domains) {
        const problem = dnsHostNameProblem(d.domain);
        if (problem) {
          out.push(finding('CBC007', 'error', d.path, d.domain, `managed domain '${shownName(d.domain)}' is malformed: ${problem}`, 'use the accepted domain name exactly as it appears in Exchange Online, e.g. contoso.com'));
        }
      }
    }
    return out;
  },
};
