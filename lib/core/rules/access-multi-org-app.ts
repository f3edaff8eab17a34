import { defineRule } from '../findings';
import { ValidationContext } from './context';

export const MultiTenantAppAudience = defineRule<ValidationContext>(
  {
    code: 'CBC043',
    level: 'error',
    title: 'An app used in other tenants is declared for multiple organizations',
    explanation: 'A single-organization app has no service principal outside its own tenant: creating one, and with it the consent and the role, fails in every customer tenant at deploy time.',
  },
  (ctx, report) => {
    for (const t of ctx.fleet.tenants) {
      const a = t.directoryAccess;
      if (!a || a.kind !== 'multi-tenant-app') continue;
      if (a.app.signInAudience === 'AzureADMultipleOrgs') continue;
      if (a.app.tenantId.toLowerCase() === t.tenantId.toLowerCase()) continue;
      report(a.path, `tenant '${t.name}' uses the app ${a.app.path} of tenant ${a.app.tenantId}, whose sign-in audience is ${a.app.signInAudience}, not AzureADMultipleOrgs`, 'declare the app with signInAudience: SignInAudience.MULTIPLE_ORGS, or give this tenant its own app with ExchangeAccess.appPerTenant()', a.app.signInAudience);
    }
  },
);
