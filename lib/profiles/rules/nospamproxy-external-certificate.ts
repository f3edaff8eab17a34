import { defineRule } from '../../core/findings';
import { namesOverlap } from '../../core/names';
import { activeTenants, ValidationContext } from '../../core/rules/context';

export const NoSpamProxyExternalCertificate = defineRule<ValidationContext>(
  {
    code: 'CBC058',
    level: 'error',
    title: "The client certificate NoSpamProxy presents when it delivers elsewhere matches no tenant's CBC name",
    explanation: "NoSpamProxy delivers outbound mail to other Exchange Online tenants too; if it presents a certificate that one of its tenants' inbound connectors accepts, Exchange Online takes that mail as coming from the tenant (seed exo-with-nospamproxy: present a different or no certificate for external connections), so mail between tenants is misattributed or loops.",
  },
  (ctx, report) => {
    const tenants = activeTenants(ctx);
    const seen = new Set<string>();
    for (const t of tenants) {
      const g = t.gateway;
      const name = g.noSpamProxy?.externalClientCertificateName;
      if (g.product !== 'nospamproxy' || !name || seen.has(g.path)) continue;
      seen.add(g.path);
      for (const other of tenants) {
        if (!namesOverlap(name, other.cbcCertificateName)) continue;
        report(g.path, `NoSpamProxy ${g.fqdn} presents '${name}' when it delivers elsewhere, which matches the CBC name '${other.cbcCertificateName}' of tenant '${other.name}'`, "present a certificate for the gateway's own name (or none) on the external send connector, and keep each tenant's certificate for that tenant's connector", name);
      }
    }
  },
);
