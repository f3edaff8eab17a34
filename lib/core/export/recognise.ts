/**
 * Recognition for `exo-gateway export`: from the connectors and transport rules read back from one
 * tenant, which gateway layout it holds (SEPPmail appliance, SEPPmail.cloud, NoSpamProxy, FTAPI,
 * or a custom one), and the fleet-file entry that declares it. Every object that is not mapped is
 * reported with the reason; an object of a layout export does not support is reported, never
 * guessed. Plain data, no I/O.
 *
 * What is read from each object is what the vendors' tools set (shared reference seppmail365.md
 * §2, §3) and what our profiles declare (lib/profiles): connector names, smart hosts
 * (`SmartHosts`), the gateway's certificate (`TlsDomain`), the certificate the gateway presents to
 * the tenant (`TlsSenderCertificateName`) or, before certificates, its addresses
 * (`SenderIPAddresses`), and the rules that route to the outbound connector
 * (`RouteMessageOutboundConnector`) with their domain conditions.
 */
import { ExoObjectKind, ExoValue, ObservedObject, ObservedState } from '../exo-model';
import { isInDomain } from '../names';
import { readProperty, stripAddressSpace } from '../planner/normalise';
import {
  ExportLayout,
  ExportProfile,
  LAYOUT_NAMES,
  ObjectRef,
  SEPPMAIL_CLOUD_LAYOUT,
  SEPPMAIL_CLOUD_REGIONS,
  SEPPMAIL_CLOUD_ZONE,
  SEPPMAIL_HEADERS,
  isHybridConnector,
} from './layouts';

/** What export read from one tenant. */
export interface ExportTenantInput {
  /** The tenant's name in the fleet file. */
  readonly name: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  /** The tenant's accepted domains (Get-AcceptedDomain DomainName). */
  readonly acceptedDomains: readonly string[];
  readonly observed: ObservedState;
  /**
   * The product of the tenant's gateway, when the tenant list names it: objects made by hand in
   * the admin center carry no product's names, so only this says which profile they belong to.
   */
  readonly profile?: ExportProfile;
}

/** A gateway entry of the fleet file, as export writes it. */
export interface ExportedGateway {
  readonly profile: ExportProfile;
  readonly fqdn?: string;
  readonly tlsCertificateName?: string;
  readonly seppmailCloud?: { readonly region: string; readonly routing: 'parallel' | 'inline'; readonly inboundOnly?: boolean };
  readonly noSpamProxy?: { readonly outboundRouting?: 'address-space' | 'transport-rule'; readonly enhancedFilteringSkipIps?: string[]; readonly restrictToCertificate?: boolean };
  readonly ftapi?: { readonly domainValidation?: boolean; readonly receivedHeaderMarker?: string };
}

/** The tenant fields of a fleet-file entry export writes (access is the tenant list's). */
export interface ExportedTenant {
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly domains: string[];
  readonly cbcCertificateName?: string;
  readonly adoptExisting: true;
  readonly connector?: {
    readonly rulesEnabled?: boolean;
    readonly rulePlacement?: 'Top' | 'Bottom';
    readonly cryptoContentOnly?: boolean;
    readonly inboundConnectorName?: string;
    readonly outboundConnectorName?: string;
  };
}

/** An object export did not map, and why. */
export interface UnmappedObject extends ObjectRef {
  readonly reason: string;
}

/** What export recognised in one tenant. */
export interface Recognition {
  readonly tenant: string;
  /** The layout found; undefined when none is supported. */
  readonly layout?: ExportLayout;
  /** Why no entry is written (a layout export does not support, or a custom one). */
  readonly unsupported?: string;
  readonly gateway?: ExportedGateway;
  readonly entry?: ExportedTenant;
  /** Objects of the layout the entry declares or that belong to it. */
  readonly mapped: ObjectRef[];
  readonly unmapped: UnmappedObject[];
  /** What a reviewer should know about the entry (an IP-based connector, disabled rules, …). */
  readonly notes: string[];
}

const KINDS: readonly ExoObjectKind[] = ['InboundConnector', 'OutboundConnector', 'TransportRule'];

function nameOf(o: ObservedObject): string {
  const n = readProperty(o, 'Name') ?? readProperty(o, 'Identity');
  return n === null || n === undefined ? '' : String(n);
}

function text(o: ObservedObject, property: string): string | undefined {
  const v = readProperty(o, property);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function list(o: ObservedObject, property: string): string[] {
  const v: ExoValue | undefined = readProperty(o, property);
  if (v === null || v === undefined) return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [String(v)];
  return items.map((x) => String(x).trim()).filter((x) => x !== '');
}

function flag(o: ObservedObject, property: string): boolean | undefined {
  const v = readProperty(o, property);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return undefined;
}

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const startsWith = (name: string, prefix: string): boolean => name.toLowerCase().startsWith(prefix.toLowerCase());
const inZone = (host: string | undefined): boolean => host !== undefined && isInDomain(host.replace(/^\*\./, '').toLowerCase(), SEPPMAIL_CLOUD_ZONE);
const isOnMicrosoft = (d: string): boolean => isInDomain(d, 'onmicrosoft.com');

/** Whether a rule is enabled: rules read back `State` (exchange-online.md §1.7), a declared one `Enabled`. */
function ruleEnabled(o: ObservedObject): boolean {
  const state = text(o, 'State');
  if (state !== undefined) return state.toLowerCase() === 'enabled';
  return flag(o, 'Enabled') !== false;
}

/** The headers a rule sets, tests or removes. */
function ruleHeaders(o: ObservedObject): string[] {
  const props = ['SetHeaderName', 'RemoveHeader', 'HeaderContainsMessageHeader', 'HeaderMatchesMessageHeader', 'ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderMatchesMessageHeader'];
  return props.map((p) => text(o, p)?.toLowerCase()).filter((h): h is string => h !== undefined);
}

/** The product an object's own name, hosts or headers belong to, if any. */
function productOf(kind: ExoObjectKind, o: ObservedObject): ExportProfile | 'seppmail' | undefined {
  const name = nameOf(o);
  if (startsWith(name, SEPPMAIL_CLOUD_LAYOUT.namePrefix)) return 'seppmail-cloud';
  for (const [product, names] of Object.entries(LAYOUT_NAMES) as [ExportProfile, typeof LAYOUT_NAMES[ExportProfile]][]) {
    if (startsWith(name, names.namePrefix)) return product;
  }
  if (kind === 'TransportRule') return ruleHeaders(o).some((h) => SEPPMAIL_HEADERS.includes(h)) ? 'seppmail' : undefined;
  if ([...list(o, 'SmartHosts'), text(o, 'TlsDomain'), text(o, 'TlsSenderCertificateName')].some((h) => inZone(h))) return 'seppmail-cloud';
  return undefined;
}

/** Domains named by a rule's positive list, else the accepted domains less its exceptions; undefined when it names neither. */
function ruleDomains(rule: ObservedObject | undefined, positive: string, negative: string, accepted: readonly string[]): string[] | undefined {
  if (!rule) return undefined;
  const included = list(rule, positive).map((d) => d.toLowerCase());
  if (included.length) return included;
  const excluded = new Set(list(rule, negative).map((d) => d.toLowerCase()));
  if (excluded.size) return accepted.filter((d) => !excluded.has(d));
  return undefined;
}

const dashed = (d: string): string => d.toLowerCase().replace(/\./g, '-');

/** Everything not mapped, with one reason for all. */
function allUnmapped(o: ObservedState, reason: (kind: ExoObjectKind, object: ObservedObject) => string): UnmappedObject[] {
  return KINDS.flatMap((kind) => (o[kind] ?? []).map((x) => ({ kind, name: nameOf(x), reason: reason(kind, x) })));
}

/** Recognises the gateway layout of one tenant and the fleet-file entry that declares it. */
export function recogniseTenant(input: ExportTenantInput): Recognition {
  const o = input.observed;
  const tenant = input.name;
  const notes: string[] = [];
  const accepted = [...new Set(input.acceptedDomains.map((d) => d.toLowerCase().replace(/\.$/, '')))].filter((d) => d !== '' && !isOnMicrosoft(d));
  const hybrid = (x: ObservedObject) => isHybridConnector(nameOf(x), readProperty(x, 'ConnectorSource'));
  const inbound = o.InboundConnector.filter((x) => !hybrid(x));
  const outbound = o.OutboundConnector.filter((x) => !hybrid(x));
  const hybridReason = 'hybrid connector (ConnectorSource HybridWizard or the hybrid wizard\'s name): not part of a gateway layout; converge leaves it as it is';

  // --- which product --------------------------------------------------------------------------
  const evidence = new Map<string, string[]>();
  const cloudConnector = [...inbound, ...outbound].some((x) => productOf('InboundConnector', x) === 'seppmail-cloud');
  for (const kind of KINDS) {
    for (const x of o[kind]) {
      if (kind !== 'TransportRule' && hybrid(x)) continue;
      let p = productOf(kind, x);
      if (p === 'seppmail') p = cloudConnector ? 'seppmail-cloud' : 'seppmail-appliance';
      if (p) evidence.set(p, [...(evidence.get(p) ?? []), `${kind} '${nameOf(x)}'`]);
    }
  }
  const found = [...evidence.keys()] as ExportProfile[];
  const unsupported = (reason: string, layout?: ExportLayout): Recognition => ({
    tenant,
    ...(layout ? { layout } : {}),
    unsupported: reason,
    mapped: [],
    unmapped: allUnmapped(o, (kind, x) => (kind !== 'TransportRule' && hybrid(x) ? hybridReason : reason)),
    notes,
  });
  let product: ExportProfile;
  if (input.profile) {
    const others = found.filter((p) => p !== input.profile);
    if (others.length) return unsupported(`the tenant list names profile ${input.profile}, but ${others.map((p) => `${evidence.get(p)!.join(', ')} belong${evidence.get(p)!.length === 1 ? 's' : ''} to ${p}`).join('; ')}; export maps one gateway product per tenant: correct the profile or remove the other objects`);
    product = input.profile;
  } else if (found.length > 1) {
    return unsupported(`objects of several gateway products in one tenant (${found.map((p) => `${p}: ${evidence.get(p)!.join(', ')}`).join('; ')}); export maps one gateway per tenant`);
  } else if (found.length === 1) {
    product = found[0];
  } else if (inbound.length === 1 && outbound.length === 1) {
    return unsupported(`a custom layout (inbound connector '${nameOf(inbound[0])}', outbound connector '${nameOf(outbound[0])}', no product's names, hosts or headers); the fleet file has no custom profile: declare it in code with GatewayProfile.custom (docs/profiles.md), or name the product with profile: in the tenant list`, 'custom');
  } else if (inbound.length === 0 && outbound.length === 0) {
    return unsupported('no gateway connector in the tenant (no inbound or outbound connector other than hybrid ones)');
  } else {
    return unsupported(`${inbound.length} inbound and ${outbound.length} outbound connectors with no product's names, hosts or headers; export cannot tell which, if any, are a gateway's: name the product with profile: in the tenant list, or declare the tenant in code`);
  }
  const names = LAYOUT_NAMES[product];

  // --- the layout's objects -------------------------------------------------------------------
  const ofProduct = (kind: ExoObjectKind, x: ObservedObject) => {
    const p = productOf(kind, x);
    return p === product || (p === 'seppmail' && (product === 'seppmail-appliance' || product === 'seppmail-cloud'));
  };
  const routesTo = (rule: ObservedObject) => text(rule, 'RouteMessageOutboundConnector');
  const byName = (objects: ObservedObject[], wanted: readonly string[]) => objects.filter((x) => wanted.some((w) => same(w, nameOf(x))));
  let out = byName(outbound, names.outbound);
  if (out.length === 0) {
    const targets = new Set(o.TransportRule.filter((r) => ofProduct('TransportRule', r)).map(routesTo).filter((t): t is string => t !== undefined).map((t) => t.toLowerCase()));
    out = outbound.filter((x) => targets.has(nameOf(x).toLowerCase()));
    if (out.length === 0) out = outbound.filter((x) => ofProduct('OutboundConnector', x));
    if (out.length === 0 && outbound.length === 1) out = outbound;
  }
  if (out.length > 1) return unsupported(`${out.length} outbound connectors fit ${product} (${out.map(nameOf).join(', ')}); export maps one gateway per tenant`, product);
  let inb = byName(inbound, names.inbound);
  if (inb.length === 0) inb = inbound.filter((x) => ofProduct('InboundConnector', x));
  if (inb.length === 0 && inbound.length === 1) inb = inbound;
  if (inb.length !== 1) {
    return unsupported(inb.length === 0 ? `no inbound connector of the ${product} layout (the connector the gateway delivers to Exchange Online through)` : `${inb.length} inbound connectors fit ${product} (${inb.map(nameOf).join(', ')}); export maps one gateway per tenant`, product);
  }
  const inConnector = inb[0];
  const outConnector = out[0];
  const certificate = text(inConnector, 'TlsSenderCertificateName');
  const senderIps = list(inConnector, 'SenderIPAddresses');
  if (!certificate && senderIps.length === 0) {
    return unsupported(`inbound connector '${nameOf(inConnector)}' identifies its sender by neither a certificate (TlsSenderCertificateName) nor addresses (SenderIPAddresses); no profile declares such a connector`, product);
  }
  if (!outConnector && product !== 'seppmail-cloud') return unsupported(`no outbound connector of the ${product} layout`, product);
  const rules = o.TransportRule.filter((r) => (outConnector && same(routesTo(r), nameOf(outConnector))) || ofProduct('TransportRule', r));
  const routing = rules.filter((r) => outConnector && same(routesTo(r), nameOf(outConnector)));
  const scope = (r: ObservedObject, p: string) => text(r, p)?.toLowerCase();
  const inboundRule = routing.find((r) => scope(r, 'FromScope') === 'notinorganization') ?? routing.find((r) => list(r, 'RecipientDomainIs').length > 0);
  const outboundRule = routing.find((r) => scope(r, 'FromScope') === 'inorganization') ?? routing.find((r) => list(r, 'SenderDomainIs').length > 0);

  // --- the gateway ----------------------------------------------------------------------------
  const smartHost = outConnector ? list(outConnector, 'SmartHosts')[0]?.toLowerCase() : undefined;
  const tlsDomain = outConnector ? text(outConnector, 'TlsDomain')?.toLowerCase() : undefined;
  let gateway: ExportedGateway;
  if (product === 'seppmail-cloud') {
    const regionOf = (name: string | undefined) => {
      const m = name ? /^(?:\*|[^.]+)\.([a-z]+)\.seppmail\.cloud$/i.exec(name) : null;
      return m ? m[1].toLowerCase() : undefined;
    };
    const region = regionOf(tlsDomain) ?? regionOf(certificate);
    if (!region || !(SEPPMAIL_CLOUD_REGIONS as readonly string[]).includes(region)) {
      return unsupported(`SEPPmail.cloud connectors without a known region (outbound TlsDomain '${tlsDomain ?? ''}', inbound certificate '${certificate ?? ''}'; regions are ${SEPPMAIL_CLOUD_REGIONS.join(', ')})`, product);
    }
    const inline = String(readProperty(inConnector, 'ConnectorType') ?? '').toLowerCase() === 'partner' || (smartHost !== undefined && smartHost.includes('.relay.'));
    gateway = { profile: product, seppmailCloud: { region, routing: inline ? 'inline' : 'parallel', ...(inline && !outConnector ? { inboundOnly: true } : {}) } };
  } else {
    if (!smartHost) return unsupported(`outbound connector '${nameOf(outConnector!)}' has no smart host (SmartHosts); the ${product} profile sends to the gateway's host`, product);
    const tls = tlsDomain && tlsDomain !== smartHost ? { tlsCertificateName: tlsDomain } : {};
    if (product === 'nospamproxy') {
      const byRule = flag(outConnector!, 'IsTransportRuleScoped') === true;
      const skip = list(inConnector, 'EFSkipIPs');
      gateway = {
        profile: product,
        fqdn: smartHost,
        ...tls,
        noSpamProxy: {
          ...(byRule ? { outboundRouting: 'transport-rule' as const } : {}),
          ...(skip.length ? { enhancedFilteringSkipIps: skip } : {}),
          ...(flag(inConnector, 'RestrictDomainsToCertificate') === true ? {} : { restrictToCertificate: false }),
        },
      };
    } else if (product === 'ftapi') {
      const validation = String(readProperty(outConnector!, 'TlsSettings') ?? '').toLowerCase() === 'domainvalidation';
      const marker = routing.map((r) => list(r, 'ExceptIfHeaderContainsWords')[0]).find((w) => w !== undefined);
      gateway = {
        profile: product,
        fqdn: smartHost,
        ...(validation ? tls : {}),
        ftapi: { ...(validation ? {} : { domainValidation: false }), ...(marker && marker.toLowerCase() !== smartHost ? { receivedHeaderMarker: marker } : {}) },
      };
    } else {
      gateway = { profile: product, fqdn: smartHost, ...tls };
    }
  }

  // --- the tenant: domains, certificate, options ----------------------------------------------
  const requiresAll = (product === 'seppmail-cloud' && gateway.seppmailCloud!.routing === 'inline') || (product === 'nospamproxy' && gateway.noSpamProxy!.restrictToCertificate !== false);
  let domains = requiresAll ? accepted : ruleDomains(inboundRule, 'RecipientDomainIs', 'ExceptIfRecipientDomainIs', accepted) ?? ruleDomains(outboundRule, 'SenderDomainIs', 'ExceptIfSenderDomainIs', accepted) ?? accepted;
  domains = [...new Set(domains.map((d) => stripAddressSpace(d).toLowerCase()))].filter((d) => !isOnMicrosoft(d));
  const notAccepted = domains.filter((d) => !accepted.includes(d));
  if (notAccepted.length) notes.push(`domain(s) ${notAccepted.join(', ')} named by the routing rules are not accepted domains of the tenant; left out`);
  domains = domains.filter((d) => accepted.includes(d));
  if (product === 'seppmail-cloud' && smartHost) {
    // The smart hosts derive from the first managed domain (New-SC365Connectors -SEPPmailCloudDomain, seppmail365.md §2.2).
    const label = smartHost.split('.')[0];
    const first = accepted.find((d) => dashed(d) === label);
    if (first) domains = [first, ...domains.filter((d) => d !== first)];
    else notes.push(`the smart host ${smartHost} derives from no accepted domain; the profile derives it from ${domains[0] ?? 'the first managed domain'} (the plan shows the change)`);
  }
  if (domains.length === 0) notes.push('no mail domain of the tenant is routed through the gateway; the entry declares none');

  let cbcCertificateName: string | undefined;
  if (product === 'seppmail-cloud') {
    const derived = `${input.tenantId.toLowerCase()}.${gateway.seppmailCloud!.region}.${SEPPMAIL_CLOUD_ZONE}`;
    if (!certificate) notes.push(ipBasedNote(inConnector, senderIps, derived, 'the name SEPPmail.cloud derives from the tenant id (seppmail365.md §7)'));
    else if (certificate.toLowerCase() !== derived) notes.push(`inbound connector '${nameOf(inConnector)}' names the certificate ${certificate}; SEPPmail.cloud presents ${derived} to this tenant, and the profile sets it (the plan shows the change)`);
  } else if (certificate) {
    cbcCertificateName = certificate.toLowerCase();
  } else {
    cbcCertificateName = tlsDomain ?? smartHost!;
    notes.push(ipBasedNote(inConnector, senderIps, cbcCertificateName, 'the gateway\'s TLS certificate name, which SEPPmail365 sets when no CBC name is given (seppmail365.md §2.1); if the gateway presents a certificate of its own to this tenant, put its name in cbcCertificateName before applying'));
  }

  const connector: { rulesEnabled?: boolean; rulePlacement?: 'Top' | 'Bottom'; cryptoContentOnly?: boolean; inboundConnectorName?: string; outboundConnectorName?: string } = {};
  const defaultIn = product === 'seppmail-cloud' ? SEPPMAIL_CLOUD_LAYOUT[gateway.seppmailCloud!.routing].inbound : names.inbound[0];
  const defaultOut = product === 'seppmail-cloud' ? SEPPMAIL_CLOUD_LAYOUT[gateway.seppmailCloud!.routing].outbound : names.outbound[0];
  if (nameOf(inConnector) !== defaultIn) connector.inboundConnectorName = nameOf(inConnector);
  if (outConnector && nameOf(outConnector) !== defaultOut) connector.outboundConnectorName = nameOf(outConnector);
  if (routing.length > 0 && routing.every((r) => !ruleEnabled(r))) connector.rulesEnabled = false;
  else if (routing.some((r) => !ruleEnabled(r))) notes.push(`some routing rules are disabled (${routing.filter((r) => !ruleEnabled(r)).map(nameOf).join(', ')}), others enabled; the entry keeps the rules enabled (the plan shows which would be enabled)`);
  // Where the layout's rules sit among the tenant's other rules: all above them (Top) or all below (Bottom).
  const priority = (r: ObservedObject) => Number(readProperty(r, 'Priority') ?? Number.NaN);
  const others = o.TransportRule.filter((r) => !rules.includes(r)).map(priority).filter((p) => !Number.isNaN(p));
  const ours = rules.map(priority).filter((p) => !Number.isNaN(p));
  if (ours.length && others.length) {
    const placement = Math.max(...ours) < Math.min(...others) ? 'Top' : Math.min(...ours) > Math.max(...others) ? 'Bottom' : undefined;
    const productDefault = product === 'seppmail-cloud' ? 'Bottom' : 'Top';
    if (placement && placement !== productDefault) connector.rulePlacement = placement;
    if (!placement) notes.push(`the layout's rules are interleaved with the tenant's other rules; the profile places its rules at the ${productDefault.toLowerCase()} (the plan shows the priority changes)`);
  }
  if ((product === 'seppmail-appliance' || (product === 'seppmail-cloud' && gateway.seppmailCloud!.routing === 'parallel')) && inboundRule && list(inboundRule, 'HeaderContainsWords').length === 0) {
    connector.cryptoContentOnly = false;
  }
  for (const c of [inConnector, outConnector]) {
    if (c && flag(c, 'Enabled') === false) notes.push(`connector '${nameOf(c)}' is disabled; the profile enables it (the plan shows the change)`);
  }

  const mappedObjects = new Set<ObservedObject>([inConnector, ...(outConnector ? [outConnector] : []), ...rules]);
  const ref = (kind: ExoObjectKind) => (x: ObservedObject): ObjectRef => ({ kind, name: nameOf(x) });
  const mapped: ObjectRef[] = [ref('InboundConnector')(inConnector), ...(outConnector ? [ref('OutboundConnector')(outConnector)] : []), ...rules.map(ref('TransportRule'))];
  const unmapped = allUnmapped(o, (kind, x) => {
    if (mappedObjects.has(x)) return '';
    if (kind !== 'TransportRule' && hybrid(x)) return hybridReason;
    return kind === 'TransportRule'
      ? `transport rule that neither routes to the gateway's outbound connector nor belongs to the ${product} layout; converge leaves it as it is`
      : `not part of the ${product} layout found in this tenant; converge leaves it as it is`;
  }).filter((u) => u.reason !== '');

  const entry: ExportedTenant = {
    tenantId: input.tenantId.toLowerCase(),
    initialDomain: input.initialDomain.toLowerCase(),
    domains,
    ...(cbcCertificateName ? { cbcCertificateName } : {}),
    adoptExisting: true,
    ...(Object.keys(connector).length ? { connector } : {}),
  };
  return { tenant, layout: product, gateway, entry, mapped, unmapped, notes };
}

function ipBasedNote(connector: ObservedObject, ips: readonly string[], name: string, why: string): string {
  return `inbound connector '${nameOf(connector)}' is IP-based (SenderIPAddresses ${ips.join(', ')}, no TlsSenderCertificateName): exported with the certificate name ${name}, ${why}; the first converge switches the connector to the certificate in place (the plan shows it): deploy the certificate to the gateway first`;
}
