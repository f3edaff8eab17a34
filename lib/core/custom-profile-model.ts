/**
 * The custom profile's options (the public structs of lib/constructs/custom-profile-options.ts,
 * here as plain data) -> the model the profile's objects are built from (lib/profiles/custom.ts):
 * defaults filled in, names in normal form, lists copied. Used by `GatewayProfile.custom` (after
 * its checks, lib/constructs/private/gateway-profile-models.ts) and by `exo-gateway export`,
 * which reads a custom layout back into these options. No cdktf import: plain data.
 */
import { ConnectorParameter, INBOUND_CONNECTOR_PARAMETERS, OUTBOUND_CONNECTOR_PARAMETERS } from './connector-parameters';
import { RoutingDirectionValue, SenderAddressLocationValue } from './enums';
import { CustomInboundModel, CustomOutboundModel, CustomProfileModel, CustomRuleModel, HeaderTest } from './exo-parts';
import { normalName, normalNames } from './idn';

/** A connector of the custom options: name, comment and the described parameters by their prop names. */
export interface CustomConnectorFields {
  readonly name: string;
  readonly comment?: string;
  readonly identifyByCertificate?: boolean;
}

/** The text options of a routing rule. */
type RuleText = 'headerContainsName' | 'exceptIfHeaderContainsName' | 'exceptIfHeaderMatchesName' | 'setHeaderName' | 'setHeaderValue' | 'removeHeader' | 'comment';
/** The list options of a routing rule. */
type RuleList = 'headerContainsWords' | 'subjectOrBodyContainsWords' | 'exceptIfHeaderContainsWords' | 'exceptIfHeaderMatchesPatterns';
/** The switches of a routing rule. */
type RuleSwitch = 'scopeToManagedDomains' | 'routeToGateway' | 'exceptIfOutOfOffice' | 'stopRuleProcessing';

/** A routing rule of the custom options (CustomRoutingRuleProps as plain data). */
export type CustomRuleFields = { readonly name: string; readonly direction: RoutingDirectionValue; readonly exceptIfSclOver?: number; readonly senderAddressLocation?: SenderAddressLocationValue }
  & { readonly [option in RuleText]?: string }
  & { readonly [option in RuleList]?: string[] }
  & { readonly [option in RuleSwitch]?: boolean };

/** The custom options (CustomProfileOptions as plain data). */
export interface CustomProfileFields {
  readonly inboundConnector?: CustomConnectorFields;
  readonly outboundConnector?: CustomConnectorFields;
  readonly routingRules?: readonly CustomRuleFields[];
  readonly requireAllAcceptedDomainsManaged?: boolean;
}

/**
 * The part fields of the described parameters a public connector struct sets, in model form:
 * defaults filled in, names normalised, lists copied, a flag true or left out.
 */
export function describedFields(descriptors: readonly ConnectorParameter[], props: object): { [part: string]: unknown } {
  const given = props as { [prop: string]: unknown };
  const fields: { [part: string]: unknown } = {};
  for (const d of descriptors) {
    if (d.prop === undefined) continue;
    const value = given[d.prop] ?? d.defaultValue;
    if (value === undefined || (d.kind === 'flag' && value !== true)) continue;
    if (d.kind === 'names') fields[d.part] = normalNames(value as string[]);
    else if (d.kind === 'name') fields[d.part] = normalName(value as string);
    else if (d.kind === 'texts') fields[d.part] = [...(value as string[])];
    else fields[d.part] = value;
  }
  return fields;
}

/** A header test as given; an empty name, list or word is rule CBC019. */
function header(name: string | undefined, values: string[] | undefined): HeaderTest | undefined {
  if (name === undefined && values === undefined) return undefined;
  return { header: name ?? '', values: [...(values ?? [])] };
}

/** The model of a routing rule. */
export function customRuleModel(r: CustomRuleFields): CustomRuleModel {
  return {
    name: r.name,
    comment: r.comment,
    direction: r.direction,
    scopeToManagedDomains: r.scopeToManagedDomains ?? true,
    routeToGateway: r.routeToGateway ?? true,
    headerContains: header(r.headerContainsName, r.headerContainsWords),
    subjectOrBodyContainsWords: r.subjectOrBodyContainsWords ? [...r.subjectOrBodyContainsWords] : undefined,
    exceptIfHeaderContains: header(r.exceptIfHeaderContainsName, r.exceptIfHeaderContainsWords),
    exceptIfHeaderMatches: header(r.exceptIfHeaderMatchesName, r.exceptIfHeaderMatchesPatterns),
    exceptIfSclOver: r.exceptIfSclOver,
    exceptIfOutOfOffice: r.exceptIfOutOfOffice,
    setHeaderName: r.setHeaderName,
    setHeaderValue: r.setHeaderValue,
    removeHeader: r.removeHeader,
    senderAddressLocation: r.senderAddressLocation,
    stopRuleProcessing: r.stopRuleProcessing,
  };
}

/** The model of checked custom options (the checks are the caller's). */
export function customProfileModelOf(o: CustomProfileFields): CustomProfileModel {
  const i = o.inboundConnector;
  const out = o.outboundConnector;
  const inbound = i ? ({ name: i.name, comment: i.comment, identifyByCertificate: i.identifyByCertificate ?? true, ...describedFields(INBOUND_CONNECTOR_PARAMETERS, i) } as CustomInboundModel) : undefined;
  const outbound = out ? ({ name: out.name, comment: out.comment, ...describedFields(OUTBOUND_CONNECTOR_PARAMETERS, out) } as CustomOutboundModel) : undefined;
  return { inboundConnector: inbound, outboundConnector: outbound, routingRules: (o.routingRules ?? []).map(customRuleModel), requireAllAcceptedDomainsManaged: o.requireAllAcceptedDomainsManaged ?? false };
}

/**
 * The comments the custom profile gives an object whose options give none (before the managed
 * marker): lib/profiles/custom.ts writes them, export leaves out a comment read back that equals one.
 */
export const CUSTOM_DEFAULT_COMMENTS = {
  inbound: (fqdn: string, certificate: string | undefined): string => `Accepts mail from the gateway ${fqdn}${certificate ? ` presenting the certificate for ${certificate}` : ''}.`,
  outbound: (fqdn: string): string => `Sends mail to the gateway ${fqdn}.`,
  rule: (direction: string, scoped: boolean, fqdn: string): string => `Routes ${direction} mail${scoped ? ' of the managed domains' : ''} to the gateway ${fqdn}.`,
};
