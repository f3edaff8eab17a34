import { defineRule } from '../../core/findings';
import { activeTenants, ValidationContext } from '../../core/rules/context';

export const NoSpamProxyExternalCertificateDeclared = defineRule<ValidationContext>(
  {
    code: 'CBC059',
    level: 'warning',
    title: 'A NoSpamProxy gateway says which client certificate it presents when it delivers elsewhere (externalClientCertificateName or presentsNoExternalClientCertificate)',
    explanation: "The library configures Exchange Online only; which certificate NoSpamProxy's outgoing connectors present (its ClientID setting) is set in NoSpamProxy. Declaring it lets synth check that it is not a tenant's certificate (CBC058); left to chance, a tenant certificate there misattributes mail to other tenants.",
  },
  (ctx, report) => {
    const seen = new Set<string>();
    for (const t of activeTenants(ctx)) {
      const g = t.gateway;
      if (g.product !== 'nospamproxy' || seen.has(g.path)) continue;
      seen.add(g.path);
      if (g.noSpamProxy && g.noSpamProxy.externalClientCertificate !== 'undeclared') continue;
      report(g.path, `NoSpamProxy ${g.fqdn} does not declare which client certificate it presents when it delivers to the Internet and to other tenants`, 'set noSpamProxy.externalClientCertificateName (a certificate for the gateway itself) or noSpamProxy.presentsNoExternalClientCertificate: true, after configuring NoSpamProxy so', g.fqdn);
    }
  },
);
