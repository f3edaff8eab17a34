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
 *
 * This file decides the product and assembles the result; the parts are in observed-objects.ts
 * (reading objects), layout-objects.ts (the layout's objects), gateway-recognition.ts (the gateway
 * entry) and tenant-entry.ts (the tenant entry). The types are in recognition-types.ts and
 * importable from here.
 */
import { ExoObjectKind, ObservedObject } from '../exo-model';
import { readProperty } from '../planner/normalise';
import { recogniseGateway } from './gateway-recognition';
import { recogniseCustomLayout } from './custom-layout';
import { findLayoutObjects } from './layout-objects';
import { ExportLayout, ExportProfile, ObjectRef, isHybridConnector } from './layouts';
import { KINDS, allUnmapped, isOnMicrosoft, nameOf, productOf } from './observed-objects';
import { ExportedGateway, ExportedTenant, ExportTenantInput, Recognition } from './recognition-types';
import { tenantEntry } from './tenant-entry';

export type { ExportTenantInput, ExportedGateway, ExportedTenant, Recognition, UnmappedObject } from './recognition-types';

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
    const custom = recogniseCustomLayout(input, accepted, inbound[0], outbound[0], o.TransportRule, notes);
    if ('problems' in custom) {
      const counted = [...custom.problems.values()].filter((p) => p.length > 0).length;
      const reason = `a custom layout (inbound connector '${nameOf(inbound[0])}', outbound connector '${nameOf(outbound[0])}', no product's names, hosts or headers) with values GatewayProfile.custom cannot express on ${counted} object(s); declare it in code, or name the product with profile: in the tenant list`;
      return { ...unsupported(reason, 'custom'), unmapped: allUnmapped(o, (kind, x) => (custom.problems.has(x) ? custom.problems.get(x)!.join('; ') || reason : undefined) ?? (kind !== 'TransportRule' && hybrid(x) ? hybridReason : `not part of the custom layout found in this tenant; converge leaves it as it is`)) };
    }
    return recognised('custom', custom.gateway, custom.entry, inbound[0], outbound[0], custom.rules);
  } else if (inbound.length === 0 && outbound.length === 0) {
    return unsupported('no gateway connector in the tenant (no inbound or outbound connector other than hybrid ones)');
  } else {
    return unsupported(`${inbound.length} inbound and ${outbound.length} outbound connectors with no product's names, hosts or headers; export cannot tell which, if any, are a gateway's: name the product with profile: in the tenant list, or declare the tenant in code`);
  }

  // --- the layout's objects, the gateway, the tenant ------------------------------------------
  const layout = findLayoutObjects(product, inbound, outbound, o.TransportRule);
  if ('unsupported' in layout) return unsupported(layout.unsupported, product);
  const gateway = recogniseGateway(layout);
  if ('unsupported' in gateway) return unsupported(gateway.unsupported, product);
  const entry = tenantEntry(input, accepted, layout, gateway, o.TransportRule, notes);

  return recognised(product, gateway, entry, layout.inConnector, layout.outConnector, layout.rules);

  /** The recognition of a layout found: its objects mapped, every other object reported with the reason. */
  function recognised(found: ExportLayout, gateway: ExportedGateway, entry: ExportedTenant, inConnector: ObservedObject, outConnector: ObservedObject | undefined, rules: ObservedObject[]): Recognition {
    const mappedObjects = new Set<ObservedObject>([inConnector, ...(outConnector ? [outConnector] : []), ...rules]);
    const ref = (kind: ExoObjectKind) => (x: ObservedObject): ObjectRef => ({ kind, name: nameOf(x) });
    const mapped: ObjectRef[] = [ref('InboundConnector')(inConnector), ...(outConnector ? [ref('OutboundConnector')(outConnector)] : []), ...rules.map(ref('TransportRule'))];
    const unmapped = allUnmapped(o, (kind, x) => {
      if (mappedObjects.has(x)) return '';
      if (kind !== 'TransportRule' && hybrid(x)) return hybridReason;
      return kind === 'TransportRule'
        ? `transport rule that neither routes to the gateway's outbound connector nor belongs to the ${found} layout; converge leaves it as it is`
        : `not part of the ${found} layout found in this tenant; converge leaves it as it is`;
    }).filter((u) => u.reason !== '');
    return { tenant, layout: found, gateway, entry, mapped, unmapped, notes };
  }
}
