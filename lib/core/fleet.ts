/**
 * The fleet model: gateways and the tenants they serve, as plain data collected from the
 * constructs (or built directly in tests). Validation rules and profiles read only this.
 */
import { CertificateLoad, CertificateReference } from './certificates';
import { ExchangeAccessReference, RulePlacementValue } from './exo-model';
import type { GatewayDeploymentSpec } from '../gateways/types';
import type { SeppmailRestSpec } from '../gateways/seppmail-rest/types';
import type { CustomProfileModel } from '../profiles/custom';

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

/** Gateway products with a profile in lib/profiles. */
export type GatewayProduct = 'seppmail-appliance' | 'postfix' | 'seppmail-cloud' | 'nospamproxy' | 'ftapi' | 'custom';

/** Every GatewayProduct, for checking values from untyped callers. */
export const GATEWAY_PRODUCTS: readonly GatewayProduct[] = ['seppmail-appliance', 'postfix', 'seppmail-cloud', 'nospamproxy', 'ftapi', 'custom'];

/** SEPPmail.cloud regions, as SEPPmail365cloud names them (ExOConfig/CloudConfig/GeoRegion.json). */
export type SeppmailCloudRegionValue = 'ch' | 'de' | 'prv' | 'dev';

/** Every SeppmailCloudRegionValue. */
export const SEPPMAIL_CLOUD_REGIONS: readonly SeppmailCloudRegionValue[] = ['ch', 'de', 'prv', 'dev'];

/** SEPPmail.cloud routing modes: parallel (MX stays at Microsoft) or inline (MX at the gateway). */
export type SeppmailCloudRoutingValue = 'parallel' | 'inline';

/** Every SeppmailCloudRoutingValue. */
export const SEPPMAIL_CLOUD_ROUTINGS: readonly SeppmailCloudRoutingValue[] = ['parallel', 'inline'];

/** Every NoSpamProxy outbound routing. */
export const NOSPAMPROXY_ROUTINGS: readonly NoSpamProxyModel['outboundRouting'][] = ['address-space', 'transport-rule'];

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
  readonly outboundRouting: 'address-space' | 'transport-rule';
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

export interface GatewayModel {
  /** Construct path, for findings. */
  readonly path: string;
  readonly product: GatewayProduct;
  /** Public host name of the gateway: the outbound connector's smart host. */
  readonly fqdn: string;
  /** Name on the gateway's own TLS certificate (outbound connector TlsDomain). */
  readonly tlsCertificateName: string;
  readonly markers: GatewayMarkers;
  /** The gateway's own TLS certificate, when given as a file. */
  readonly tlsCertificate?: DeclaredCertificate;
  readonly certificatePolicy: CertificatePolicy;
  /** How the library deploys the tenants' certificates to the gateway itself (lib/gateways); undefined: it does not. */
  readonly deployment?: GatewayDeploymentSpec;
  /** The gateway's SEPPmail REST deployment (GatewayDeployment.seppmailRest); undefined: none. */
  readonly seppmailRest?: SeppmailRestSpec;
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

/** The azuread provider through which an access declaration reaches one Entra tenant. */
export interface DirectoryProviderModel {
  /** Construct path of the provider. */
  readonly path: string;
  /** The provider's alias; undefined for a default (unaliased) provider. */
  readonly alias?: string;
  /** The provider's tenant id as written; undefined when it is not set. */
  readonly tenantId?: string;
  /** True when the tenant id is a token (a variable, a reference) that synth cannot compare. */
  readonly tenantIdUnresolved: boolean;
  /** True when the library created the provider from settings; false when the user passed it. */
  readonly createdByLibrary: boolean;
}

/** What synth found in an app's public certificate file (inspected with node:crypto). */
export interface AppCertificateFacts {
  /** The file as declared. */
  readonly file: string;
  /** Why the file is not a usable public certificate; undefined when it is one. */
  readonly problem?: 'unreadable' | 'not-a-certificate' | 'private-key';
  /** Detail for the problem (the reader's error, the kind of key found). */
  readonly detail?: string;
  readonly subject?: string;
  /** SHA-256 fingerprint of the certificate. */
  readonly fingerprint?: string;
  /** ISO 8601. */
  readonly validFrom?: string;
  /** ISO 8601. */
  readonly validTo?: string;
  /** The time the certificate is judged at (ISO 8601), normally the synth time. */
  readonly checkedAt: string;
}

/** An Entra app registration declared by the library, that holds Exchange.ManageAsApp. */
export interface DirectoryAppModel {
  /** Construct path of the app declaration. */
  readonly path: string;
  /** The tenant the app is registered in. */
  readonly tenantId: string;
  /** The declared sign_in_audience (`AzureADMultipleOrgs`, `AzureADMyOrg`). */
  readonly signInAudience: string;
  /** The provider of the app's own tenant. */
  readonly directory: DirectoryProviderModel;
  readonly certificate: AppCertificateFacts;
}

/** How a tenant's app-only access is declared with the azuread provider. */
export interface DirectoryAccessModel {
  /** Construct path of the tenant's access declaration. */
  readonly path: string;
  /** `multi-tenant-app`: one app in the provider's own tenant; `app-per-tenant`: an app inside the tenant. */
  readonly kind: 'multi-tenant-app' | 'app-per-tenant';
  /** The provider that reaches this tenant's directory. */
  readonly directory: DirectoryProviderModel;
  readonly app: DirectoryAppModel;
  /** The declared ExchangeRoleGrant value (`ExchangeAdministrator`, `ExchangeRoleGroup`); undefined: the default. */
  readonly roleGrant?: string;
}
