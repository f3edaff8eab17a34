import { certificateNames } from '../certificates';
import { defineRule } from '../findings';
import { nameCovers } from '../names';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

/** True when the certificate's CN or one of its DNS SANs covers `name` (RFC 6125 wildcards). */
function covers(names: string[], name: string): boolean {
  return names.some((n) => nameCovers(n, name));
}

export const CertificateCoversName = defineRule<ValidationContext>(
  {
    code: 'CBC021',
    level: 'error',
    title: 'The certificate covers the declared name: the CBC name for a tenant, the FQDN for the gateway',
    explanation: "Exchange Online matches the inbound connector's TlsSenderCertificateName against the presented certificate, and validates the smart host's certificate against TlsDomain; a certificate that does not carry the name gives 550 5.7.64 TenantAttribution or undeliverable mail.",
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      const facts = c.certificate.leaf;
      const names = [...new Set([...(facts.commonName ? [facts.commonName] : []), ...certificateNames(facts)])];
      const wanted = c.role === 'tenant' ? c.tenant!.cbcCertificateName : c.gateway.fqdn;
      if (covers(names, wanted)) continue;
      const what = c.role === 'tenant' ? `the CBC certificate of ${c.owner}` : `the gateway TLS certificate`;
      report(c.path, `${what} ${describeCertificate(facts)} does not cover '${wanted}'; it names ${names.join(', ') || 'nothing'}`, c.role === 'tenant' ? 'set cbcCertificateName to a name the certificate carries, or use the certificate issued for it' : 'use the certificate whose CN or SAN is the gateway FQDN (or a one-label wildcard above it)', wanted);
    }
  },
);
