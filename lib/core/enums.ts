/**
 * The closed sets of values the public API and the model share, each defined once. The public
 * constructs re-export these enums; the model types below are their string values (a template
 * literal of the enum), so a new member reaches every layer and nothing is cast between twins.
 * No cdktf import: plain data.
 */

/** Secure e-mail gateway products with a profile in this library. */
export enum GatewayProduct {
  /** SEPPmail appliance in "parallel" mode (MX stays at Microsoft), connectors as SEPPmail365 1.3 creates them. */
  SEPPMAIL_APPLIANCE = 'seppmail-appliance',
  /**
   * Postfix with the MX at the gateway: it relays the managed domains' mail to each tenant's
   * Exchange Online presenting that tenant's certificate (one transport per tenant), and Exchange
   * Online sends all outbound mail through it. Connector pair only, no transport rules.
   */
  POSTFIX = 'postfix',
  /**
   * SEPPmail.cloud, parallel or inline (`GatewayProfile.seppmailCloud`), with the connector and rule sets
   * of SEPPmail365cloud 2.0.2; smart hosts and the tenant certificate name are derived.
   */
  SEPPMAIL_CLOUD = 'seppmail-cloud',
  /**
   * NoSpamProxy with the MX at the gateway: certificate-restricted Partner inbound connector with
   * Enhanced Filtering, outbound by address space `*` or transport rule (`GatewayProfile.noSpamProxy`).
   */
  NOSPAMPROXY = 'nospamproxy',
  /**
   * FTAPI S/MIME gateway beside Exchange Online: OnPremises connectors keeping internal headers,
   * transport rules excepting mail whose Received header names the gateway (`GatewayProfile.ftapi`).
   */
  FTAPI = 'ftapi',
  /** A layout assembled from typed parts (`GatewayProfile.custom`). */
  CUSTOM = 'custom',
}

/** SEPPmail.cloud regions (SEPPmail365cloud `-region`). */
export enum SeppmailCloudRegion {
  /** Switzerland: certificate `*.ch.seppmail.cloud`. */
  CH = 'ch',
  /** Germany: `*.de.seppmail.cloud`. */
  DE = 'de',
  /** Private instance: `*.prv.seppmail.cloud`. */
  PRV = 'prv',
  /** SEPPmail's development instance: `*.dev.seppmail.cloud`. */
  DEV = 'dev',
}

/** How SEPPmail.cloud is connected (SEPPmail365cloud `-routing`). */
export enum SeppmailCloudRouting {
  /**
   * MX stays at Microsoft; transport rules send mail to `<domain-dashed>.mail.seppmail.cloud`,
   * which returns it through an OnPremises inbound connector.
   */
  PARALLEL = 'parallel',
  /**
   * MX at `<domain-dashed>.gate.seppmail.cloud`; the cloud delivers through a Partner inbound
   * connector and outbound mail leaves through `<domain-dashed>.relay.seppmail.cloud`. Every
   * mail domain of the tenant must be routed through the cloud (checked at apply time).
   */
  INLINE = 'inline',
}

/** How Exchange Online sends outbound mail to NoSpamProxy. */
export enum NoSpamProxyOutboundRouting {
  /** A Partner connector for the address space `*` with NoSpamProxy as smart host. */
  ADDRESS_SPACE = 'address-space',
  /** A rule-scoped connector plus one transport rule for recipients outside the organization. */
  TRANSPORT_RULE = 'transport-rule',
}

/** `ConnectorType` of a connector. */
export enum ConnectorType {
  /** A partner or filtering service: mail stays external (filtered, never relayed). */
  PARTNER = 'Partner',
  /** Your organization's mail server: mail is the organization's own and may be relayed. */
  ON_PREMISES = 'OnPremises',
}

/** `TlsSettings` of an outbound connector. */
export enum OutboundTlsSettings {
  /** TLS, no certificate check. */
  ENCRYPTION_ONLY = 'EncryptionOnly',
  /** TLS with a certificate issued by a trusted CA. */
  CERTIFICATE_VALIDATION = 'CertificateValidation',
  /** TLS with a trusted certificate whose name matches `tlsDomain`. */
  DOMAIN_VALIDATION = 'DomainValidation',
}

/** Which way a routing rule sends mail to the gateway. */
export enum RoutingDirection {
  /** From outside the organization to inside (`FromScope NotInOrganization`, `SentToScope InOrganization`). */
  INBOUND = 'inbound',
  /** From inside the organization to outside (`FromScope InOrganization`, `SentToScope NotInOrganization`). */
  OUTBOUND = 'outbound',
}

/** `SenderAddressLocation` of a rule. */
export enum SenderAddressLocation {
  /** The From header (Exchange's default). */
  HEADER = 'Header',
  /** The envelope sender (MAIL FROM). */
  ENVELOPE = 'Envelope',
  /** Either of them. */
  HEADER_OR_ENVELOPE = 'HeaderOrEnvelope',
}

/** Where the managed transport rules sit among the tenant's other rules. */
export enum RulePlacement {
  /** Priorities 0..n-1, before every other rule (SEPPmail365's default). */
  TOP = 'Top',
  /** After every other rule, which keeps its relative order. */
  BOTTOM = 'Bottom',
}

/**
 * How the apply-time program reaches a tenant's Exchange Online. The planner, the plans and the
 * checks before any change (tenant id, accepted domains) are the same for both; only the wire
 * differs.
 */
export enum ExchangeTransport {
  /**
   * A PowerShell 7 session with the ExchangeOnlineManagement module (`Connect-ExchangeOnline
   * -AppId -Certificate -Organization`), the way Microsoft supports. The runner needs `pwsh` 7.5+
   * and the module; each changed tenant costs a process, a module load and a connect.
   */
  POWERSHELL = 'powershell',
  /**
   * Exchange Online's REST admin endpoint (`/adminapi/beta/{tenant}/InvokeCommand`), called from
   * Node with an app-only token for the same app and certificate: no `pwsh` on the runner. It is
   * the endpoint the ExchangeOnlineManagement module itself uses, but Microsoft does not document
   * it for direct use, so it may change without notice.
   */
  ADMIN_API = 'adminApi',
}

// The model's types: the string values of the enums above.
/** The string values of {@link GatewayProduct}, as the model and the documents carry them. */
export type GatewayProductValue = `${GatewayProduct}`;
/** The string values of {@link SeppmailCloudRegion}, as the model and the documents carry them. */
export type SeppmailCloudRegionValue = `${SeppmailCloudRegion}`;
/** The string values of {@link SeppmailCloudRouting}, as the model and the documents carry them. */
export type SeppmailCloudRoutingValue = `${SeppmailCloudRouting}`;
/** The string values of {@link NoSpamProxyOutboundRouting}, as the model and the documents carry them. */
export type NoSpamProxyOutboundRoutingValue = `${NoSpamProxyOutboundRouting}`;
/** The string values of {@link ConnectorType}, as the model and the documents carry them. */
export type ConnectorTypeValue = `${ConnectorType}`;
/** The string values of {@link OutboundTlsSettings}, as the model and the documents carry them. */
export type TlsSettingsValue = `${OutboundTlsSettings}`;
/** The string values of {@link RoutingDirection}, as the model and the documents carry them. */
export type RoutingDirectionValue = `${RoutingDirection}`;
/** The string values of {@link SenderAddressLocation}, as the model and the documents carry them. */
export type SenderAddressLocationValue = `${SenderAddressLocation}`;
/** The string values of {@link RulePlacement}, as the model and the documents carry them. */
export type RulePlacementValue = `${RulePlacement}`;
/** The string values of {@link ExchangeTransport}, as the model and the documents carry them. */
export type ExchangeTransportValue = `${ExchangeTransport}`;

/** Every value of a string enum, in declaration order (for range checks of untyped callers). */
export function enumValues<V extends string>(e: { [member: string]: V }): readonly V[] {
  return Object.values(e);
}
