import { AppCertificateFacts, DirectoryAppModel } from '../fleet';
import { ValidationContext } from './context';

/** Each app declared with the azuread provider, once, however many tenants use it. */
export function declaredApps(ctx: ValidationContext): DirectoryAppModel[] {
  const apps = new Map<string, DirectoryAppModel>();
  for (const t of ctx.fleet.tenants) {
    const app = t.directoryAccess?.app;
    if (app && !apps.has(app.path)) apps.set(app.path, app);
  }
  return [...apps.values()];
}

/** `'file' ('subject', SHA-256 fingerprint)`, the way the app certificate rules name the file. */
export function describeAppCertificate(c: AppCertificateFacts): string {
  return `'${c.file}'${c.subject ? ` ('${c.subject}', SHA-256 ${c.fingerprint})` : ''}`;
}
