import { Finding, RuleDefinition } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';
import { finding } from './helpers';

export const CertificateSelfSigned: RuleDefinition<ValidationContext> = {
  code: 'CBC024',
  level: 'error',
  title: 'The certificate is issued by a CA, not self-signed',
  explanation: 'Exchange Online attributes mail only for certificates from a publicly trusted CA; a self-signed one is treated as anonymous or rejected with 5.7.64.',
  check: (ctx) =>
    checkedCertificates(ctx).flatMap((c) =>
      c.certificate.chainStatus === 'self-signed'
        ? [finding('CBC024', 'error', c.path, c.certificate.leaf.fingerprint, `the certificate of ${c.owner} ${describeCertificate(c.certificate.leaf)} is self-signed`, 'use a certificate issued by a public CA')]
        : [],
    ),
};

export const CertificateChainComplete: RuleDefinition<ValidationContext> = {
  code: 'CBC025',
  level: 'error',
  title: 'The chain is complete from the leaf to a trusted root, every link signed and in date',
  explanation: 'A gateway that presents its certificate without the intermediates makes Exchange Online fail the chain: mail is rejected with 550 5.7.64 TenantAttribution (KB 3212877).',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const c of checkedCertificates(ctx)) {
      const s = c.certificate.chainStatus;
      if (s === 'complete' || s === 'self-signed') continue;
      const fix =
        s === 'missing-intermediate'
          ? 'append the intermediate certificate(s) to the PEM file after the leaf (or include them in the PFX), so the gateway sends the full chain'
          : s === 'untrusted-root'
            ? 'use a certificate from a publicly trusted CA, or add your root with trustedRootsPemFile if it is trusted where mail is received'
            : 'replace the broken or expired chain certificate with the CA\'s current one';
      out.push(finding('CBC025', 'error', c.path, c.certificate.leaf.fingerprint, `the chain of ${c.owner} ${describeCertificate(c.certificate.leaf)} is not complete: ${c.certificate.chainDetail}`, fix));
    }
    return out;
  },
};

export const CertificateRevocation: RuleDefinition<ValidationContext> = {
  code: 'CBC026',
  level: 'error',
  title: 'Revocation is checkable: a CRL distribution point or an OCSP URL is present',
  explanation: 'Exchange Online and SEPPmail require the revocation status to be checkable; a certificate without CRL or OCSP information fails validation and mail is not delivered.',
  check: (ctx) =>
    checkedCertificates(ctx).flatMap((c) => {
      const f = c.certificate.leaf;
      if (c.certificate.chainStatus === 'self-signed' || f.crlUrls.length || f.ocspUrls.length) return [];
      return [finding('CBC026', 'error', c.path, f.fingerprint, `the certificate of ${c.owner} ${describeCertificate(f)} has neither a CRL distribution point nor an OCSP URL`, 'use a certificate from a CA that publishes CRL or OCSP information in its certificates')];
    }),
};
