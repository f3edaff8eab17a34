/**
 * FTAPI S/MIME gateway beside Exchange Online (seed ftapi-smime-connectors, FTAPI's article
 * "S/MIME: Einrichtung von O365 Sende- und Empfangsconnectoren"). The MX stays at Microsoft;
 * transport rules send inbound and outbound mail of the managed domains to the gateway, which
 * signs/encrypts or decrypts it and returns all of it to Exchange Online:
 *
 *  - inbound connector "Von: E-Mail-Server Ihrer Organisation, An: Office 365" = `OnPremises`,
 *    turned on, "Interne Exchange-E-Mail-Header beibehalten" = `CloudServicesMailEnabled $true`
 *    (the EAC's "Retain internal Exchange email headers"; the cmdlet reference: the parameter
 *    controls whether the X-MS-Exchange-Organization-* cross-premises headers are kept), and
 *    identified by the subject name of the certificate the gateway presents (here: the tenant's
 *    CBC name, one per tenant, so a gateway can serve several tenants);
 *  - outbound connector "Von: Office 365, An: E-Mail-Server Ihrer Organisation" = `OnPremises`,
 *    turned on, internal headers kept, "Nur wenn eine Transportregel eingerichtet ist" =
 *    `IsTransportRuleScoped $true`, smart host = gateway FQDN, "Immer TLS" + "von einer
 *    vertrauenswürdigen CA ausgestellt" = `TlsSettings CertificateValidation`, with the optional
 *    domain validation = `DomainValidation` + `TlsDomain` (the default here);
 *  - rules "S/MIME eingehend" (outside -> inside) and "S/MIME ausgehend" (inside -> outside)
 *    routing to the gateway **except when a `Received` header contains the gateway's FQDN**, so
 *    mail the gateway already processed is not sent to it again. The seed names the inbound
 *    connector as the inbound rule's target; a rule can only route to an outbound connector
 *    (`RouteMessageOutboundConnector`), so both rules route to the outbound connector.
 *
 * Two additions of this library: rules are scoped to the managed domains (RecipientDomainIs /
 * SenderDomainIs), and name overrides come from the CbcConnector. The gateway-side line of the
 * seed's "Erzwungenes TLS" step (tls-policy map) is produced by {@link ftapiTlsPolicyLines}.
 * No cdktf import: plain data.
 */
import { DesiredObject } from '../core/exo-model';
import { FtapiModel, TenantModel, defaultConnectorOptions } from '../core/fleet';
import { inboundConnectorObject, managedDomainsOf, outboundConnectorObject, routingRuleObject } from './custom';
import { exoMxHost } from '../core/names';

/** Default names (the seed's examples). */
export const FTAPI_NAMES = {
  inboundConnector: 'FTAPI S/MIME Inbound Connector',
  outboundConnector: 'FTAPI S/MIME Outbound Connector',
  rulePrefix: 'FTAPI ',
} as const;

/** Settings of a FTAPI gateway that declares none. */
export function ftapiDefaults(fqdn: string): FtapiModel {
  return { domainValidation: true, receivedMarker: fqdn };
}

/** The desired objects of one tenant: inbound connector, outbound connector, rule inbound, rule outbound. */
export function ftapiObjects(tenant: TenantModel): DesiredObject[] {
  const gateway = tenant.gateway;
  const settings = gateway.ftapi ?? ftapiDefaults(gateway.fqdn);
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const inboundName = options.inboundConnectorName ?? FTAPI_NAMES.inboundConnector;
  const outboundName = options.outboundConnectorName ?? FTAPI_NAMES.outboundConnector;
  const prefix = options.ruleNamePrefix ?? FTAPI_NAMES.rulePrefix;
  const domains = managedDomainsOf(tenant);
  const marker = { header: 'Received', values: [settings.receivedMarker] };
  return [
    inboundConnectorObject({
      name: inboundName,
      comment: `Accepts mail from the FTAPI S/MIME gateway ${gateway.fqdn} presenting the certificate for ${tenant.cbcCertificateName}.`,
      connectorType: 'OnPremises',
      enabled: options.connectorsEnabled,
      senderDomains: ['*'],
      tlsSenderCertificateName: tenant.cbcCertificateName,
      requireTls: true,
      cloudServicesMailEnabled: true,
    }),
    outboundConnectorObject({
      name: outboundName,
      comment: `Mail selected by the FTAPI S/MIME rules goes to the gateway ${gateway.fqdn}.`,
      connectorType: 'OnPremises',
      enabled: options.connectorsEnabled,
      isTransportRuleScoped: true,
      smartHosts: [gateway.fqdn],
      useMxRecord: false,
      tlsSettings: settings.domainValidation ? 'DomainValidation' : 'CertificateValidation',
      tlsDomain: settings.domainValidation ? gateway.tlsCertificateName : undefined,
      cloudServicesMailEnabled: true,
    }),
    routingRuleObject({
      name: `${prefix}S/MIME inbound`,
      comment: `Routes inbound mail for the managed domains to the FTAPI S/MIME gateway, except mail it already processed (Received contains ${settings.receivedMarker}).`,
      enabled: options.rulesEnabled,
      fromScope: 'NotInOrganization',
      sentToScope: 'InOrganization',
      recipientDomainIs: domains,
      exceptIfHeaderContains: marker,
      routeMessageOutboundConnector: outboundName,
    }),
    routingRuleObject({
      name: `${prefix}S/MIME outbound`,
      comment: `Routes outbound mail of the managed domains to the FTAPI S/MIME gateway, except mail it already processed (Received contains ${settings.receivedMarker}).`,
      enabled: options.rulesEnabled,
      fromScope: 'InOrganization',
      sentToScope: 'NotInOrganization',
      senderDomainIs: domains,
      exceptIfHeaderContains: marker,
      routeMessageOutboundConnector: outboundName,
    }),
  ];
}


/**
 * The gateway-side TLS policy lines of the seed's "Erzwungenes TLS konfigurieren" step (FTAPI:
 * MTA -> Karten -> tls-policy), one per managed domain's Exchange Online MX host:
 * `[<host>]:25 verify match=mail.protection.outlook.com`.
 */
export function ftapiTlsPolicyLines(tenant: TenantModel): string[] {
  return managedDomainsOf(tenant).map((d) => `[${exoMxHost(d)}]:25 verify match=mail.protection.outlook.com`);
}
