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
import { inboundConnectorObject, outboundConnectorObject } from './custom';

/** Default object names. */
export const POSTFIX_NAMES = {
  inboundConnector: '[Postfix] Gateway -> ExchangeOnline',
  outboundConnector: '[Postfix] ExchangeOnline -> Gateway',
} as const;

/** The desired Exchange Online objects of one tenant: inbound connector, then outbound connector. */
export function postfixObjects(tenant: TenantModel): DesiredObject[] {
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const gateway = tenant.gateway;
  return [
    inboundConnectorObject({
      name: options.inboundConnectorName ?? POSTFIX_NAMES.inboundConnector,
      comment: `Accepts mail relayed by the Postfix gateway ${gateway.fqdn} presenting the certificate for ${tenant.cbcCertificateName}.`,
      connectorType: 'OnPremises',
      enabled: options.connectorsEnabled,
      senderDomains: ['*'],
      tlsSenderCertificateName: tenant.cbcCertificateName,
      requireTls: true,
      restrictDomainsToCertificate: options.restrictDomainsToCertificate || undefined,
      efSkipLastIp: true,
    }),
    outboundConnectorObject({
      name: options.outboundConnectorName ?? POSTFIX_NAMES.outboundConnector,
      comment: `Sends all outbound mail through the Postfix gateway ${gateway.fqdn}.`,
      connectorType: 'Partner',
      enabled: options.connectorsEnabled,
      recipientDomains: ['*'],
      smartHosts: [gateway.fqdn],
      useMxRecord: false,
      tlsSettings: 'DomainValidation',
      tlsDomain: gateway.tlsCertificateName,
    }),
  ];
}
