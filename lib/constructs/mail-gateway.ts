import { Construct } from 'constructs';
import { GatewayMarkers, GatewayModel, SEPPMAIL_MARKERS } from '../core/fleet';

/** Secure e-mail gateway products with a profile in this library. */
export enum GatewayProduct {
  /** SEPPmail appliance in "parallel" mode (MX stays at Microsoft), connectors as SEPPmail365 1.3 creates them. */
  SEPPMAIL_APPLIANCE = 'seppmail-appliance',
}

/** A header the gateway stamps on mail it has processed, and the value that marks it. */
export interface MarkerHeader {
  /** Header name, e.g. `X-SM-incoming`. */
  readonly name: string;
  /**
   * Header value that marks processed mail.
   * @default 'yes'
   */
  readonly value?: string;
}

/** The loop-prevention headers the gateway stamps; routing rules except mail that carries them. */
export interface GatewayMarkerHeaders {
  /**
   * Stamped on mail the gateway returns inbound.
   * @default - X-SM-incoming: yes (SEPPmail)
   */
  readonly incoming?: MarkerHeader;
  /**
   * Stamped on mail the gateway returns outbound.
   * @default - X-SM-outgoing: yes (SEPPmail)
   */
  readonly outgoing?: MarkerHeader;
  /**
   * Stamped on mail that must not be routed to the gateway at all.
   * @default - X-SM-internal: yes (SEPPmail)
   */
  readonly internal?: MarkerHeader;
  /**
   * Header the routing rules set to tell the gateway the direction (`inbound`/`outbound`).
   * @default 'X-SM-maildirection'
   */
  readonly directionHeader?: string;
  /**
   * Gateway-internal headers removed from mail that leaves the organization (one rule each).
   * @default - X-SM-decrypted, X-SM-encrypted, X-SM-outgoing, X-SM-smarthost
   */
  readonly cleanOutboundHeaders?: string[];
}

/** Properties of a {@link MailGateway}. */
export interface MailGatewayProps {
  /** The gateway product; decides the Exchange Online layout. */
  readonly product: GatewayProduct;
  /**
   * Public DNS host name of the gateway: the smart host Exchange Online delivers to. IP addresses
   * are not supported.
   */
  readonly fqdn: string;
  /**
   * Name on the gateway's own TLS certificate (its CN or a SAN); becomes the outbound
   * connector's `TlsDomain` with `TlsSettings DomainValidation`. Must cover `fqdn`.
   * @default - the fqdn
   */
  readonly tlsCertificateName?: string;
  /**
   * The marker headers the gateway stamps.
   * @default - SEPPmail's X-SM-* headers
   */
  readonly markerHeaders?: GatewayMarkerHeaders;
}

/**
 * The secure e-mail gateway shared by many tenants. Declare it once and pass it to every
 * {@link TenantGateway} it serves.
 */
export class MailGateway extends Construct {
  /** The gateway product. */
  public readonly product: GatewayProduct;
  /** Public DNS host name of the gateway. */
  public readonly fqdn: string;
  /** Name on the gateway's own TLS certificate. */
  public readonly tlsCertificateName: string;
  private readonly markers: GatewayMarkers;

  constructor(scope: Construct, id: string, props: MailGatewayProps) {
    super(scope, id);
    this.product = props.product;
    this.fqdn = props.fqdn;
    this.tlsCertificateName = props.tlsCertificateName ?? props.fqdn;
    const m = props.markerHeaders ?? {};
    const header = (h: MarkerHeader | undefined, d: { name: string; value: string }) => (h ? { name: h.name, value: h.value ?? 'yes' } : d);
    this.markers = {
      incoming: header(m.incoming, SEPPMAIL_MARKERS.incoming),
      outgoing: header(m.outgoing, SEPPMAIL_MARKERS.outgoing),
      internal: header(m.internal, SEPPMAIL_MARKERS.internal),
      direction: m.directionHeader ?? SEPPMAIL_MARKERS.direction,
      cleanOutbound: m.cleanOutboundHeaders ?? SEPPMAIL_MARKERS.cleanOutbound,
    };
  }

  /** @internal The plain-data model of this gateway. */
  public _toModel(): GatewayModel {
    return {
      path: this.node.path,
      product: this.product as unknown as GatewayModel['product'],
      fqdn: this.fqdn,
      tlsCertificateName: this.tlsCertificateName,
      markers: this.markers,
    };
  }
}
