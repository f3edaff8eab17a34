import { DirectoryProviderModel } from '../fleet';
import { Finding, RuleDefinition } from '../findings';
import { isGuid } from '../names';
import { ValidationContext } from './context';
import { finding } from './helpers';
import { declaredApps } from './access-app-certificate';

/** A provider used for one tenant: whose it is and what it is used for. */
interface ProviderUse {
  readonly provider: DirectoryProviderModel;
  /** Path of the declaration that uses it. */
  readonly path: string;
  readonly tenantId: string;
  /** `tenant 'Contoso'` or `app 'msp/Automation'`. */
  readonly owner: string;
}

function check(u: ProviderUse): Finding | undefined {
  const p = u.provider;
  const fix = `set tenantId: '${u.tenantId}' on that provider, pass the provider of tenant ${u.tenantId}, or use TenantDirectory.fromSettings() and let the library create one provider per tenant`;
  if (p.tenantIdUnresolved) {
    return finding('CBC042', 'error', u.path, p.path, `the azuread provider ${p.path} used for ${u.owner} takes its tenant id from a Terraform expression, so synth cannot check it is tenant ${u.tenantId}`, fix);
  }
  if (p.tenantId === undefined) {
    return finding('CBC042', 'error', u.path, p.path, `the azuread provider ${p.path} used for ${u.owner} sets no tenant_id: it would act in whatever tenant ARM_TENANT_ID or the login names, not necessarily ${u.tenantId}`, fix);
  }
  if (p.tenantId.toLowerCase() !== u.tenantId.toLowerCase()) {
    return finding('CBC042', 'error', u.path, p.tenantId, `the azuread provider ${p.path} used for ${u.owner} is configured for tenant ${p.tenantId}, not ${u.tenantId}`, fix);
  }
  return undefined;
}

export const DirectoryProviderTenant: RuleDefinition<ValidationContext> = {
  code: 'CBC042',
  level: 'error',
  title: 'The azuread provider used for a tenant is configured for that tenant, and only for it',
  explanation: 'A provider of the wrong tenant would create the service principal, the consent and the Exchange Administrator role in another customer\'s directory, and leave this one without access.',
  check: (ctx) => {
    const out: Finding[] = [];
    const uses: ProviderUse[] = [];
    for (const app of declaredApps(ctx)) {
      if (!isGuid(app.tenantId)) {
        out.push(finding('CBC042', 'error', app.path, app.tenantId, `the tenant id '${app.tenantId}' of app ${app.path} is not an Entra tenant GUID`, 'set tenantId to the Directory (tenant) ID of the tenant the app is registered in'));
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
      const f = check(u);
      if (f && !seen.has(`${f.path}|${f.value}`)) {
        seen.add(`${f.path}|${f.value}`);
        out.push(f);
      }
      const other = tenantsByProvider.get(u.provider.path);
      if (other && other.tenantId.toLowerCase() !== u.tenantId.toLowerCase() && !f) {
        out.push(finding('CBC042', 'error', u.path, u.provider.path, `the azuread provider ${u.provider.path} is used for ${u.owner} (tenant ${u.tenantId}) and for ${other.owner} (tenant ${other.tenantId})`, 'give every tenant its own provider: TenantDirectory.fromSettings() creates one per tenant'));
      } else if (!other) {
        tenantsByProvider.set(u.provider.path, u);
      }
    }
    return out;
  },
};
