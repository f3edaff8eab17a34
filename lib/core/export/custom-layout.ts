/**
 * A custom layout for `exo-gateway export`: one inbound and one outbound connector and the rules
 * that route to the outbound connector, with no product's names, hosts or headers (recognise.ts).
 * It is written as a gateway with `profile: custom` and the options of `GatewayProfile.custom`
 * that rebuild exactly the objects read back (custom-reverse.ts); a value the options cannot
 * express is reported on its object, with the reason, and nothing is written for the tenant.
 * Plain data, no I/O.
 */
import { CUSTOM_DEFAULT_COMMENTS, CustomConnectorFields, CustomProfileFields, CustomRuleFields } from '../custom-profile-model';
import { INBOUND_CONNECTOR_PARAMETERS, OUTBOUND_CONNECTOR_PARAMETERS } from '../connector-parameters';
import { ConnectorType, enumValues, OutboundTlsSettings, SenderAddressLocation } from '../enums';
import { ObservedObject } from '../exo-model';
import { readProperty, stripAddressSpace } from '../planner/normalise';
import { customRuleOptions } from './custom-rules';
import { describedOptions, ownComment, unexpressed } from './custom-reverse';
import { flag, list, nameOf, ruleEnabled, text } from './observed-objects';
import { ExportedGateway, ExportedTenant, ExportTenantInput } from './recognition-types';

/** A custom layout that maps exactly. */
export interface CustomLayout {
  readonly gateway: ExportedGateway;
  readonly entry: ExportedTenant;
  /** The routing rules of the layout, in priority order. */
  readonly rules: ObservedObject[];
}

/** The layout's objects with what the custom options cannot express, by object. */
export interface CustomProblems {
  readonly problems: Map<ObservedObject, string[]>;
  readonly rules: ObservedObject[];
}

const ENUMS = { ConnectorType: enumValues(ConnectorType), TlsSettings: enumValues(OutboundTlsSettings), SenderAddressLocation: enumValues(SenderAddressLocation) };
const SHAPED = ['Comment', 'ConnectorSource', 'Enabled'];
const priority = (r: ObservedObject): number => Number(readProperty(r, 'Priority') ?? Number.NaN);

/** A comment read back, unless it is the one the profile gives when the options give none. */
function comment(own: string | undefined, byDefault: string): { comment?: string } {
  return own !== undefined && own.toLowerCase() !== byDefault.toLowerCase() ? { comment: own } : {};
}

function connectorOptions(o: ObservedObject, own: object, byDefault: string): CustomConnectorFields {
  return { name: nameOf(o), ...own, ...comment(ownComment(o, 'Comment'), byDefault) } as CustomConnectorFields;
}

/**
 * The custom layout of `inConnector`, `outConnector` and the rules among `transportRules` that
 * route to it, or the problems by object. `accepted` are the tenant's accepted domains (lower
 * case, no onmicrosoft.com); what a reviewer should know is added to `notes`.
 */
export function recogniseCustomLayout(
  input: ExportTenantInput,
  accepted: readonly string[],
  inConnector: ObservedObject,
  outConnector: ObservedObject,
  transportRules: readonly ObservedObject[],
  notes: string[],
): CustomLayout | CustomProblems {
  const outName = nameOf(outConnector).toLowerCase();
  const rules = transportRules.filter((r) => text(r, 'RouteMessageOutboundConnector')?.toLowerCase() === outName).sort((a, b) => priority(a) - priority(b));
  const problems = new Map<ObservedObject, string[]>();
  const problemsOf = (o: ObservedObject) => problems.get(o) ?? (problems.set(o, []), problems.get(o)!);

  // --- the outbound connector and the gateway ---------------------------------------------------
  const outProblems = problemsOf(outConnector);
  const fqdn = list(outConnector, 'SmartHosts')[0]?.toLowerCase();
  const useMx = flag(outConnector, 'UseMXRecord') === true;
  const validation = text(outConnector, 'TlsSettings')?.toLowerCase() === 'domainvalidation';
  const tlsDomain = text(outConnector, 'TlsDomain')?.toLowerCase();
  if (!fqdn) outProblems.push('SmartHosts is empty: the gateway entry needs the gateway\'s host (fqdn), which the custom profile sends to');
  const tlsCertificateName = validation && tlsDomain && tlsDomain !== fqdn ? tlsDomain : undefined;
  const outDefaults = { smartHosts: useMx || !fqdn ? undefined : [fqdn], tlsDomain: validation ? tlsCertificateName ?? fqdn : undefined };
  const outOwn = describedOptions(outConnector, OUTBOUND_CONNECTOR_PARAMETERS, outDefaults, ENUMS, outProblems);
  outProblems.push(...unexpressed('OutboundConnector', outConnector, [...SHAPED, ...OUTBOUND_CONNECTOR_PARAMETERS.map((d) => d.exchange)]));

  // --- the inbound connector and the certificate the gateway presents -------------------------
  const inProblems = problemsOf(inConnector);
  const certificate = text(inConnector, 'TlsSenderCertificateName')?.toLowerCase();
  const inOwn = { ...describedOptions(inConnector, INBOUND_CONNECTOR_PARAMETERS, {}, ENUMS, inProblems), ...(certificate ? {} : { identifyByCertificate: false }) };
  inProblems.push(...unexpressed('InboundConnector', inConnector, [...SHAPED, 'TlsSenderCertificateName', ...INBOUND_CONNECTOR_PARAMETERS.map((d) => d.exchange)]));

  // --- the rules and the domains they scope ----------------------------------------------------
  const routingRules: CustomRuleFields[] = [];
  const scoped = new Map<string, ObservedObject[]>();
  for (const r of rules) {
    const { options: { comment: own, ...options }, domains } = customRuleOptions(r, problemsOf(r));
    routingRules.push({ ...options, ...comment(own, CUSTOM_DEFAULT_COMMENTS.rule(options.direction, domains !== undefined, fqdn ?? '')) });
    if (domains) scoped.set(domains.join(','), [...(scoped.get(domains.join(',')) ?? []), r]);
  }
  if (scoped.size > 1) {
    for (const [domains, rs] of scoped) rs.forEach((r) => problemsOf(r).push(`scopes the domains ${domains}, other rules of the layout other ones: GatewayProfile.custom scopes every rule to the tenant's managed domains`));
  }
  const ruleDomains = scoped.size === 1 ? [...scoped.keys()][0].split(',') : undefined;
  for (const d of ruleDomains ?? []) {
    if (!accepted.includes(d)) scoped.forEach((rs) => rs.forEach((r) => problemsOf(r).push(`scopes ${d}, which is not an accepted domain of the tenant: the managed domains of a tenant must be accepted`)));
  }
  if ([...problems.values()].some((p) => p.length > 0)) return { problems, rules };

  // --- the entry --------------------------------------------------------------------------------
  if (!ruleDomains) notes.push('no routing rule scopes mail domains; the entry declares the tenant\'s accepted domains');
  if (!certificate) notes.push(`inbound connector '${nameOf(inConnector)}' identifies the gateway without a certificate (identifyByCertificate false); the entry's cbcCertificateName is the gateway's certificate name and unused by the layout`);
  for (const c of [inConnector, outConnector]) if (flag(c, 'Enabled') === false) notes.push(`connector '${nameOf(c)}' is disabled; the profile enables it (the plan shows the change)`);
  const connector: { rulesEnabled?: boolean; rulePlacement?: 'Top' | 'Bottom' } = {};
  if (rules.length > 0 && rules.every((r) => !ruleEnabled(r))) connector.rulesEnabled = false;
  else if (rules.some((r) => !ruleEnabled(r))) notes.push(`some routing rules are disabled (${rules.filter((r) => !ruleEnabled(r)).map(nameOf).join(', ')}), others enabled; the entry keeps the rules enabled (the plan shows which would be enabled)`);
  const others = transportRules.filter((r) => !rules.includes(r)).map(priority).filter((p) => !Number.isNaN(p));
  const ours = rules.map(priority).filter((p) => !Number.isNaN(p));
  if (ours.length && others.length && Math.min(...ours) > Math.max(...others)) connector.rulePlacement = 'Bottom';
  else if (ours.length && others.length && Math.max(...ours) > Math.min(...others)) notes.push('the layout\'s rules are interleaved with the tenant\'s other rules; the profile places its rules at the top (the plan shows the priority changes)');

  const customProfile: CustomProfileFields = {
    inboundConnector: connectorOptions(inConnector, inOwn, CUSTOM_DEFAULT_COMMENTS.inbound(fqdn!, certificate)),
    outboundConnector: connectorOptions(outConnector, outOwn, CUSTOM_DEFAULT_COMMENTS.outbound(fqdn!)),
    routingRules,
  };
  const gateway: ExportedGateway = { profile: 'custom', fqdn: fqdn!, ...(tlsCertificateName ? { tlsCertificateName } : {}), customProfile };
  const domains = ruleDomains ?? [...accepted];
  return {
    gateway,
    entry: {
      tenantId: input.tenantId.toLowerCase(),
      initialDomain: input.initialDomain.toLowerCase(),
      domains: domains.map((d) => stripAddressSpace(d).toLowerCase()),
      cbcCertificateName: certificate ?? tlsCertificateName ?? fqdn!,
      adoptExisting: true,
      ...(Object.keys(connector).length ? { connector } : {}),
    },
    rules,
  };
}
