import { certificateNames } from '../certificates';
import { RuleDefinition } from '../findings';
import { nameCovers } from '../names';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';
import { finding } from './helpers';

/** True when the certificate's CN or one of its DNS SANs covers `name` (RFC 6125 wildcards). */
function covers(names: string[], name: string): boolean {
  return names.some((n) => nameCovers(n, name));
}

export const CertificateCoversName: RuleDefinition<ValidationContext> = {
  code: 'CBC021',
  level: 'error',
  title: 'The certificate covers the declared name: the CBC name for a tenant, the FQDN for the gateway',
  explanation: "Exchange Online matches the inbound connector's TlsSenderCertificateName against the presented certificate, and validates the smart host's certificate against TlsDomain; a certificate that does not carry the name gives 550 5.7.64 TenantAttribution or undeliverable mail.",
  check: (ctx) =>
    checkedCertificates(ctx).flatMap((c) => {
      const facts = c.certificate.leaf;
      const names = [...new Set([...(facts.commonName ? [facts.commonName] : []), ...certificateNames(facts)])];
      const wanted = c.role === 'tenant' ? c.tenant!.cbcCertificateName : c.gateway.fqdn;
      if (covers(names, wanted)) return [];
      const what = c.role === 'tenant' ? `the CBC certificate of ${c.owner}` : `the gateway TLS certificate`;
      return [finding('CBC021', 'error', c.path, wanted, `${what} ${describeCertificate(facts)} does not cover '${wanted}'; it names ${names.join(', ') || 'nothing'}`, c.role === 'tenant' ? 'set cbcCertificateName to a name the certificate carries, or use the certificate issued for it' : 'use the certificate whose CN or SAN is the gateway FQDN (or a one-label wildcard above it)')];
    }),
};
