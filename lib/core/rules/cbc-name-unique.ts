import { defineRule } from '../findings';
import { canonicalName, namesOverlap } from '../names';
import { shownName } from '../idn';
import { TenantModel } from '../fleet';
import { activeTenants, ValidationContext } from './context';

export const CbcNameUnique = defineRule<ValidationContext>(
  {
    code: 'CBC004',
    level: 'error',
    title: 'No two tenants share a CBC certificate name, directly or through a wildcard',
    explanation: "Exchange Online attributes a connection to the tenant whose connector matches the certificate; a shared or overlapping name lets one customer's mail be processed in another customer's tenant, or loop.",
  },
  (ctx, report) => {
    // Linear in the fleet: a name can only overlap an equal name, or a wildcard one label above
    // it (RFC 6125), so index names by themselves and by their parent domain.
    const tenants = activeTenants(ctx);
    const byName = new Map<string, TenantModel[]>();
    const byParent = new Map<string, TenantModel[]>();
    const add = (map: Map<string, TenantModel[]>, key: string, t: TenantModel) => map.set(key, [...(map.get(key) ?? []), t]);
    const order = new Map(tenants.map((t, i) => [t, i] as const));
    for (const t of tenants) {
      const name = canonicalName(t.cbcCertificateName);
      const candidates = new Set<TenantModel>(byName.get(name) ?? []);
      if (name.startsWith('*.')) {
        for (const c of byParent.get(name.slice(2)) ?? []) candidates.add(c);
      } else {
        const parent = name.split('.').slice(1).join('.');
        for (const c of byName.get(`*.${parent}`) ?? []) candidates.add(c);
      }
      const first = [...candidates].filter((c) => namesOverlap(c.cbcCertificateName, t.cbcCertificateName)).sort((a, b) => order.get(a)! - order.get(b)!)[0];
      if (first) {
        const how = canonicalName(first.cbcCertificateName) === name ? 'is also used by' : 'overlaps through a wildcard with';
        report(t.path, `certificate name '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' ${how} '${shownName(first.cbcCertificateName)}' of tenant '${first.name}'`, `give each tenant its own certificate, named after one of its own domains; check which of tenant '${t.name}' and tenant '${first.name}' has the wrong name`, t.cbcCertificateName);
      }
      add(byName, name, t);
      if (!name.startsWith('*.')) add(byParent, name.split('.').slice(1).join('.'), t);
    }
  },
);
