import { defineRule } from '../findings';
import { activeTenants, ValidationContext } from './context';
import { objectFindingPath, objectOwner } from './profile-aware';
import { filled, isOnPremises } from '../desired-object';

export const OnPremisesIpOnly = defineRule<ValidationContext>(
  {
    code: 'CBC055',
    level: 'error',
    title: 'No OnPremises inbound connector identifies a gateway shared by several tenants by IP address alone',
    explanation: "Exchange Online attributes mail arriving over an OnPremises connector by the certificate domain, then the envelope sender, then the recipient (MC1226222); an IP that several tenants' connectors share cannot tell them apart, so one customer's mail is relayed or processed as another's, and Microsoft may stop such a connector without notice.",
  },
  (ctx, report) => {
    const active = activeTenants(ctx);
    // Tenants per gateway, counted once: linear in the fleet.
    const perGateway = new Map<string, number>();
    for (const t of active) perGateway.set(t.gateway.path, (perGateway.get(t.gateway.path) ?? 0) + 1);
    for (const t of active) {
      const sharing = perGateway.get(t.gateway.path)!;
      if (sharing < 2) continue;
      for (const o of ctx.desiredObjects(t)) {
        if (o.kind !== 'InboundConnector' || !isOnPremises(o) || filled(o.parameters.TlsSenderCertificateName) || !filled(o.parameters.SenderIPAddresses)) continue;
        report(objectFindingPath(t), `inbound connector '${o.name}' ${objectOwner(t)} identifies the gateway ${t.gateway.fqdn}, shared by ${sharing} tenants, by IP address only`, "identify the gateway by the tenant's certificate name (identifyByCertificate), one certificate per tenant", o.name);
      }
    }
  },
);
