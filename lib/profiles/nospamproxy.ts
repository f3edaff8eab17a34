/**
 * NoSpamProxy in front of Exchange Online (seed exo-with-nospamproxy, option 2 "Kunde komplett in
 * Office 365"): the MX records point at NoSpamProxy, which delivers the filtered mail to each
 * tenant presenting that tenant's certificate, and Exchange Online sends outbound mail through
 * NoSpamProxy to the Internet.
 *
 *  - inbound: a **Partner** connector (an OnPremises one would accept only senders of the
 *    tenant's own accepted domains, seed: "Die Auswahl Unternehmensserver wäre hier falsch") for
 *    sender domains `*`, TLS required, identified by a certificate name used only for this
 *    connection (the tenant's CBC name), restricted to that certificate unless turned off, and
 *    Enhanced Filtering so SPF and the sender's reputation are judged on the real source: skip
 *    the last IP (default) or the listed IPs;
 *  - outbound: either a Partner connector for the address space `*` to the NoSpamProxy smart host
 *    ("Connector Office 365 -> Partner, Adressraum *, Smarthost, TLS mit Name absichern"), or a
 *    rule-scoped connector ("Connector von Office 365 zu einem Unternehmensserver ... statt der
 *    Domänen die Transportregel") plus one rule routing mail for recipients outside the
 *    organization to it; both validate the gateway's certificate name.
 *
 * No rule excepts a gateway marker: the inbound connector is Partner, so Exchange Online never
 * relays mail that NoSpamProxy returns, and outbound mail NoSpamProxy delivers itself (CBC054
 * explains when an exception is needed). That NoSpamProxy must present a different or no
 * client certificate when it delivers elsewhere is a gateway setting (CBC058/CBC059).
 * No cdktf import: plain data.
 */
import { DesiredObject } from '../core/exo-model';
import { NoSpamProxyModel, TenantModel, defaultConnectorOptions } from '../core/fleet';
import { inboundConnectorObject, managedDomainsOf, outboundConnectorObject, routingRuleObject } from './custom';

/** Default object names. */
export const NOSPAMPROXY_NAMES = {
  inboundConnector: '[NoSpamProxy] NoSpamProxy -> ExchangeOnline',
  outboundConnector: '[NoSpamProxy] ExchangeOnline -> NoSpamProxy',
  rulePrefix: '[NoSpamProxy] - ',
} as const;

/** Settings when a NoSpamProxy gateway declares none. */
export const NOSPAMPROXY_DEFAULTS: NoSpamProxyModel = {
  outboundRouting: 'address-space',
  enhancedFilteringSkipIps: [],
  restrictToCertificate: true,
  externalClientCertificate: 'undeclared',
};

/** The desired objects of one tenant: inbound connector, outbound connector, then (transport-rule routing) the rule. */
export function noSpamProxyObjects(tenant: TenantModel): DesiredObject[] {
  const gateway = tenant.gateway;
  const settings = gateway.noSpamProxy ?? NOSPAMPROXY_DEFAULTS;
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const inboundName = options.inboundConnectorName ?? NOSPAMPROXY_NAMES.inboundConnector;
  const outboundName = options.outboundConnectorName ?? NOSPAMPROXY_NAMES.outboundConnector;
  const skipIps = settings.enhancedFilteringSkipIps;
  const byRule = settings.outboundRouting === 'transport-rule';

  const objects: DesiredObject[] = [
    inboundConnectorObject({
      name: inboundName,
      comment: `Accepts mail from NoSpamProxy ${gateway.fqdn} presenting the certificate for ${tenant.cbcCertificateName}, used for this connection only.`,
      connectorType: 'Partner',
      enabled: options.connectorsEnabled,
      senderDomains: ['*'],
      tlsSenderCertificateName: tenant.cbcCertificateName,
      requireTls: true,
      restrictDomainsToCertificate: settings.restrictToCertificate,
      efSkipLastIp: skipIps.length === 0,
      efSkipIps: skipIps.length === 0 ? undefined : skipIps,
    }),
    outboundConnectorObject({
      name: outboundName,
      comment: byRule
        ? `Mail selected by the ${options.ruleNamePrefix ?? NOSPAMPROXY_NAMES.rulePrefix}rule goes to NoSpamProxy ${gateway.fqdn}.`
        : `Sends mail for every external recipient domain to NoSpamProxy ${gateway.fqdn}.`,
      connectorType: byRule ? 'OnPremises' : 'Partner',
      enabled: options.connectorsEnabled,
      recipientDomains: byRule ? undefined : ['*'],
      isTransportRuleScoped: byRule ? true : undefined,
      smartHosts: [gateway.fqdn],
      useMxRecord: false,
      tlsSettings: 'DomainValidation',
      tlsDomain: gateway.tlsCertificateName,
    }),
  ];
  if (byRule) {
    objects.push(
      routingRuleObject({
        name: `${options.ruleNamePrefix ?? NOSPAMPROXY_NAMES.rulePrefix}Route outgoing e-mails to NoSpamProxy`,
        comment: 'Routes mail of the managed domains to recipients outside the organization through NoSpamProxy.',
        enabled: options.rulesEnabled,
        fromScope: 'InOrganization',
        sentToScope: 'NotInOrganization',
        senderDomainIs: managedDomainsOf(tenant),
        routeMessageOutboundConnector: outboundName,
        senderAddressLocation: 'Header',
      }),
    );
  }
  return objects;
}
