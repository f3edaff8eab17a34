import { defineRule } from '../findings';
import { declaredApps, describeAppCertificate as describe } from './access-apps';
import { ValidationContext } from './context';

export const AppCertificatePublic = defineRule<ValidationContext>(
  {
    code: 'CBC040',
    level: 'error',
    title: 'The app certificate file is a public X.509 certificate and holds no private key',
    explanation: 'The file is uploaded to the app registration and written into the Terraform configuration and state: a private key there would leak the credential that runs Exchange Online in every tenant.',
  },
  (ctx, report) => {
    for (const app of declaredApps(ctx)) {
      const c = app.certificate;
      if (c.problem === 'private-key') {
        report(app.path, `the app certificate file ${describe(c)} holds ${c.detail ?? 'a private key'}`, 'export only the public certificate (e.g. `openssl x509 -in app.pem -out app.cer`), keep the key in the runner\'s PFX, and rotate the key if the file was ever committed', c.file);
      } else if (c.problem === 'unreadable') {
        report(app.path, `the app certificate file ${describe(c)} cannot be read: ${c.detail}`, 'give the path of the public certificate (PEM or DER .cer), relative to the cdktf app folder or absolute', c.file);
      } else if (c.problem === 'not-a-certificate') {
        report(app.path, `the app certificate file ${describe(c)} is not an X.509 certificate: ${c.detail}`, 'give the public certificate (PEM "BEGIN CERTIFICATE" or DER .cer), not the PFX', c.file);
      }
    }
  },
);
