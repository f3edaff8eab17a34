/**
 * The custom profile's typed parts: connectors and routing rules in Exchange's own terms, taken
 * by `GatewayProfile.custom`. Each connector field that is an Exchange parameter has a descriptor
 * in lib/core/connector-parameters.ts (a test keeps both in step).
 */
import { ConnectorType, OutboundTlsSettings, RoutingDirection, SenderAddressLocation } from '../core/enums';

export { ConnectorType, OutboundTlsSettings, RoutingDirection, SenderAddressLocation } from '../core/enums';

/** What the inbound and the outbound connector of a custom profile both have. */
export interface CustomConnectorCommonProps {
  /** Connector name (≤ 64 characters). */
  readonly name: string;
  /** Partner or OnPremises. */
  readonly connectorType: ConnectorType;
  /**
   * `CloudServicesMailEnabled` (retain internal Exchange headers).
   * @default - not set
   */
  readonly cloudServicesMailEnabled?: boolean;
  /**
   * Comment (the managed marker is appended).
   * @default - a description of the connector
   */
  readonly comment?: string;
}

/** The inbound connector (gateway to Exchange Online) of a custom profile. */
export interface CustomInboundConnectorProps extends CustomConnectorCommonProps {
  /**
   * `SenderDomains`.
   * @default ['*']
   */
  readonly senderDomains?: string[];
  /**
   * Identify the gateway by the tenant's CBC certificate name (`TlsSenderCertificateName`).
   * @default true
   */
  readonly identifyByCertificate?: boolean;
  /**
   * `SenderIPAddresses` (IPv4, /24 to /32).
   * @default - none
   */
  readonly senderIpAddresses?: string[];
  /**
   * `RequireTls`.
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * `RestrictDomainsToCertificate`.
   * @default - not set (Exchange's default, $false)
   */
  readonly restrictDomainsToCertificate?: boolean;
  /**
   * `RestrictDomainsToIPAddresses`.
   * @default - not set (Exchange's default, $false)
   */
  readonly restrictDomainsToIpAddresses?: boolean;
  /**
   * `TreatMessagesAsInternal`.
   * @default - not set
   */
  readonly treatMessagesAsInternal?: boolean;
  /**
   * `EFSkipLastIP` (Enhanced Filtering: skip the gateway's address).
   * @default - not set
   */
  readonly efSkipLastIp?: boolean;
  /**
   * `EFSkipIPs` (with efSkipLastIp false).
   * @default - none
   */
  readonly efSkipIps?: string[];
}

/** The outbound connector (Exchange Online to gateway) of a custom profile. */
export interface CustomOutboundConnectorProps extends CustomConnectorCommonProps {
  /**
   * `RecipientDomains`.
   * @default - none
   */
  readonly recipientDomains?: string[];
  /**
   * `IsTransportRuleScoped`: used only by routing rules.
   * @default false
   */
  readonly transportRuleScoped?: boolean;
  /**
   * `SmartHosts`.
   * @default - the gateway fqdn
   */
  readonly smartHosts?: string[];
  /**
   * `UseMXRecord`.
   * @default false
   */
  readonly useMxRecord?: boolean;
  /**
   * `TlsSettings`.
   * @default OutboundTlsSettings.DOMAIN_VALIDATION
   */
  readonly tlsSettings?: OutboundTlsSettings;
  /**
   * `TlsDomain` (DomainValidation only).
   * @default - the gateway's tlsCertificateName with DOMAIN_VALIDATION
   */
  readonly tlsDomain?: string;
  /**
   * `RouteAllMessagesViaOnPremises` (centralized mail transport; OnPremises only).
   * @default - not set
   */
  readonly routeAllMessagesViaOnPremises?: boolean;
  /**
   * `AllAcceptedDomains` (OnPremises only).
   * @default - not set
   */
  readonly allAcceptedDomains?: boolean;
  /**
   * `SenderRewritingEnabled` (OnPremises only).
   * @default - not set
   */
  readonly senderRewritingEnabled?: boolean;
}

/** A routing rule of a custom profile. */
export interface CustomRoutingRuleProps {
  /** Rule name (≤ 64 characters). */
  readonly name: string;
  /** Inbound or outbound. */
  readonly direction: RoutingDirection;
  /**
   * Scope to the tenant's managed domains (`RecipientDomainIs` inbound, `SenderDomainIs` outbound).
   * @default true
   */
  readonly scopeToManagedDomains?: boolean;
  /**
   * Route matching mail to the custom outbound connector (`RouteMessageOutboundConnector`).
   * @default true
   */
  readonly routeToGateway?: boolean;
  /**
   * Condition: this header contains one of `headerContainsWords`.
   * @default - none
   */
  readonly headerContainsName?: string;
  /**
   * Words for `headerContainsName`.
   * @default - none
   */
  readonly headerContainsWords?: string[];
  /**
   * Condition: subject or body contains one of these words.
   * @default - none
   */
  readonly subjectOrBodyContainsWords?: string[];
  /**
   * Exception (loop guard): this header contains one of `exceptIfHeaderContainsWords`, e.g.
   * the gateway's marker header, or `Received` with the gateway FQDN.
   * @default - none
   */
  readonly exceptIfHeaderContainsName?: string;
  /**
   * Words for `exceptIfHeaderContainsName`.
   * @default - none
   */
  readonly exceptIfHeaderContainsWords?: string[];
  /**
   * Exception: this header matches one of `exceptIfHeaderMatchesPatterns`.
   * @default - none
   */
  readonly exceptIfHeaderMatchesName?: string;
  /**
   * Patterns for `exceptIfHeaderMatchesName`.
   * @default - none
   */
  readonly exceptIfHeaderMatchesPatterns?: string[];
  /**
   * Exception: spam confidence level above this (-1 to 9).
   * @default - none
   */
  readonly exceptIfSclOver?: number;
  /**
   * Exception: automatic replies (`ExceptIfMessageTypeMatches OOF`).
   * @default false
   */
  readonly exceptIfOutOfOffice?: boolean;
  /**
   * Action: set this header (with `setHeaderValue`).
   * @default - none
   */
  readonly setHeaderName?: string;
  /**
   * Value for `setHeaderName`.
   * @default - none
   */
  readonly setHeaderValue?: string;
  /**
   * Action: remove this header.
   * @default - none
   */
  readonly removeHeader?: string;
  /**
   * Where the sender address is read.
   * @default - Exchange's default (Header)
   */
  readonly senderAddressLocation?: SenderAddressLocation;
  /**
   * Stop processing further rules.
   * @default - not set
   */
  readonly stopRuleProcessing?: boolean;
  /**
   * Comments (the managed marker is appended).
   * @default - a description of the rule
   */
  readonly comment?: string;
}

/** A gateway layout assembled from typed parts (`GatewayProfile.custom`). */
export interface CustomProfileOptions {
  /**
   * The inbound connector.
   * @default - none
   */
  readonly inboundConnector?: CustomInboundConnectorProps;
  /**
   * The outbound connector.
   * @default - none
   */
  readonly outboundConnector?: CustomOutboundConnectorProps;
  /**
   * Routing rules, in priority order.
   * @default - none
   */
  readonly routingRules?: CustomRoutingRuleProps[];
  /**
   * The layout needs every accepted domain of a tenant routed through the gateway (MX at the
   * gateway with a restricted Partner connector): the apply step checks it before any change.
   * @default false
   */
  readonly requireAllAcceptedDomainsManaged?: boolean;
}
