import { DesiredObject } from '../exo-model';
import { RuleDefinition } from '../findings';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';
import { objectFindingPath, objectOwner, uniqueFindings } from './profile-aware';
import { isOnPremises } from '../desired-object';

const isOnPremisesWithCertificate = (o: DesiredObject) =>
  o.kind === 'InboundConnector' &&
  isOnPremises(o) &&
  typeof o.parameters.TlsSenderCertificateName === 'string' &&
  o.parameters.TlsSenderCertificateName !== '';

export const RouteAllDeadEnd: RuleDefinition<ValidationContext> = {
  code: 'CBC053',
  level: 'error',
  title: 'An outbound connector with RouteAllMessagesViaOnPremises goes to a gateway whose returned mail matches a certificate-identified OnPremises inbound connector',
  explanation: "Centralized mail transport sends every message, Internet mail included, to the gateway; the gateway returns the Internet mail to the same tenant, which takes it as anonymous inbound mail and sends it to the gateway again, until 554 5.4.14 (hop count exceeded). Only an OnPremises inbound connector that recognises the gateway's certificate marks the returned mail as the organization's own (seed exo-with-nospamproxy, \"Irrweg\").",
  check: (ctx) =>
    uniqueFindings(
      activeTenants(ctx).flatMap((t) => {
        const objects = ctx.desiredObjects(t);
        const routeAll = objects.filter((o) => o.kind === 'OutboundConnector' && o.parameters.RouteAllMessagesViaOnPremises === true);
        if (routeAll.length === 0 || objects.some(isOnPremisesWithCertificate)) return [];
        return routeAll.map((o) =>
          finding('CBC053', 'error', objectFindingPath(t), o.name, `outbound connector '${o.name}' ${objectOwner(t)} sends all mail to ${t.gateway.fqdn} (RouteAllMessagesViaOnPremises), but no OnPremises inbound connector identifies the gateway by certificate, so Internet mail it returns loops`, "add an OnPremises inbound connector identified by the tenant's certificate (TlsSenderCertificateName), or drop RouteAllMessagesViaOnPremises and route with a Partner connector or transport rules"),
        );
      }),
    ),
};
