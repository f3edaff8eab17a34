/**
 * Postfix as the mail gateway with the MX records at the gateway: Postfix receives the managed
 * domains' mail from the Internet and relays it to the tenant's Exchange Online, presenting the
 * tenant's certificate (one transport per tenant, lib/gateways/postfix); Exchange Online sends
 * all outbound mail through Postfix. So the tenant gets one connector pair and no transport
 * rules:
 *  - inbound `OnPremises` connector accepting any sender domain from the gateway that presents
 *    the tenant's certificate (`TlsSenderCertificateName`), TLS required, with enhanced filtering
 *    skipping the gateway's address (the MX is not at Microsoft);
 *  - outbound `Partner` connector for every recipient domain to the gateway as smart host,
 *    validating the gateway's own certificate name.
 * No cdktf import: plain data.
 */
import { DesiredObject } from '../core/exo-model';
import { defaultConnectorOptions, TenantModel } from '../core/fleet';
import { markedComment } from './seppmail-appliance';

/** Default object names. */
export const POSTFIX_NAMES = {
  inboundConnector: '[Postfix] Gateway -> ExchangeOnline',
  outboundConnector: '[Postfix] ExchangeOnline -> Gateway',
} as const;

/** The desired Exchange Online objects of one tenant: inbound connector, then outbound connector. */
export function postfixObjects(tenant: TenantModel): DesiredObject[] {
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const gateway = tenant.gateway;
  const inboundName = options.inboundConnectorName ?? POSTFIX_NAMES.inboundConnector;
  const outboundName = options.outboundConnectorName ?? POSTFIX_NAMES.outboundConnector;
  const inbound: DesiredObject = {
    kind: 'InboundConnector',
    name: inboundName,
    parameters: {
      Name: inboundName,
      Comment: markedComment(`Accepts mail relayed by the Postfix gateway ${gateway.fqdn} presenting the certificate for ${tenant.cbcCertificateName}.`),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: options.connectorsEnabled,
      EFSkipLastIP: true,
      RequireTls: true,
      SenderDomains: ['*'],
      TlsSenderCertificateName: tenant.cbcCertificateName,
      ...(options.restrictDomainsToCertificate ? { RestrictDomainsToCertificate: true } : {}),
    },
  };
  const outbound: DesiredObject = {
    kind: 'OutboundConnector',
    name: outboundName,
    parameters: {
      Name: outboundName,
      Comment: markedComment(`Sends all outbound mail through the Postfix gateway ${gateway.fqdn}.`),
      ConnectorSource: 'Default',
      ConnectorType: 'Partner',
      Enabled: options.connectorsEnabled,
      RecipientDomains: ['*'],
      SmartHosts: [gateway.fqdn],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: gateway.tlsCertificateName,
    },
  };
  return [inbound, outbound];
}
