/**
 * The routing rule bodies SEPPmail's two modules share (SEPPmail365 New-SM365Rules and
 * SEPPmail365cloud New-SC365Rules; shared reference seppmail365.md §3): inbound rules route
 * mail for the managed domains to the gateway unless it carries the gateway's markers, the
 * outbound rule routes the managed domains' outgoing mail except out-of-office replies. Each
 * profile adds what its own module sets on top. No cdktf import: plain data.
 */
import { ConnectorOptions, GatewayMarkers } from '../core/fleet';
import { RoutingRulePart } from './custom';

/** Everything a routing rule sets besides its name, comment and enablement. */
export type RuleBody = Omit<RoutingRulePart, 'name' | 'comment' | 'enabled'>;

/** Content types that mark S/MIME and PGP content (rule 100 with CryptoContentOnly). */
export const CRYPTO_CONTENT_TYPES = [
  'application/x-pkcs7-mime',
  'application/pkcs7-mime',
  'application/x-pkcs7-signature',
  'application/pkcs7-signature',
  'multipart/signed',
  'application/pgp-signature',
  'multipart/encrypted',
  'application/pgp-encrypted',
  'application/octet-stream',
];

/** Tags that rule 120 sends back to the gateway (tag-spoofing clean-up). */
export const SECURITY_TAGS = ['[signed OK]', '[secure]', '[secured by HIN]', '[signed invalid]', '[not secured by HIN]'];

/** Inbound mail for the managed domains to the gateway, unless marked internal or already processed. */
export function seppmailInboundRoute(m: GatewayMarkers, domains: string[], outboundConnector: string, options: ConnectorOptions): RuleBody {
  return {
    fromScope: 'NotInOrganization',
    sentToScope: 'InOrganization',
    recipientDomainIs: domains,
    routeMessageOutboundConnector: outboundConnector,
    senderAddressLocation: 'HeaderOrEnvelope',
    stopRuleProcessing: true,
    exceptIfHeaderMatches: { header: m.internal.name, values: [m.internal.value] },
    exceptIfHeaderContains: { header: m.incoming.name, values: [m.incoming.value] },
    exceptIfSclOver: options.sclInboundThreshold,
  };
}

/** Outbound mail of the managed domains to the gateway, except marked mail and out-of-office replies. */
export function seppmailOutboundRoute(m: GatewayMarkers, domains: string[], outboundConnector: string): RuleBody {
  return {
    fromScope: 'InOrganization',
    sentToScope: 'NotInOrganization',
    senderDomainIs: domains,
    exceptIfHeaderMatches: { header: m.internal.name, values: [m.internal.value] },
    exceptIfHeaderContains: { header: m.outgoing.name, values: [m.outgoing.value] },
    exceptIfMessageTypeMatches: 'OOF',
    exceptIfSclOver: 9,
    routeMessageOutboundConnector: outboundConnector,
    setHeaderName: m.direction,
    setHeaderValue: 'outbound',
    senderAddressLocation: 'Header',
  };
}
