import { defineRule } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateSelfSigned = defineRule<ValidationContext>(
  {
    code: 'CBC024',
    level: 'error',
    title: 'The certificate is issued by a CA, not self-signed',
    explanation: 'Exchange Online attributes mail only for certificates from a publicly trusted CA; a self-signed one is treated as anonymous or rejected with 5.7.64.',
    suppressible: true, // a lab fleet against the simulator, never mail of a real tenant
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      if (c.certificate.chainStatus !== 'self-signed') continue;
      report(c.path, `the certificate of ${c.owner} ${describeCertificate(c.certificate.leaf)} is self-signed`, 'use a certificate issued by a public CA', c.certificate.leaf.fingerprint);
    }
  },
);
