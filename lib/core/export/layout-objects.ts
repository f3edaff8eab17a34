/**
 * Which of a tenant's connectors and transport rules make up the layout of its gateway product,
 * for `exo-gateway export` (recognise.ts): the outbound connector (by the layout's names, else the
 * one the product's rules route to with `RouteMessageOutboundConnector`, else one of the product's,
 * else the only one), the inbound connector and the certificate (`TlsSenderCertificateName`) or
 * addresses (`SenderIPAddresses`) it identifies the gateway by, and the rules that route to the
 * outbound connector with their domain conditions. Plain data, no I/O.
 */
import { ExoObjectKind, ObservedObject } from '../exo-model';
import { ExportProfile, LAYOUT_NAMES } from './layouts';
import { list, nameOf, productOf, same, text } from './observed-objects';

/** The objects of one tenant's gateway layout. */
export interface LayoutObjects {
  readonly product: ExportProfile;
  readonly inConnector: ObservedObject;
  /** Undefined only for SEPPmail.cloud inline routing with no outbound connector. */
  readonly outConnector?: ObservedObject;
  /** The certificate the gateway presents to the tenant (the inbound connector's TlsSenderCertificateName). */
  readonly certificate?: string;
  /** The gateway's addresses, before certificates (the inbound connector's SenderIPAddresses). */
  readonly senderIps: string[];
  /** The rules that route to the outbound connector or belong to the product. */
  readonly rules: ObservedObject[];
  /** The rules that route to the outbound connector. */
  readonly routing: ObservedObject[];
  /** The routing rule for mail from outside (FromScope NotInOrganization, else one with RecipientDomainIs). */
  readonly inboundRule?: ObservedObject;
  /** The routing rule for mail from inside (FromScope InOrganization, else one with SenderDomainIs). */
  readonly outboundRule?: ObservedObject;
  /** The outbound connector's first smart host, lower case. */
  readonly smartHost?: string;
  /** The outbound connector's TlsDomain, lower case. */
  readonly tlsDomain?: string;
}

/**
 * The layout objects of `product` among the tenant's (non-hybrid) connectors and its rules, or
 * why there is no single such layout.
 */
export function findLayoutObjects(product: ExportProfile, inbound: ObservedObject[], outbound: ObservedObject[], transportRules: ObservedObject[]): LayoutObjects | { unsupported: string } {
  const names = LAYOUT_NAMES[product];
  const ofProduct = (kind: ExoObjectKind, x: ObservedObject) => {
    const p = productOf(kind, x);
    return p === product || (p === 'seppmail' && (product === 'seppmail-appliance' || product === 'seppmail-cloud'));
  };
  const routesTo = (rule: ObservedObject) => text(rule, 'RouteMessageOutboundConnector');
  const byName = (objects: ObservedObject[], wanted: readonly string[]) => objects.filter((x) => wanted.some((w) => same(w, nameOf(x))));
  let out = byName(outbound, names.outbound);
  if (out.length === 0) {
    const targets = new Set(transportRules.filter((r) => ofProduct('TransportRule', r)).map(routesTo).filter((t): t is string => t !== undefined).map((t) => t.toLowerCase()));
    out = outbound.filter((x) => targets.has(nameOf(x).toLowerCase()));
    if (out.length === 0) out = outbound.filter((x) => ofProduct('OutboundConnector', x));
    if (out.length === 0 && outbound.length === 1) out = outbound;
  }
  if (out.length > 1) return { unsupported: `${out.length} outbound connectors fit ${product} (${out.map(nameOf).join(', ')}); export maps one gateway per tenant` };
  let inb = byName(inbound, names.inbound);
  if (inb.length === 0) inb = inbound.filter((x) => ofProduct('InboundConnector', x));
  if (inb.length === 0 && inbound.length === 1) inb = inbound;
  if (inb.length !== 1) {
    return { unsupported: inb.length === 0 ? `no inbound connector of the ${product} layout (the connector the gateway delivers to Exchange Online through)` : `${inb.length} inbound connectors fit ${product} (${inb.map(nameOf).join(', ')}); export maps one gateway per tenant` };
  }
  const inConnector = inb[0];
  const outConnector = out[0];
  const certificate = text(inConnector, 'TlsSenderCertificateName');
  const senderIps = list(inConnector, 'SenderIPAddresses');
  if (!certificate && senderIps.length === 0) {
    return { unsupported: `inbound connector '${nameOf(inConnector)}' identifies its sender by neither a certificate (TlsSenderCertificateName) nor addresses (SenderIPAddresses); no profile declares such a connector` };
  }
  if (!outConnector && product !== 'seppmail-cloud') return { unsupported: `no outbound connector of the ${product} layout` };
  const rules = transportRules.filter((r) => (outConnector && same(routesTo(r), nameOf(outConnector))) || ofProduct('TransportRule', r));
  const routing = rules.filter((r) => outConnector && same(routesTo(r), nameOf(outConnector)));
  const scope = (r: ObservedObject, p: string) => text(r, p)?.toLowerCase();
  const inboundRule = routing.find((r) => scope(r, 'FromScope') === 'notinorganization') ?? routing.find((r) => list(r, 'RecipientDomainIs').length > 0);
  const outboundRule = routing.find((r) => scope(r, 'FromScope') === 'inorganization') ?? routing.find((r) => list(r, 'SenderDomainIs').length > 0);
  const smartHost = outConnector ? list(outConnector, 'SmartHosts')[0]?.toLowerCase() : undefined;
  const tlsDomain = outConnector ? text(outConnector, 'TlsDomain')?.toLowerCase() : undefined;
  return { product, inConnector, outConnector, certificate, senderIps, rules, routing, inboundRule, outboundRule, smartHost, tlsDomain };
}
