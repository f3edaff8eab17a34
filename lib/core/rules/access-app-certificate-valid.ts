import { defineRule } from '../findings';
import { declaredApps, describeAppCertificate as describe } from './access-apps';
import { ValidationContext } from './context';

export const AppCertificateValid = defineRule<ValidationContext>(
  {
    code: 'CBC041',
    level: 'error',
    title: 'The app certificate is valid now',
    explanation: 'Entra refuses an expired credential and Exchange Online refuses tokens signed with it: the apply step of every tenant using the app would fail to connect.',
  },
  (ctx, report) => {
    for (const app of declaredApps(ctx)) {
      const c = app.certificate;
      if (c.problem || !c.validTo || !c.validFrom) continue;
      const at = Date.parse(c.checkedAt);
      if (Date.parse(c.validTo) <= at) {
        report(app.path, `the app certificate ${describe(c)} expired on ${c.validTo.slice(0, 10)}`, 'create a new key pair and certificate, point publicCertificateFile at the new .cer and give the runner the new PFX', c.validTo);
      } else if (Date.parse(c.validFrom) > at) {
        report(app.path, `the app certificate ${describe(c)} is not valid before ${c.validFrom.slice(0, 10)}`, 'use a certificate that is already valid (check the clock of the machine that made it)', c.validFrom);
      }
    }
  },
);
