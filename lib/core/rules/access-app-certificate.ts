import { AppCertificateFacts, DirectoryAppModel } from '../fleet';
import { Finding, RuleDefinition } from '../findings';
import { ValidationContext } from './context';
import { finding } from './helpers';

const DAY_MS = 86_400_000;
/** Warn when the app certificate expires within this many days (rule CBC044). */
export const APP_CERTIFICATE_WARNING_DAYS = 30;

/** Each app declared with the azuread provider, once, however many tenants use it. */
export function declaredApps(ctx: ValidationContext): DirectoryAppModel[] {
  const apps = new Map<string, DirectoryAppModel>();
  for (const t of ctx.fleet.tenants) {
    const app = t.directoryAccess?.app;
    if (app && !apps.has(app.path)) apps.set(app.path, app);
  }
  return [...apps.values()];
}

function describe(c: AppCertificateFacts): string {
  return `'${c.file}'${c.subject ? ` ('${c.subject}', SHA-256 ${c.fingerprint})` : ''}`;
}

export const AppCertificatePublic: RuleDefinition<ValidationContext> = {
  code: 'CBC040',
  level: 'error',
  title: 'The app certificate file is a public X.509 certificate and holds no private key',
  explanation: 'The file is uploaded to the app registration and written into the Terraform configuration and state: a private key there would leak the credential that runs Exchange Online in every tenant.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const app of declaredApps(ctx)) {
      const c = app.certificate;
      if (c.problem === 'private-key') {
        out.push(finding('CBC040', 'error', app.path, c.file, `the app certificate file ${describe(c)} holds ${c.detail ?? 'a private key'}`, 'export only the public certificate (e.g. `openssl x509 -in app.pem -out app.cer`), keep the key in the runner\'s PFX, and rotate the key if the file was ever committed'));
      } else if (c.problem === 'unreadable') {
        out.push(finding('CBC040', 'error', app.path, c.file, `the app certificate file ${describe(c)} cannot be read: ${c.detail}`, 'give the path of the public certificate (PEM or DER .cer), relative to the cdktf app folder or absolute'));
      } else if (c.problem === 'not-a-certificate') {
        out.push(finding('CBC040', 'error', app.path, c.file, `the app certificate file ${describe(c)} is not an X.509 certificate: ${c.detail}`, 'give the public certificate (PEM "BEGIN CERTIFICATE" or DER .cer), not the PFX'));
      }
    }
    return out;
  },
};

export const AppCertificateValid: RuleDefinition<ValidationContext> = {
  code: 'CBC041',
  level: 'error',
  title: 'The app certificate is valid now',
  explanation: 'Entra refuses an expired credential and Exchange Online refuses tokens signed with it: the apply step of every tenant using the app would fail to connect.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const app of declaredApps(ctx)) {
      const c = app.certificate;
      if (c.problem || !c.validTo || !c.validFrom) continue;
      const at = Date.parse(c.checkedAt);
      if (Date.parse(c.validTo) <= at) {
        out.push(finding('CBC041', 'error', app.path, c.validTo, `the app certificate ${describe(c)} expired on ${c.validTo.slice(0, 10)}`, 'create a new key pair and certificate, point publicCertificateFile at the new .cer and give the runner the new PFX'));
      } else if (Date.parse(c.validFrom) > at) {
        out.push(finding('CBC041', 'error', app.path, c.validFrom, `the app certificate ${describe(c)} is not valid before ${c.validFrom.slice(0, 10)}`, 'use a certificate that is already valid (check the clock of the machine that made it)'));
      }
    }
    return out;
  },
};

export const AppCertificateExpiring: RuleDefinition<ValidationContext> = {
  code: 'CBC044',
  level: 'warning',
  title: `The app certificate is valid for at least ${APP_CERTIFICATE_WARNING_DAYS} more days`,
  explanation: 'When it expires, the apply step of every tenant using the app stops connecting at once; renewing needs a new certificate on the app and a new PFX on the runner.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const app of declaredApps(ctx)) {
      const c = app.certificate;
      if (c.problem || !c.validTo) continue;
      const days = (Date.parse(c.validTo) - Date.parse(c.checkedAt)) / DAY_MS;
      if (days > 0 && days < APP_CERTIFICATE_WARNING_DAYS) {
        out.push(finding('CBC044', 'warning', app.path, c.validTo, `the app certificate ${describe(c)} expires in ${Math.floor(days)} day(s), on ${c.validTo.slice(0, 10)}`, 'renew it now: a new certificate for publicCertificateFile and the matching PFX on the runner'));
      }
    }
    return out;
  },
};
