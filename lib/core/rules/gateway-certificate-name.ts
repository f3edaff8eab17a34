import { defineRule } from '../findings';
import { nameCovers } from '../names';
import { dnsCertificateNameProblem, shownName } from '../idn';
import { ValidationContext } from './context';
import { namesDerivedByProduct } from './profile-aware';

export const GatewayCertificateName = defineRule<ValidationContext>(
  {
    code: 'CBC002',
    level: 'error',
    title: "The gateway's TLS certificate name covers the gateway FQDN",
    explanation: 'The outbound connector uses DomainValidation with this name; if it does not match the certificate the gateway shows for its FQDN, Exchange Online cannot deliver to the gateway and mail queues.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      if (namesDerivedByProduct(g)) continue; // the vendor's smart hosts and certificate (SEPPmail.cloud)
      const problem = dnsCertificateNameProblem(g.tlsCertificateName);
      if (problem) {
        report(g.path, `gateway tlsCertificateName '${shownName(g.tlsCertificateName)}' is not a valid certificate name: ${problem}`, 'use the CN or a SAN of the gateway certificate, a host name or *.domain', g.tlsCertificateName);
      } else if (!nameCovers(g.tlsCertificateName, g.fqdn)) {
        report(g.path, `gateway tlsCertificateName '${shownName(g.tlsCertificateName)}' does not cover the gateway fqdn '${shownName(g.fqdn)}' (a wildcard stands for exactly one label)`, `use '${shownName(g.fqdn)}' or a wildcard one level above it, '*.${g.fqdn.split('.').slice(1).join('.')}'`, g.tlsCertificateName);
      }
    }
  },
);
