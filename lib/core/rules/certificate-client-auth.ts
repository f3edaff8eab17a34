import { OID_CLIENT_AUTH } from '../certificates';
import { RuleDefinition } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';
import { finding } from './helpers';

export const CertificateClientAuth: RuleDefinition<ValidationContext> = {
  code: 'CBC027',
  level: 'warning',
  title: 'The tenant certificate allows TLS client authentication (clientAuth EKU)',
  explanation: 'The gateway presents the tenant certificate as a TLS client; Postfix refuses a client certificate without clientAuth, and several public CAs stopped issuing clientAuth in server certificates in 2026-2027, so renewals silently lose it.',
  check: (ctx) =>
    checkedCertificates(ctx)
      .filter((c) => c.role === 'tenant')
      .flatMap((c) => {
        const eku = c.certificate.leaf.extendedKeyUsage;
        if (eku.length === 0 || eku.includes(OID_CLIENT_AUTH)) return [];
        const level = c.gateway.traits.requiresClientAuthCertificate ? 'error' : 'warning';
        return [finding('CBC027', level, c.path, eku.join(', '), `the CBC certificate of ${c.owner} ${describeCertificate(c.certificate.leaf)} lacks the clientAuth extended key usage`, 'order the certificate with clientAuth (TLS Web Client Authentication); several public CAs no longer include it by default')];
      }),
};
