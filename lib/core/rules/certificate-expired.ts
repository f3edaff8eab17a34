import { daysUntil } from '../certificates';
import { defineRule } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateExpired = defineRule<ValidationContext>(
  {
    code: 'CBC022',
    level: 'error',
    title: 'The certificate is valid now and does not expire within the error horizon (7 days)',
    explanation: 'An expired connector certificate makes Exchange Online reject or misattribute every message from the gateway (5.7.64); within a week there is no time left to roll a fix through the pipeline.',
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      const at = new Date(c.policy.at);
      const f = c.certificate.leaf;
      const days = daysUntil(f.notAfter, at);
      const who = c.role === 'tenant' ? `the CBC certificate of ${c.owner}` : 'the gateway TLS certificate';
      if (new Date(f.notBefore) > at) {
        report(c.path, `${who} ${describeCertificate(f)} is not valid before ${f.notBefore.slice(0, 10)}`, 'use a certificate that is already valid', f.notBefore);
      } else if (days < 0) {
        report(c.path, `${who} ${describeCertificate(f)} expired ${-days} day(s) ago (${f.notAfter.slice(0, 10)})`, 'renew the certificate and point the declaration at the new file', f.notAfter);
      } else if (days < c.policy.expiryErrorDays) {
        report(c.path, `${who} ${describeCertificate(f)} expires in ${days} day(s) (${f.notAfter.slice(0, 10)}), within ${c.policy.expiryErrorDays} days`, 'renew the certificate now', f.notAfter);
      }
    }
  },
);
