/**
 * The tenant entry `exo-gateway export` writes for a recognised layout (recognise.ts): the mail
 * domains the routing rules name, the certificate the gateway presents to the tenant
 * (`cbcCertificateName`), and the connector options that differ from the profile's defaults
 * (connector names, disabled rules, rule placement, crypto-content-only), with a note for each
 * thing a reviewer should know. Plain data, no I/O.
 */
import { ObservedObject } from '../exo-model';
import { readProperty, stripAddressSpace } from '../planner/normalise';
import { LayoutObjects } from './layout-objects';
import { LAYOUT_NAMES, SEPPMAIL_CLOUD_LAYOUT, SEPPMAIL_CLOUD_ZONE } from './layouts';
import { flag, isOnMicrosoft, list, nameOf, ruleEnabled } from './observed-objects';
import { ExportedGateway, ExportedTenant, ExportTenantInput } from './recognition-types';

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

/**
 * The tenant's entry for the layout found; `accepted` are its accepted domains (lower case, no
 * onmicrosoft.com), `transportRules` all its rules. What a reviewer should know is added to `notes`.
 */
export function tenantEntry(input: ExportTenantInput, accepted: readonly string[], layout: LayoutObjects, gateway: ExportedGateway, transportRules: readonly ObservedObject[], notes: string[]): ExportedTenant {
  const { product, inConnector, outConnector, certificate, senderIps, rules, routing, inboundRule, outboundRule, smartHost, tlsDomain } = layout;
  const names = LAYOUT_NAMES[product];

  // --- domains --------------------------------------------------------------------------------
  const requiresAll = (product === 'seppmail-cloud' && gateway.seppmailCloud!.routing === 'inline') || (product === 'nospamproxy' && gateway.noSpamProxy!.restrictToCertificate !== false);
  let domains = requiresAll ? [...accepted] : ruleDomains(inboundRule, 'RecipientDomainIs', 'ExceptIfRecipientDomainIs', accepted) ?? ruleDomains(outboundRule, 'SenderDomainIs', 'ExceptIfSenderDomainIs', accepted) ?? [...accepted];
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

  // --- the certificate the gateway presents ---------------------------------------------------
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

  // --- connector options ----------------------------------------------------------------------
  const connector: { rulesEnabled?: boolean; rulePlacement?: 'Top' | 'Bottom'; cryptoContentOnly?: boolean; inboundConnectorName?: string; outboundConnectorName?: string } = {};
  const defaultIn = product === 'seppmail-cloud' ? SEPPMAIL_CLOUD_LAYOUT[gateway.seppmailCloud!.routing].inbound : names.inbound[0];
  const defaultOut = product === 'seppmail-cloud' ? SEPPMAIL_CLOUD_LAYOUT[gateway.seppmailCloud!.routing].outbound : names.outbound[0];
  if (nameOf(inConnector) !== defaultIn) connector.inboundConnectorName = nameOf(inConnector);
  if (outConnector && nameOf(outConnector) !== defaultOut) connector.outboundConnectorName = nameOf(outConnector);
  if (routing.length > 0 && routing.every((r) => !ruleEnabled(r))) connector.rulesEnabled = false;
  else if (routing.some((r) => !ruleEnabled(r))) notes.push(`some routing rules are disabled (${routing.filter((r) => !ruleEnabled(r)).map(nameOf).join(', ')}), others enabled; the entry keeps the rules enabled (the plan shows which would be enabled)`);
  // Where the layout's rules sit among the tenant's other rules: all above them (Top) or all below (Bottom).
  const priority = (r: ObservedObject) => Number(readProperty(r, 'Priority') ?? Number.NaN);
  const others = transportRules.filter((r) => !rules.includes(r)).map(priority).filter((p) => !Number.isNaN(p));
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

  return {
    tenantId: input.tenantId.toLowerCase(),
    initialDomain: input.initialDomain.toLowerCase(),
    domains,
    ...(cbcCertificateName ? { cbcCertificateName } : {}),
    adoptExisting: true,
    ...(Object.keys(connector).length ? { connector } : {}),
  };
}

function ipBasedNote(connector: ObservedObject, ips: readonly string[], name: string, why: string): string {
  return `inbound connector '${nameOf(connector)}' is IP-based (SenderIPAddresses ${ips.join(', ')}, no TlsSenderCertificateName): exported with the certificate name ${name}, ${why}; the first converge switches the connector to the certificate in place (the plan shows it): deploy the certificate to the gateway first`;
}
