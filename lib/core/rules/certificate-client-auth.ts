import { OID_CLIENT_AUTH } from '../certificates';
import { defineRule } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateClientAuth = defineRule<ValidationContext>(
  {
    code: 'CBC027',
    level: 'warning',
    title: 'The tenant certificate allows TLS client authentication (clientAuth EKU); an error where the gateway refuses a client certificate without it (Postfix)',
    explanation: 'The gateway presents the tenant certificate as a TLS client; Postfix refuses a client certificate without clientAuth, and several public CAs stopped issuing clientAuth in server certificates in 2026-2027, so renewals silently lose it.',
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      if (c.role !== 'tenant') continue;
      const eku = c.certificate.leaf.extendedKeyUsage;
      if (eku.length === 0 || eku.includes(OID_CLIENT_AUTH)) continue;
      const level = c.gateway.traits.requiresClientAuthCertificate ? 'error' : 'warning';
      report(c.path, `the CBC certificate of ${c.owner} ${describeCertificate(c.certificate.leaf)} lacks the clientAuth extended key usage`, 'order the certificate with clientAuth (TLS Web Client Authentication); several public CAs no longer include it by default', eku.join(', '), level);
    }
  },
);
