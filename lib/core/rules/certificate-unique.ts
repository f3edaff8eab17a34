import { certificateNames } from '../certificates';
import { defineRule } from '../findings';
import { namesOverlap } from '../names';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateUnique = defineRule<ValidationContext>(
  {
    code: 'CBC028',
    level: 'error',
    title: 'No two tenants present the same certificate or certificates with overlapping names',
    explanation: 'Exchange Online attributes by the certificate actually presented, not by the name declared here: the same certificate, or overlapping names, in two tenants sends one customer\'s mail into another\'s tenant.',
  },
  (ctx, report) => {
    const tenants = checkedCertificates(ctx).filter((c) => c.role === 'tenant');
    for (let i = 0; i < tenants.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = tenants[j];
        const b = tenants[i];
        const fa = a.certificate.leaf;
        const fb = b.certificate.leaf;
        if (fa.fingerprint === fb.fingerprint) {
          report(b.path, `${b.owner} uses the same certificate ${describeCertificate(fb)} as ${a.owner}`, 'issue a separate certificate for each tenant, named after one of its own domains', fb.fingerprint);
          continue;
        }
        const na = certificateNames(fa);
        const nb = certificateNames(fb);
        const overlap = nb.find((x) => na.some((y) => namesOverlap(x, y)));
        if (overlap) {
          report(b.path, `the certificate of ${b.owner} ${describeCertificate(fb)} and that of ${a.owner} ${describeCertificate(fa)} both cover '${overlap}'`, 'issue each tenant a certificate that names only its own domains', overlap);
        }
      }
    }
  },
);
