import { defineRule } from '../findings';
import { declaredApps, describeAppCertificate as describe } from './access-apps';
import { ValidationContext } from './context';

const DAY_MS = 86_400_000;
/** Warn when the app certificate expires within this many days (rule CBC044). */
export const APP_CERTIFICATE_WARNING_DAYS = 30;

export const AppCertificateExpiring = defineRule<ValidationContext>(
  {
    code: 'CBC044',
    level: 'warning',
    title: `The app certificate is valid for at least ${APP_CERTIFICATE_WARNING_DAYS} more days`,
    explanation: 'When it expires, the apply step of every tenant using the app stops connecting at once; renewing needs a new certificate on the app and a new PFX on the runner.',
  },
  (ctx, report) => {
    for (const app of declaredApps(ctx)) {
      const c = app.certificate;
      if (c.problem || !c.validTo) continue;
      const days = (Date.parse(c.validTo) - Date.parse(c.checkedAt)) / DAY_MS;
      if (days > 0 && days < APP_CERTIFICATE_WARNING_DAYS) {
        report(app.path, `the app certificate ${describe(c)} expires in ${Math.floor(days)} day(s), on ${c.validTo.slice(0, 10)}`, 'renew it now: a new certificate for publicCertificateFile and the matching PFX on the runner', c.validTo);
      }
    }
  },
);
