import { defineRule } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateChainComplete = defineRule<ValidationContext>(
  {
    code: 'CBC025',
    level: 'error',
    title: 'The chain is complete from the leaf to a trusted root, every link signed and in date',
    explanation: 'A gateway that presents its certificate without the intermediates makes Exchange Online fail the chain: mail is rejected with 550 5.7.64 TenantAttribution (KB 3212877).',
    suppressible: true, // the gateway may send a chain it holds itself, not the file given here
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      const s = c.certificate.chainStatus;
      if (s === 'complete' || s === 'self-signed') continue;
      const fix =
        s === 'missing-intermediate'
          ? 'append the intermediate certificate(s) to the PEM file after the leaf (or include them in the PFX), so the gateway sends the full chain'
          : s === 'untrusted-root'
            ? 'use a certificate from a publicly trusted CA, or add your root with trustedRootsPemFile if it is trusted where mail is received'
            : 'replace the broken or expired chain certificate with the CA\'s current one';
      report(c.path, `the chain of ${c.owner} ${describeCertificate(c.certificate.leaf)} is not complete: ${c.certificate.chainDetail}`, fix, c.certificate.leaf.fingerprint);
    }
  },
);
