import { defineRule } from '../findings';
import { canonicalName } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';

export const ManagedDomainUnique = defineRule<ValidationContext>(
  {
    code: 'CBC003',
    level: 'error',
    title: 'A managed domain belongs to exactly one tenant, once',
    explanation:
      "A domain routed by two tenants' rules sends its mail through the gateway to the wrong tenant or in a loop between tenants. Another tenant's initial domain (`*.onmicrosoft.com`) is that tenant's alone, so it is never a managed domain of this one.",
  },
  (ctx, report) => {
    const seen = new Map<string, { tenant: string; path: string }>();
    // Every declared tenant's initial domain, retired ones included: it is theirs alone.
    const initial = new Map(ctx.fleet.tenants.map((t) => [canonicalName(t.initialDomain), t] as const));
    for (const t of activeTenants(ctx)) {
      for (const d of t.domains) {
        const key = canonicalName(d.domain);
        const first = seen.get(key);
        const owner = initial.get(key);
        if (owner && owner.name !== t.name) {
          report(d.path, `managed domain '${shownName(d.domain)}' is the initial domain of tenant '${owner.name}' (${owner.path})`, "declare only this tenant's own accepted domains; another tenant's onmicrosoft.com domain cannot be routed here", d.domain);
        } else if (first) {
          const where = first.tenant === t.name ? `twice in tenant '${t.name}'` : `in tenant '${first.tenant}' and in tenant '${t.name}'`;
          report(d.path, `managed domain '${shownName(d.domain)}' is declared ${where} (first at ${first.path})`, 'declare each mail domain once, in the tenant where it is an accepted domain', d.domain);
        } else {
          seen.set(key, { tenant: t.name, path: d.path });
        }
      }
    }
  },
);
