import { daysUntil } from '../certificates';
import { defineRule } from '../findings';
import { checkedCertificates, describeCertificate, ValidationContext } from './certificate-context';

export const CertificateExpiring = defineRule<ValidationContext>(
  {
    code: 'CBC023',
    level: 'warning',
    title: 'The certificate does not expire within the warning horizon (default 30 days)',
    explanation: 'Renewing a connector certificate touches the gateway and every tenant that uses it; a month is the lead time a change window needs.',
  },
  (ctx, report) => {
    for (const c of checkedCertificates(ctx)) {
      const f = c.certificate.leaf;
      const days = daysUntil(f.notAfter, new Date(c.policy.at));
      if (days < c.policy.expiryErrorDays || days >= c.policy.expiryWarningDays) continue;
      const who = c.role === 'tenant' ? `the CBC certificate of ${c.owner}` : 'the gateway TLS certificate';
      report(c.path, `${who} ${describeCertificate(f)} expires in ${days} day(s) (${f.notAfter.slice(0, 10)})`, 'plan the renewal; the same name keeps the connectors unchanged', f.notAfter);
    }
  },
);
