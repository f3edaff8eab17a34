import { DirectoryProviderModel } from '../fleet';
import { defineRule } from '../findings';
import { isGuid } from '../names';
import { declaredApps } from './access-apps';
import { ValidationContext } from './context';

/** A provider used for one tenant: whose it is and what it is used for. */
interface ProviderUse {
  readonly provider: DirectoryProviderModel;
  /** Path of the declaration that uses it. */
  readonly path: string;
  readonly tenantId: string;
  /** `tenant 'Contoso'` or `app 'msp/Automation'`. */
  readonly owner: string;
}

/** What is wrong with one use of a provider: the offending value and the message. */
function problemOf(u: ProviderUse): { value: string; message: string } | undefined {
  const p = u.provider;
  if (p.tenantIdUnresolved) {
    return { value: p.path, message: `the azuread provider ${p.path} used for ${u.owner} takes its tenant id from a Terraform expression, so synth cannot check it is tenant ${u.tenantId}` };
  }
  if (p.tenantId === undefined) {
    return { value: p.path, message: `the azuread provider ${p.path} used for ${u.owner} sets no tenant_id: it would act in whatever tenant ARM_TENANT_ID or the login names, not necessarily ${u.tenantId}` };
  }
  if (p.tenantId.toLowerCase() !== u.tenantId.toLowerCase()) {
    return { value: p.tenantId, message: `the azuread provider ${p.path} used for ${u.owner} is configured for tenant ${p.tenantId}, not ${u.tenantId}` };
  }
  return undefined;
}

export const DirectoryProviderTenant = defineRule<ValidationContext>(
  {
    code: 'CBC042',
    level: 'error',
    title: 'The azuread provider used for a tenant is configured for that tenant, and only for it',
    explanation: 'A provider of the wrong tenant would create the service principal, the consent and the Exchange Administrator role in another customer\'s directory, and leave this one without access.',
  },
  (ctx, report) => {
    const uses: ProviderUse[] = [];
    for (const app of declaredApps(ctx)) {
      if (!isGuid(app.tenantId)) {
        report(app.path, `the tenant id '${app.tenantId}' of app ${app.path} is not an Entra tenant GUID`, 'set tenantId to the Directory (tenant) ID of the tenant the app is registered in', app.tenantId);
        continue;
      }
      uses.push({ provider: app.directory, path: app.path, tenantId: app.tenantId, owner: `app ${app.path}` });
    }
    for (const t of ctx.fleet.tenants) {
      const a = t.directoryAccess;
      if (a) uses.push({ provider: a.directory, path: a.path, tenantId: t.tenantId, owner: `tenant '${t.name}'` });
    }
    const seen = new Set<string>();
    const tenantsByProvider = new Map<string, ProviderUse>();
    for (const u of uses) {
      const problem = problemOf(u);
      if (problem && !seen.has(`${u.path}|${problem.value}`)) {
        seen.add(`${u.path}|${problem.value}`);
        report(u.path, problem.message, `set tenantId: '${u.tenantId}' on that provider, pass the provider of tenant ${u.tenantId}, or use TenantDirectory.fromSettings() and let the library create one provider per tenant`, problem.value);
      }
      const other = tenantsByProvider.get(u.provider.path);
      if (other && other.tenantId.toLowerCase() !== u.tenantId.toLowerCase() && !problem) {
        report(u.path, `the azuread provider ${u.provider.path} is used for ${u.owner} (tenant ${u.tenantId}) and for ${other.owner} (tenant ${other.tenantId})`, 'give every tenant its own provider: TenantDirectory.fromSettings() creates one per tenant', u.provider.path);
      } else if (!other) {
        tenantsByProvider.set(u.provider.path, u);
      }
    }
  },
);
