/**
 * The typed parts every gateway profile is built from, as plain data: one Exchange Online object
 * described with its real parameter names and values (exo-catalogue.ts), an inbound connector
 * (`New-InboundConnector`), an outbound connector (`New-OutboundConnector`) or a transport rule
 * (`New-TransportRule`), and the custom profile that lets a user assemble them. The builders in
 * lib/profiles/custom.ts turn a part into a desired object. No cdktf import.
 */
import { DescribedFields, INBOUND_CONNECTOR_PARAMETERS, OUTBOUND_CONNECTOR_PARAMETERS } from './connector-parameters';
import { ConnectorTypeValue, RoutingDirectionValue, SenderAddressLocationValue, TlsSettingsValue } from './enums';

/** `FromUserScope` / `ToUserScope` as Exchange Online accepts them. */
export type ScopeValue = 'InOrganization' | 'NotInOrganization';

/** An inbound connector (gateway -> Exchange Online), as `New-InboundConnector` parameters (connector-parameters.ts). */
export interface InboundConnectorPart extends Omit<DescribedFields<typeof INBOUND_CONNECTOR_PARAMETERS>, 'connectorType' | 'enabled' | 'senderDomains'> {
  readonly name: string;
  /** Free text; the managed marker is appended. */
  readonly comment: string;
  readonly connectorType: ConnectorTypeValue;
  readonly enabled: boolean;
  /** `SenderDomains` exactly as sent (`*`, a domain, `*.domain`, or the address-space form `smtp:*;1`). */
  readonly senderDomains: readonly string[];
  /** `ConnectorSource`. */
  readonly connectorSource?: 'Default';
}

/** An outbound connector (Exchange Online -> gateway), as `New-OutboundConnector` parameters (connector-parameters.ts). */
export interface OutboundConnectorPart extends Omit<DescribedFields<typeof OUTBOUND_CONNECTOR_PARAMETERS>, 'connectorType' | 'enabled' | 'tlsSettings'> {
  readonly name: string;
  readonly comment: string;
  readonly connectorType: ConnectorTypeValue;
  readonly enabled: boolean;
  readonly tlsSettings?: TlsSettingsValue;
  readonly connectorSource?: 'Default';
}

/** A header and the words (…ContainsWords) or patterns (…MatchesPatterns) looked for in it. */
export interface HeaderTest {
  readonly header: string;
  readonly values: readonly string[];
}

/** A transport rule, as `New-TransportRule` parameters (the gateway-relevant subset). */
export interface RoutingRulePart {
  readonly name: string;
  /** Free text; the managed marker is appended. */
  readonly comment: string;
  readonly enabled: boolean;
  readonly fromScope?: ScopeValue;
  readonly sentToScope?: ScopeValue;
  readonly recipientDomainIs?: readonly string[];
  readonly senderDomainIs?: readonly string[];
  readonly headerContains?: HeaderTest;
  readonly subjectContainsWords?: readonly string[];
  readonly subjectOrBodyContainsWords?: readonly string[];
  readonly exceptIfHeaderContains?: HeaderTest;
  readonly exceptIfHeaderMatches?: HeaderTest;
  readonly exceptIfMessageTypeMatches?: 'OOF';
  readonly exceptIfSclOver?: number;
  /** Name of the outbound connector the rule routes to (`RouteMessageOutboundConnector`). */
  readonly routeMessageOutboundConnector?: string;
  readonly setHeaderName?: string;
  readonly setHeaderValue?: string;
  readonly removeHeader?: string;
  readonly senderAddressLocation?: SenderAddressLocationValue;
  readonly stopRuleProcessing?: boolean;
  readonly setAuditSeverity?: 'DoNotAudit' | 'Low' | 'Medium' | 'High';
  readonly mode?: 'Audit' | 'AuditAndNotify' | 'Enforce';
}

/**
 * A custom inbound connector: a part without the values filled in per tenant (the comment is
 * optional, the certificate name is the tenant's when `identifyByCertificate`).
 */
export type CustomInboundModel = Omit<InboundConnectorPart, 'comment' | 'enabled' | 'tlsSenderCertificateName' | 'connectorSource'> & {
  readonly comment?: string;
  /** Identify the gateway by the tenant's CBC certificate name (`TlsSenderCertificateName`). */
  readonly identifyByCertificate: boolean;
};

/**
 * A custom outbound connector: a part without the per-tenant values (smart hosts default to the
 * gateway FQDN, TlsDomain with DomainValidation to the gateway's certificate name).
 */
export type CustomOutboundModel = Omit<OutboundConnectorPart, 'comment' | 'enabled' | 'connectorSource'> & {
  readonly comment?: string;
};

/** A custom routing rule; `direction` sets the scopes and, unless turned off, the domain list. */
export interface CustomRuleModel {
  readonly name: string;
  readonly comment?: string;
  readonly direction: RoutingDirectionValue;
  readonly scopeToManagedDomains: boolean;
  readonly routeToGateway: boolean;
  readonly headerContains?: HeaderTest;
  readonly subjectOrBodyContainsWords?: readonly string[];
  readonly exceptIfHeaderContains?: HeaderTest;
  readonly exceptIfHeaderMatches?: HeaderTest;
  readonly exceptIfSclOver?: number;
  readonly exceptIfOutOfOffice?: boolean;
  readonly setHeaderName?: string;
  readonly setHeaderValue?: string;
  readonly removeHeader?: string;
  readonly senderAddressLocation?: SenderAddressLocationValue;
  readonly stopRuleProcessing?: boolean;
}

/** A gateway's custom profile (MailGatewayProps.customProfile). */
export interface CustomProfileModel {
  readonly inboundConnector?: CustomInboundModel;
  readonly outboundConnector?: CustomOutboundModel;
  readonly routingRules: readonly CustomRuleModel[];
  /** The layout needs every accepted domain of the tenant routed through the gateway (converge checks it). */
  readonly requireAllAcceptedDomainsManaged: boolean;
}
