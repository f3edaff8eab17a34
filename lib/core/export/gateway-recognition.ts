/**
 * The gateway entry `exo-gateway export` writes for a recognised layout (recognise.ts): the
 * SEPPmail.cloud region and routing, or the gateway's host (the outbound connector's `SmartHosts`)
 * and certificate name (`TlsDomain`) with the NoSpamProxy and FTAPI options their connectors and
 * rules show. Plain data, no I/O.
 */
import { readProperty } from '../planner/normalise';
import { LayoutObjects } from './layout-objects';
import { SEPPMAIL_CLOUD_REGIONS } from './layouts';
import { flag, list, nameOf } from './observed-objects';
import { ExportedGateway } from './recognition-types';

/** The gateway entry of a tenant's layout, or why it cannot be written. */
export function recogniseGateway(layout: LayoutObjects): ExportedGateway | { unsupported: string } {
  const { product, inConnector, outConnector, certificate, routing, smartHost, tlsDomain } = layout;
  if (product === 'seppmail-cloud') {
    const regionOf = (name: string | undefined) => {
      const m = name ? /^(?:\*|[^.]+)\.([a-z]+)\.seppmail\.cloud$/i.exec(name) : null;
      return m ? m[1].toLowerCase() : undefined;
    };
    const region = regionOf(tlsDomain) ?? regionOf(certificate);
    if (!region || !(SEPPMAIL_CLOUD_REGIONS as readonly string[]).includes(region)) {
      return { unsupported: `SEPPmail.cloud connectors without a known region (outbound TlsDomain '${tlsDomain ?? ''}', inbound certificate '${certificate ?? ''}'; regions are ${SEPPMAIL_CLOUD_REGIONS.join(', ')})` };
    }
    const inline = String(readProperty(inConnector, 'ConnectorType') ?? '').toLowerCase() === 'partner' || (smartHost !== undefined && smartHost.includes('.relay.'));
    return { profile: product, seppmailCloud: { region, routing: inline ? 'inline' : 'parallel', ...(inline && !outConnector ? { inboundOnly: true } : {}) } };
  }
  if (!smartHost) return { unsupported: `outbound connector '${nameOf(outConnector!)}' has no smart host (SmartHosts); the ${product} profile sends to the gateway's host` };
  const tls = tlsDomain && tlsDomain !== smartHost ? { tlsCertificateName: tlsDomain } : {};
  if (product === 'nospamproxy') {
    const byRule = flag(outConnector!, 'IsTransportRuleScoped') === true;
    const skip = list(inConnector, 'EFSkipIPs');
    return {
      profile: product,
      fqdn: smartHost,
      ...tls,
      noSpamProxy: {
        ...(byRule ? { outboundRouting: 'transport-rule' as const } : {}),
        ...(skip.length ? { enhancedFilteringSkipIps: skip } : {}),
        ...(flag(inConnector, 'RestrictDomainsToCertificate') === true ? {} : { restrictToCertificate: false }),
      },
    };
  }
  if (product === 'ftapi') {
    const validation = String(readProperty(outConnector!, 'TlsSettings') ?? '').toLowerCase() === 'domainvalidation';
    const marker = routing.map((r) => list(r, 'ExceptIfHeaderContainsWords')[0]).find((w) => w !== undefined);
    return {
      profile: product,
      fqdn: smartHost,
      ...(validation ? tls : {}),
      ftapi: { ...(validation ? {} : { domainValidation: false }), ...(marker && marker.toLowerCase() !== smartHost ? { receivedHeaderMarker: marker } : {}) },
    };
  }
  return { profile: product, fqdn: smartHost, ...tls };
}
