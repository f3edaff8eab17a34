import { DesiredObject } from '../exo-model';
import { defineRule } from '../findings';
import { activeTenants, ValidationContext } from './context';
import { objectFindingPath, objectOwner } from './profile-aware';
import { isOnPremises } from '../desired-object';

const isOnPremisesWithCertificate = (o: DesiredObject) =>
  o.kind === 'InboundConnector' &&
  isOnPremises(o) &&
  typeof o.parameters.TlsSenderCertificateName === 'string' &&
  o.parameters.TlsSenderCertificateName !== '';

export const RouteAllDeadEnd = defineRule<ValidationContext>(
  {
    code: 'CBC053',
    level: 'error',
    title: 'An outbound connector with RouteAllMessagesViaOnPremises goes to a gateway whose returned mail matches a certificate-identified OnPremises inbound connector',
    explanation: "Centralized mail transport sends every message, Internet mail included, to the gateway; the gateway returns the Internet mail to the same tenant, which takes it as anonymous inbound mail and sends it to the gateway again, until 554 5.4.14 (hop count exceeded). Only an OnPremises inbound connector that recognises the gateway's certificate marks the returned mail as the organization's own (seed exo-with-nospamproxy, \"Irrweg\").",
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      const objects = ctx.desiredObjects(t);
      const routeAll = objects.filter((o) => o.kind === 'OutboundConnector' && o.parameters.RouteAllMessagesViaOnPremises === true);
      if (routeAll.length === 0 || objects.some(isOnPremisesWithCertificate)) continue;
      for (const o of routeAll) {
        report(objectFindingPath(t), `outbound connector '${o.name}' ${objectOwner(t)} sends all mail to ${t.gateway.fqdn} (RouteAllMessagesViaOnPremises), but no OnPremises inbound connector identifies the gateway by certificate, so Internet mail it returns loops`, "add an OnPremises inbound connector identified by the tenant's certificate (TlsSenderCertificateName), or drop RouteAllMessagesViaOnPremises and route with a Partner connector or transport rules", o.name);
      }
    }
  },
);
