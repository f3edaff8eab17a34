import { defineRule } from '../findings';
import { GATEWAY_PRODUCTS, NOSPAMPROXY_ROUTINGS, SEPPMAIL_CLOUD_REGIONS, SEPPMAIL_CLOUD_ROUTINGS } from '../fleet';
import { ValidationContext } from './context';
import { shown } from './input-values';

/** The values each public enum stands for (the enums live in lib/constructs; core knows the values). */
const CONNECTOR_TYPES = ['Partner', 'OnPremises'];
const TLS_SETTINGS = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'];
const DIRECTIONS = ['inbound', 'outbound'];
const SENDER_ADDRESS_LOCATIONS = ['Header', 'Envelope', 'HeaderOrEnvelope'];
const RULE_PLACEMENTS = ['Top', 'Bottom'];
const SIGN_IN_AUDIENCES = ['AzureADMultipleOrgs', 'AzureADMyOrg'];
const ROLE_GRANTS = ['ExchangeAdministrator', 'ExchangeRoleGroup'];

export const EnumValues = defineRule<ValidationContext>(
  {
    code: 'CBC017',
    level: 'error',
    title: 'Every enum prop holds a member of its enum',
    explanation: 'A value outside the enum, as JavaScript or Python callers can pass, would silently take the branch of another member, e.g. deploy another product layout or rule placement.',
  },
  (ctx, report) => {
    const check = (path: string, prop: string, enumName: string, value: unknown, allowed: readonly string[], optional = false) => {
      if (optional && value === undefined) return;
      if (typeof value === 'string' && allowed.includes(value)) return;
      report(path, `${prop} ${shown(value)} is not a member of ${enumName}`, `use one of the ${enumName} members, whose values are ${allowed.map((a) => `'${a}'`).join(', ')}`, String(value));
    };
    for (const g of ctx.fleet.gateways) {
      check(g.path, 'product', 'GatewayProduct', g.product, GATEWAY_PRODUCTS);
      if (g.seppmailCloud) {
        check(g.path, 'seppmailCloud.region', 'SeppmailCloudRegion', g.seppmailCloud.region, SEPPMAIL_CLOUD_REGIONS);
        check(g.path, 'seppmailCloud.routing', 'SeppmailCloudRouting', g.seppmailCloud.routing, SEPPMAIL_CLOUD_ROUTINGS);
      }
      if (g.noSpamProxy) check(g.path, 'noSpamProxy.outboundRouting', 'NoSpamProxyOutboundRouting', g.noSpamProxy.outboundRouting, NOSPAMPROXY_ROUTINGS);
      const c = g.customProfile;
      if (c) {
        if (c.inboundConnector) check(g.path, 'customProfile.inboundConnector.connectorType', 'ConnectorType', c.inboundConnector.connectorType, CONNECTOR_TYPES);
        if (c.outboundConnector) {
          check(g.path, 'customProfile.outboundConnector.connectorType', 'ConnectorType', c.outboundConnector.connectorType, CONNECTOR_TYPES);
          check(g.path, 'customProfile.outboundConnector.tlsSettings', 'OutboundTlsSettings', c.outboundConnector.tlsSettings, TLS_SETTINGS);
        }
        c.routingRules.forEach((r, n) => {
          const at = `customProfile.routingRules[${n}]`;
          check(g.path, `${at}.direction`, 'RoutingDirection', r.direction, DIRECTIONS);
          check(g.path, `${at}.senderAddressLocation`, 'SenderAddressLocation', r.senderAddressLocation, SENDER_ADDRESS_LOCATIONS, true);
        });
      }
    }
    const apps = new Set<string>();
    for (const t of ctx.fleet.tenants) {
      if (t.connector) check(t.connector.path, 'rulePlacement', 'RulePlacement', t.connector.rulePlacement, RULE_PLACEMENTS, true);
      if (t.directoryAccess) check(t.directoryAccess.path, 'roleGrant', 'ExchangeRoleGrant', t.directoryAccess.roleGrant, ROLE_GRANTS, true);
      const app = t.directoryAccess?.app;
      if (app && !apps.has(app.path)) {
        apps.add(app.path); // one app serves many tenants: reported once
        check(app.path, 'signInAudience', 'SignInAudience', app.signInAudience, SIGN_IN_AUDIENCES);
      }
    }
  },
);
