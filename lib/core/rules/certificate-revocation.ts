import { defineRule } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateRevocation = defineRule<ValidationContext>(
  {
    code: 'CBC026',
    level: 'error',
    title: 'Revocation is checkable: a CRL distribution point or an OCSP URL is present',
    explanation: 'Exchange Online and SEPPmail require the revocation status to be checkable; a certificate without CRL or OCSP information fails validation and mail is not delivered.',
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      const f = c.certificate.leaf;
      if (c.certificate.chainStatus === 'self-signed' || f.crlUrls.length || f.ocspUrls.length) continue;
      report(c.path, `the certificate of ${c.owner} ${describeCertificate(f)} has neither a CRL distribution point nor an OCSP URL`, 'use a certificate from a CA that publishes CRL or OCSP information in its certificates', f.fingerprint);
    }
  },
);
