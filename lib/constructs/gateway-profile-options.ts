/**
 * Product options of a gateway profile: SEPPmail.cloud, NoSpamProxy and FTAPI (the custom
 * profile's typed parts are in custom-profile-options.ts). Each struct is taken only by its
 * product's GatewayProfile factory.
 */
import { NoSpamProxyOutboundRouting, SeppmailCloudRegion, SeppmailCloudRouting } from '../core/enums';

export { NoSpamProxyOutboundRouting, SeppmailCloudRegion, SeppmailCloudRouting } from '../core/enums';

// ---------------------------------------------------------------------------------------------
// SEPPmail.cloud
// ---------------------------------------------------------------------------------------------

/** SEPPmail.cloud settings of a {@link MailGateway} (`GatewayProfile.seppmailCloud`). */
export interface SeppmailCloudOptions {
  /** The region the tenants are booked in. */
  readonly region: SeppmailCloudRegion;
  /** Parallel or inline routing. */
  readonly routing: SeppmailCloudRouting;
  /**
   * Inline only: filtering only, i.e. the inbound connector without outbound connector and rules
   * (SEPPmail365cloud `-InBoundOnly`).
   * @default false
   */
  readonly inboundOnly?: boolean;
  /**
   * Confirms that the tenant settings SEPPmail.cloud needs and this library does not manage
   * (ARC trusted sealer `SEPPmail.cloud`; parallel: `MarkAsSpamSpfRecordHardFail Off`) are set in
   * every tenant, e.g. by your baseline; silences warning CBC057.
   * @default false
   */
  readonly tenantPrerequisitesConfirmed?: boolean;
}

// ---------------------------------------------------------------------------------------------
// NoSpamProxy
// ---------------------------------------------------------------------------------------------

/** NoSpamProxy settings of a {@link MailGateway} (`GatewayProfile.noSpamProxy`). */
export interface NoSpamProxyOptions {
  /**
   * How outbound mail reaches NoSpamProxy.
   * @default NoSpamProxyOutboundRouting.ADDRESS_SPACE
   */
  readonly outboundRouting?: NoSpamProxyOutboundRouting;
  /**
   * Enhanced Filtering on the inbound connector: the public addresses NoSpamProxy sends from
   * (`EFSkipLastIP $false`, `EFSkipIPs`), so Exchange Online judges SPF on the source before them.
   * @default - skip the last IP (`EFSkipLastIP $true`)
   */
  readonly enhancedFilteringSkipIps?: string[];
  /**
   * Accept mail on the inbound connector only from NoSpamProxy presenting the tenant's certificate
   * (`RestrictDomainsToCertificate $true`). Every accepted domain of the tenant must then have its
   * MX at NoSpamProxy (checked at apply time); mail delivered to Microsoft directly is rejected.
   * @default true
   */
  readonly restrictToCertificate?: boolean;
  /**
   * Name on the client certificate NoSpamProxy presents when it delivers to the Internet and to
   * other tenants (its outgoing connectors' "ClientID"); it must not match any tenant's CBC name.
   * @default - undeclared (warning CBC059)
   */
  readonly externalClientCertificateName?: string;
  /**
   * NoSpamProxy presents no client certificate when it delivers to the Internet and to other tenants.
   * @default false
   */
  readonly presentsNoExternalClientCertificate?: boolean;
}

// ---------------------------------------------------------------------------------------------
// FTAPI
// ---------------------------------------------------------------------------------------------

/** FTAPI S/MIME gateway settings of a {@link MailGateway} (`GatewayProfile.ftapi`). */
export interface FtapiOptions {
  /**
   * Validate the gateway certificate's name (`TlsSettings DomainValidation`, `TlsDomain` = the
   * gateway's tlsCertificateName); false validates only that a trusted CA issued it
   * (`CertificateValidation`), the minimum FTAPI's guide asks for.
   * @default true
   */
  readonly domainValidation?: boolean;
  /**
   * The word the routing rules look for in `Received` headers to skip mail the gateway has
   * already processed.
   * @default - the gateway fqdn
   */
  readonly receivedHeaderMarker?: string;
}
