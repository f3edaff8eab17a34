import { defineRule } from '../findings';
import { GatewayModel, TenantModel } from '../fleet';
import { isInDomain } from '../names';
import { activeTenants, ValidationContext } from './context';
import { namesDerivedByProduct } from './profile-aware';
import { isOnPremises } from '../desired-object';

export const VendorCertificateDomain = defineRule<ValidationContext>(
  {
    code: 'CBC056',
    level: 'warning',
    title: "An OnPremises inbound connector identified by a vendor's certificate name that is not an accepted domain of the tenant (SEPPmail.cloud parallel) is flagged",
    explanation: "Microsoft names an OnPremises connector whose certificate domain is not an accepted domain of the tenant as a problematic configuration (MC1226222): attribution then falls back to the envelope sender and recipient, relay of mail with an empty sender (NDRs) can be refused (550 5.7.64), and it may stop working after internal changes. SEPPmail.cloud parallel uses exactly this layout with its `<tenant id>.<region>.seppmail.cloud` certificate.",
  },
  (ctx, report) => {
    const byGateway = new Map<string, { gateway: GatewayModel; tenants: TenantModel[] }>();
    for (const t of activeTenants(ctx)) {
      if (!namesDerivedByProduct(t.gateway)) continue;
      const domains = [t.initialDomain, ...t.domains.map((d) => d.domain)];
      const affected = ctx
        .desiredObjects(t)
        .some((o) => o.kind === 'InboundConnector' && isOnPremises(o) && typeof o.parameters.TlsSenderCertificateName === 'string' && !domains.some((d) => isInDomain(String(o.parameters.TlsSenderCertificateName), d)));
      if (!affected) continue;
      const entry = byGateway.get(t.gateway.path) ?? { gateway: t.gateway, tenants: [] };
      entry.tenants.push(t);
      byGateway.set(t.gateway.path, entry);
    }
    for (const { gateway, tenants } of byGateway.values()) {
      report(
        gateway.path,
        `the OnPremises inbound connectors of ${tenants.length} tenant(s) (${tenants.map((t) => t.name).join(', ')}) on ${gateway.product} ${gateway.fqdn} are identified by vendor certificate names that are not accepted domains of those tenants`, 'accept this vendor layout knowingly (SEPPmail supports it), or use inline routing (Partner connector); watch for 5.7.64 on relayed NDRs',
        tenants.map((t) => t.cbcCertificateName).join(', '),
      );
    }
  },
);
