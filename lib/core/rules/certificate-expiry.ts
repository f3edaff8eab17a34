import { daysUntil } from '../certificates';
import { Finding, RuleDefinition } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';
import { finding } from './helpers';

export const CertificateExpired: RuleDefinition<ValidationContext> = {
  code: 'CBC022',
  level: 'error',
  title: 'The certificate is valid now and does not expire within the error horizon (7 days)',
  explanation: 'An expired connector certificate makes Exchange Online reject or misattribute every message from the gateway (5.7.64); within a week there is no time left to roll a fix through the pipeline.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const c of checkedCertificates(ctx)) {
      const at = new Date(c.policy.at);
      const f = c.certificate.leaf;
      const days = daysUntil(f.notAfter, at);
      const who = c.role === 'tenant' ? `the CBC certificate of ${c.owner}` : 'the gateway TLS certificate';
      if (new Date(f.notBefore) > at) {
        out.push(finding('CBC022', 'error', c.path, f.notBefore, `${who} ${describeCertificate(f)} is not valid before ${f.notBefore.slice(0, 10)}`, 'use a certificate that is already valid'));
      } else if (days < 0) {
        out.push(finding('CBC022', 'error', c.path, f.notAfter, `${who} ${describeCertificate(f)} expired ${-days} day(s) ago (${f.notAfter.slice(0, 10)})`, 'renew the certificate and point the declaration at the new file'));
      } else if (days < c.policy.expiryErrorDays) {
        out.push(finding('CBC022', 'error', c.path, f.notAfter, `${who} ${describeCertificate(f)} expires in ${days} day(s) (${f.notAfter.slice(0, 10)}), within ${c.policy.expiryErrorDays} days`, 'renew the certificate now'));
      }
    }
    return out;
  },
};

export const CertificateExpiring: RuleDefinition<ValidationContext> = {
  code: 'CBC023',
  level: 'warning',
  title: 'The certificate does not expire within the warning horizon (default 30 days)',
  explanation: 'Renewing a connector certificate touches the gateway and every tenant that uses it; a month is the lead time a change window needs.',
  check: (ctx) =>
    checkedCertificates(ctx).flatMap((c) => {
      const f = c.certificate.leaf;
      const days = daysUntil(f.notAfter, new Date(c.policy.at));
      if (days < c.policy.expiryErrorDays || days >= c.policy.expiryWarningDays) return [];
      const who = c.role === 'tenant' ? `the CBC certificate of ${c.owner}` : 'the gateway TLS certificate';
      return [finding('CBC023', 'warning', c.path, f.notAfter, `${who} ${describeCertificate(f)} expires in ${days} day(s) (${f.notAfter.slice(0, 10)})`, 'plan the renewal; the same name keeps the connectors unchanged')];
    }),
};
