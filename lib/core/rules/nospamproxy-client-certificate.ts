import { RuleDefinition } from '../findings';
import { namesOverlap } from '../names';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

export const NoSpamProxyExternalCertificate: RuleDefinition<ValidationContext> = {
  code: 'CBC058',
  level: 'error',
  title: "The client certificate NoSpamProxy presents when it delivers elsewhere matches no tenant's CBC name",
  explanation: "NoSpamProxy delivers outbound mail to other Exchange Online tenants too; if it presents a certificate that one of its tenants' inbound connectors accepts, Exchange Online takes that mail as coming from the tenant (seed exo-with-nospamproxy: present a different or no certificate for external connections), so mail between tenants is misattributed or loops.",
  check: (ctx) => {
    const tenants = activeTenants(ctx);
    const seen = new Set<string>();
    return tenants.flatMap((t) => {
      const g = t.gateway;
      const name = g.noSpamProxy?.externalClientCertificateName;
      if (!name || seen.has(g.path)) return [];
      seen.add(g.path);
      return tenants
        .filter((other) => namesOverlap(name, other.cbcCertificateName))
        .map((other) => finding('CBC058', 'error', g.path, name, `NoSpamProxy ${g.fqdn} presents '${name}' when it delivers elsewhere, which matches the CBC name '${other.cbcCertificateName}' of tenant '${other.name}'`, "present a certificate for the gateway's own name (or none) on the external send connector, and keep each tenant's certificate for that tenant's connector"));
    });
  },
};

export const NoSpamProxyExternalCertificateDeclared: RuleDefinition<ValidationContext> = {
  code: 'CBC059',
  level: 'warning',
  title: 'A NoSpamProxy gateway says which client certificate it presents when it delivers elsewhere (externalClientCertificateName or presentsNoExternalClientCertificate)',
  explanation: "The library configures Exchange Online only; which certificate NoSpamProxy's outgoing connectors present (its ClientID setting) is set in NoSpamProxy. Declaring it lets synth check that it is not a tenant's certificate (CBC058); left to chance, a tenant certificate there misattributes mail to other tenants.",
  check: (ctx) => {
    const seen = new Set<string>();
    return activeTenants(ctx).flatMap((t) => {
      const g = t.gateway;
      if (!g.noSpamProxy || seen.has(g.path)) return [];
      seen.add(g.path);
      if (g.noSpamProxy.externalClientCertificate !== 'undeclared') return [];
      return [finding('CBC059', 'warning', g.path, g.fqdn, `NoSpamProxy ${g.fqdn} does not declare which client certificate it presents when it delivers to the Internet and to other tenants`, 'set noSpamProxy.externalClientCertificateName (a certificate for the gateway itself) or noSpamProxy.presentsNoExternalClientCertificate: true, after configuring NoSpamProxy so')];
    });
  },
};
