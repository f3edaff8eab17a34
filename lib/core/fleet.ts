/**
 * The fleet model: gateways and the tenants they serve, as plain data collected from the
 * constructs (or built directly in tests). Validation rules and profiles read only this.
 */
import { CertificateLoad, CertificateReference } from './certificate-types';
import {
  GatewayProduct,
  GatewayProductValue,
  NoSpamProxyOutboundRouting,
  NoSpamProxyOutboundRoutingValue,
  RulePlacementValue,
  SeppmailCloudRegion,
  SeppmailCloudRegionValue,
  SeppmailCloudRouting,
  SeppmailCloudRoutingValue,
} from './enums';
import { ExchangeAccessReference } from './exo-model';
import type { DirectoryAccessModel } from './directory-model';
import type { CustomProfileModel } from './exo-parts';

export type { AppCertificateFacts, DirectoryAccessModel, DirectoryAppModel, DirectoryProviderModel } from './directory-model';

export type { GatewayProductValue, NoSpamProxyOutboundRoutingValue, SeppmailCloudRegionValue, SeppmailCloudRoutingValue } from './enums';

/** A certificate declared for synth-time inspection, and what loading it gave. */
export interface DeclaredCertificate {
  readonly reference: CertificateReference;
  /** Empty for name-only sources. */
  readonly load: CertificateLoad;
}

/** How certificates are judged. */
export interface CertificatePolicy {
  /** Warn when a certificate expires within this many days. */
  readonly expiryWarningDays: number;
  /** Refuse a certificate that expires within this many days. */
  readonly expiryErrorDays: number;
  /** The time certificates are judged at (ISO 8601), normally the synth time. */
  readonly at: string;
}

/** Every gateway product, for checking values from untyped callers. */
export const GATEWAY_PRODUCTS: readonly GatewayProductValue[] = Object.values(GatewayProduct);

/** Every SEPPmail.cloud region. */
export const SEPPMAIL_CLOUD_REGIONS: readonly SeppmailCloudRegionValue[] = Object.values(SeppmailCloudRegion);

/** Every SEPPmail.cloud routing mode. */
export const SEPPMAIL_CLOUD_ROUTINGS: readonly SeppmailCloudRoutingValue[] = Object.values(SeppmailCloudRouting);

/** Every NoSpamProxy outbound routing. */
export const NOSPAMPROXY_ROUTINGS: readonly NoSpamProxyOutboundRoutingValue[] = Object.values(NoSpamProxyOutboundRouting);

/** The SEPPmail.cloud profile's settings (lib/profiles/seppmail-cloud.ts). */
export interface SeppmailCloudModel {
  readonly region: SeppmailCloudRegionValue;
  readonly routing: SeppmailCloudRoutingValue;
  /** Inline only: the inbound connector alone (filtering), no outbound connector and no rules. */
  readonly inboundOnly: boolean;
  /** The tenant settings outside this library that SEPPmail.cloud needs are managed elsewhere (silences CBC057). */
  readonly tenantPrerequisitesConfirmed: boolean;
}

/** The NoSpamProxy profile's settings (lib/profiles/nospamproxy.ts). */
export interface NoSpamProxyModel {
  /** `address-space`: Partner connector for `*`; `transport-rule`: rule-scoped connector plus one routing rule. */
  readonly outboundRouting: NoSpamProxyOutboundRoutingValue;
  /** Enhanced Filtering: empty = skip the last IP (`EFSkipLastIP $true`), else skip these (`EFSkipIPs`). */
  readonly enhancedFilteringSkipIps: readonly string[];
  /** `RestrictDomainsToCertificate $true` on the Partner inbound connector: only the gateway may deliver. */
  readonly restrictToCertificate: boolean;
  /** What NoSpamProxy presents when it delivers anywhere else than to a served tenant (its "ClientID"). */
  readonly externalClientCertificate: 'none' | 'named' | 'undeclared';
  /** With `named`: the name on that certificate. */
  readonly externalClientCertificateName?: string;
}

/** The FTAPI S/MIME gateway profile's settings (lib/profiles/ftapi.ts). */
export interface FtapiModel {
  /** Outbound `TlsSettings DomainValidation` with `TlsDomain` (else `CertificateValidation`). */
  readonly domainValidation: boolean;
  /** The word the routing rules look for in `Received` headers to except mail the gateway already processed. */
  readonly receivedMarker: string;
}

/** A header the gateway stamps on mail it has processed, and the value that marks it. */
export interface MarkerHeader {
  readonly name: string;
  readonly value: string;
}

/** The loop-prevention headers a gateway stamps (SEPPmail: X-SM-incoming/outgoing/internal = yes). */
export interface GatewayMarkers {
  /** Stamped on mail the gateway returns inbound (to the recipient's mailbox). */
  readonly incoming: MarkerHeader;
  /** Stamped on mail the gateway returns outbound (to the Internet). */
  readonly outgoing: MarkerHeader;
  /** Stamped on mail that must not be routed through the gateway at all. */
  readonly internal: MarkerHeader;
  /** Set by the routing rules so the gateway knows the direction (SEPPmail: X-SM-maildirection). */
  readonly direction: string;
  /** Gateway-internal headers removed from mail leaving the organization. */
  readonly cleanOutbound: readonly string[];
}

/**
 * Fields of the gateway model that outer layers declare and core only carries: lib/gateways adds
 * how the library deploys to the gateway itself (`deployment`, `seppmailRest`) by augmenting this
 * interface, so core names no gateway type.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface GatewayModelExtensions {}

/**
 * What a gateway's profile answers about its product, so that the generic rules ask the profile
 * instead of naming products (computed by lib/profiles `profileTraits`).
 */
export interface ProfileTraits {
  /**
   * The product, not the user, names the tenants' CBC certificates and the gateway's certificate
   * (SEPPmail.cloud): the rules that judge a name the user chose do not apply.
   */
  readonly derivesCertificateNames: boolean;
  /** The gateway's TLS client refuses a tenant certificate without the clientAuth EKU (Postfix). */
  readonly requiresClientAuthCertificate: boolean;
  /** The product names its smart hosts after each tenant's mail domain (SEPPmail.cloud). */
  readonly smartHostsFromDomainNames: boolean;
  /**
   * The Exchange objects are declared once on the gateway (a custom layout), so findings about
   * them belong to the gateway rather than to each tenant.
   */
  readonly objectsDeclaredOnGateway: boolean;
}

export interface GatewayModel extends GatewayModelExtensions {
  /** Construct path, for findings. */
  readonly path: string;
  readonly product: GatewayProductValue;
  /** The profile's answers about the product, read by the generic rules. */
  readonly traits: ProfileTraits;
  /** Public host name of the gateway: the outbound connector's smart host. */
  readonly fqdn: string;
  /** Name on the gateway's own TLS certificate (outbound connector TlsDomain). */
  readonly tlsCertificateName: string;
  readonly markers: GatewayMarkers;
  /** The gateway's own TLS certificate, when given as a file. */
  readonly tlsCertificate?: DeclaredCertificate;
  readonly certificatePolicy: CertificatePolicy;
  /** Product settings; each is set only for its product. */
  readonly seppmailCloud?: SeppmailCloudModel;
  readonly noSpamProxy?: NoSpamProxyModel;
  readonly ftapi?: FtapiModel;
  readonly customProfile?: CustomProfileModel;
}

export interface ManagedDomainModel {
  readonly path: string;
  readonly domain: string;
}

/** Connector and rule options a tenant may override. */
export interface ConnectorOptions {
  readonly path: string;
  /** Create or keep the routing rules enabled. */
  readonly rulesEnabled: boolean;
  /** Undefined: the product's default placement (lib/profiles defaultRulePlacement). */
  readonly rulePlacement?: RulePlacementValue;
  /** Route only encrypted/signed content inbound (SEPPmail CryptoContentOnly). */
  readonly cryptoContentOnly: boolean;
  /** Inbound mail with an SCL above this is not routed to the gateway (SEPPmail -SCLInboundValue). */
  readonly sclInboundThreshold: number;
  /** Connectors enabled. */
  readonly connectorsEnabled: boolean;
  /** Set RestrictDomainsToCertificate on the inbound connector. */
  readonly restrictDomainsToCertificate: boolean;
  /** Name overrides; undefined = the profile's default names. */
  readonly inboundConnectorName?: string;
  readonly outboundConnectorName?: string;
  readonly ruleNamePrefix?: string;
  /** Converge clears conditions and actions added by hand to the managed rules (DesiredObject.strict). */
  readonly strict?: boolean;
}

export interface TenantModel {
  readonly path: string;
  /** Construct id: the tenant's name in messages and in the stack. */
  readonly name: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  /** Name on the certificate the gateway presents to this tenant (inbound TlsSenderCertificateName). */
  readonly cbcCertificateName: string;
  /**
   * For products that derive the CBC name themselves (SEPPmail.cloud: `<tenant id>.<region>.seppmail.cloud`),
   * the name the user declared, if any; `cbcCertificateName` then holds the derived name (rule CBC052).
   */
  readonly declaredCbcCertificateName?: string;
  /** The tenant's CBC certificate, when given as a file. */
  readonly cbcCertificate?: DeclaredCertificate;
  readonly access?: ExchangeAccessReference;
  /** App-only access declared with the azuread provider; undefined for a bring-your-own app id. */
  readonly directoryAccess?: DirectoryAccessModel;
  readonly retired: boolean;
  readonly adoptExisting: boolean;
  readonly gateway: GatewayModel;
  readonly domains: readonly ManagedDomainModel[];
  /** The tenant's connector pair; undefined when no CbcConnector was declared (then the defaults apply). */
  readonly connector?: ConnectorOptions;
}

export interface FleetModel {
  readonly gateways: readonly GatewayModel[];
  readonly tenants: readonly TenantModel[];
}

/** Default values, in one place; the construct docs' `@default` tags match these. */
export const DEFAULTS = {
  rulesEnabled: true,
  cryptoContentOnly: true,
  sclInboundThreshold: 5,
  connectorsEnabled: true,
  restrictDomainsToCertificate: false,
  retired: false,
  adoptExisting: false,
  expiryWarningDays: 30,
  expiryErrorDays: 7,
} as const;

/** The SEPPmail appliance's marker headers (reference seppmail365.md §3.1). */
export const SEPPMAIL_MARKERS: GatewayMarkers = {
  incoming: { name: 'X-SM-incoming', value: 'yes' },
  outgoing: { name: 'X-SM-outgoing', value: 'yes' },
  internal: { name: 'X-SM-internal', value: 'yes' },
  direction: 'X-SM-maildirection',
  cleanOutbound: ['X-SM-decrypted', 'X-SM-encrypted', 'X-SM-outgoing', 'X-SM-smarthost'],
};

/** Options used when a tenant declares no CbcConnector. */
export function defaultConnectorOptions(path: string): ConnectorOptions {
  return {
    path,
    rulesEnabled: DEFAULTS.rulesEnabled,
    cryptoContentOnly: DEFAULTS.cryptoContentOnly,
    sclInboundThreshold: DEFAULTS.sclInboundThreshold,
    connectorsEnabled: DEFAULTS.connectorsEnabled,
    restrictDomainsToCertificate: DEFAULTS.restrictDomainsToCertificate,
  };
}
