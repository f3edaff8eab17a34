/**
 * MailGateway product options -> the gateway model's product settings, with the checks that
 * belong to one prop (thrown in the constructor, naming the path and the fix). Enum members,
 * numeric ranges and empty marker values pass through as given: rules CBC017-CBC019 report them
 * with the other findings. Names enter the model here in their normal form (lib/core/idn.ts).
 */
import { FtapiModel, NoSpamProxyModel, SeppmailCloudModel } from '../../core/fleet';
import { dnsCertificateNameProblem, dnsHostNameProblem, normalName, normalNames } from '../../core/idn';
import { CustomInboundModel, CustomOutboundModel, CustomProfileModel, CustomRuleModel, HeaderTest } from '../../core/exo-parts';
import { ftapiDefaults } from '../../profiles/ftapi';
import { NOSPAMPROXY_DEFAULTS } from '../../profiles/nospamproxy';
import { seppmailCloudFqdn, seppmailCloudTlsName } from '../../profiles/seppmail-cloud';
import { ConnectorParameter, INBOUND_CONNECTOR_PARAMETERS, OUTBOUND_CONNECTOR_PARAMETERS } from '../../core/connector-parameters';
import { GatewayProduct } from '../../core/enums';
import { GatewayDeployment } from '../../gateways/deployment';
import { CustomProfileOptions } from '../custom-profile-options';
import {
  FtapiOptions,
  NoSpamProxyOptions,
  NoSpamProxyOutboundRouting,
  SeppmailCloudOptions,
  SeppmailCloudRouting,
} from '../gateway-profile-options';
import { ERRORS, libraryError } from '../../core/errors';

// ---------------------------------------------------------------------------------------------

/** What a GatewayProfile carries: the product, its deployment and its options. */
export interface GatewayProfileSettings {
  readonly product: GatewayProduct;
  readonly deployment?: GatewayDeployment;
  readonly seppmailCloud?: SeppmailCloudOptions;
  readonly noSpamProxy?: NoSpamProxyOptions;
  readonly ftapi?: FtapiOptions;
  readonly customProfile?: CustomProfileOptions;
}

/** The product settings of the gateway model. */
export interface GatewayProfileModels {
  readonly seppmailCloud?: SeppmailCloudModel;
  readonly noSpamProxy?: NoSpamProxyModel;
  readonly ftapi?: FtapiModel;
  readonly customProfile?: CustomProfileModel;
}

function fail(where: string, problem: string, fix: string): never {
  throw libraryError(ERRORS.PROFILE_OPTIONS, `${where}: ${problem}. ${fix}`);
}

/**
 * Turns the profile's options into model settings. Throws, naming the construct path and the
 * fix, for contradictions within one option struct.
 */
export function gatewayProfileModels(where: string, fqdn: string, props: GatewayProfileSettings): GatewayProfileModels {
  switch (props.product) {
    case GatewayProduct.SEPPMAIL_CLOUD:
      return { seppmailCloud: seppmailCloudModel(where, props.seppmailCloud) };
    case GatewayProduct.NOSPAMPROXY:
      return { noSpamProxy: noSpamProxyModel(where, props.noSpamProxy) };
    case GatewayProduct.FTAPI:
      return { ftapi: ftapiModel(fqdn, props.ftapi) };
    case GatewayProduct.CUSTOM:
      return { customProfile: customProfileModel(where, props.customProfile) };
    default:
      return {};
  }
}

function seppmailCloudModel(where: string, o: SeppmailCloudOptions | undefined): SeppmailCloudModel {
  if (!o) fail(where, 'GatewayProfile.seppmailCloud needs options', CLOUD_FIX);
  if (o.inboundOnly && o.routing !== SeppmailCloudRouting.INLINE) {
    fail(where, 'GatewayProfile.seppmailCloud: inboundOnly is set with parallel routing', 'inboundOnly exists only for SeppmailCloudRouting.INLINE (filtering without outbound routing); drop it, or use inline routing.');
  }
  return {
    region: o.region,
    routing: o.routing,
    inboundOnly: o.inboundOnly ?? false,
    tenantPrerequisitesConfirmed: o.tenantPrerequisitesConfirmed ?? false,
  };
}

function noSpamProxyModel(where: string, o: NoSpamProxyOptions | undefined): NoSpamProxyModel {
  if (!o) return NOSPAMPROXY_DEFAULTS;
  if (o.externalClientCertificateName !== undefined && o.presentsNoExternalClientCertificate) {
    fail(where, 'GatewayProfile.noSpamProxy sets both externalClientCertificateName and presentsNoExternalClientCertificate', 'Keep the one that describes what NoSpamProxy presents when it delivers elsewhere.');
  }
  if (o.externalClientCertificateName !== undefined) {
    const problem = dnsCertificateNameProblem(normalName(o.externalClientCertificateName));
    if (problem) fail(where, `GatewayProfile.noSpamProxy: externalClientCertificateName '${o.externalClientCertificateName}' is not a certificate name: ${problem}`, 'Give the CN or a SAN of that certificate.');
  }
  return {
    outboundRouting: o.outboundRouting ?? NoSpamProxyOutboundRouting.ADDRESS_SPACE,
    enhancedFilteringSkipIps: [...(o.enhancedFilteringSkipIps ?? [])],
    restrictToCertificate: o.restrictToCertificate ?? NOSPAMPROXY_DEFAULTS.restrictToCertificate,
    externalClientCertificate: o.externalClientCertificateName !== undefined ? 'named' : o.presentsNoExternalClientCertificate ? 'none' : 'undeclared',
    ...(o.externalClientCertificateName !== undefined ? { externalClientCertificateName: normalName(o.externalClientCertificateName) } : {}),
  };
}

function ftapiModel(fqdn: string, o: FtapiOptions | undefined): FtapiModel {
  const defaults = ftapiDefaults(fqdn);
  return { domainValidation: o?.domainValidation ?? defaults.domainValidation, receivedMarker: o?.receivedHeaderMarker ?? defaults.receivedMarker };
}

/**
 * The part fields of the described parameters a public connector struct sets, in model form:
 * defaults filled in, names normalised, lists copied, a flag true or left out.
 */
function described(descriptors: readonly ConnectorParameter[], props: object): { [part: string]: unknown } {
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

function customProfileModel(where: string, o: CustomProfileOptions | undefined): CustomProfileModel {
  if (!o) fail(where, 'GatewayProfile.custom needs options', 'Give GatewayProfile.custom({ inboundConnector: {...}, outboundConnector: {...}, routingRules: [...] }).');
  if (!o.inboundConnector && !o.outboundConnector) fail(where, 'GatewayProfile.custom declares neither an inbound nor an outbound connector', 'Declare at least one connector.');
  const i = o.inboundConnector;
  let inbound: CustomInboundModel | undefined;
  if (i) {
    inbound = { name: i.name, comment: i.comment, identifyByCertificate: i.identifyByCertificate ?? true, ...described(INBOUND_CONNECTOR_PARAMETERS, i) } as CustomInboundModel;
  }
  const out = o.outboundConnector;
  let outbound: CustomOutboundModel | undefined;
  if (out) {
    for (const host of out.smartHosts ?? []) {
      const problem = dnsHostNameProblem(normalName(host));
      if (problem) fail(where, `GatewayProfile.custom: outboundConnector.smartHosts '${host}' is not usable: ${problem}`, 'Give the public DNS host name of the gateway.');
    }
    outbound = { name: out.name, comment: out.comment, ...described(OUTBOUND_CONNECTOR_PARAMETERS, out) } as CustomOutboundModel;
  }
  const rules: CustomRuleModel[] = (o.routingRules ?? []).map((r, n) => {
    const at = `GatewayProfile.custom: routingRules[${n}] '${r.name}'`;
    const routeToGateway = r.routeToGateway ?? true;
    if (routeToGateway && !outbound) fail(where, `${at} routes to the gateway, but the profile has no outboundConnector`, 'Declare outboundConnector, or set routeToGateway: false.');
    return {
      name: r.name,
      comment: r.comment,
      direction: r.direction,
      scopeToManagedDomains: r.scopeToManagedDomains ?? true,
      routeToGateway,
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
  });
  return { inboundConnector: inbound, outboundConnector: outbound, routingRules: rules, requireAllAcceptedDomainsManaged: o.requireAllAcceptedDomainsManaged ?? false };
}

/** What {@link gatewayNames} reads from MailGatewayProps. */
export interface GatewayNameProps {
  readonly fqdn?: string;
  readonly tlsCertificateName?: string;
}

const CLOUD_FIX = 'Give GatewayProfile.seppmailCloud({ region: SeppmailCloudRegion.CH, routing: SeppmailCloudRouting.PARALLEL }) (your booked region and mode).';

/**
 * The gateway's FQDN and certificate name: declared, or for SEPPmail.cloud derived from the
 * routing mode and region (a declared value that differs throws).
 */
export function gatewayNames(path: string, profile: GatewayProfileSettings, props: GatewayNameProps): { fqdn: string; tlsCertificateName: string } {
  const where = `MailGateway at ${path}`;
  if (profile.product === GatewayProduct.SEPPMAIL_CLOUD) {
    const cloud = profile.seppmailCloud;
    if (!cloud) fail(where, 'GatewayProfile.seppmailCloud needs options', CLOUD_FIX);
    const fqdn = seppmailCloudFqdn(cloud.routing);
    const tls = seppmailCloudTlsName(cloud.region);
    if (props.fqdn !== undefined && normalName(props.fqdn) !== fqdn) {
      fail(where, `fqdn '${props.fqdn}' is set for SEPPmail.cloud, whose smart hosts are derived per tenant (<domain-dashed>.${fqdn})`, 'Leave fqdn out.');
    }
    if (props.tlsCertificateName !== undefined && normalName(props.tlsCertificateName) !== tls) {
      fail(where, `tlsCertificateName '${props.tlsCertificateName}' differs from the certificate of SEPPmail.cloud region ${cloud.region} ('${tls}')`, 'Leave tlsCertificateName out.');
    }
    return { fqdn, tlsCertificateName: tls };
  }
  if (props.fqdn === undefined || props.fqdn === '') {
    fail(where, `fqdn is required for product ${profile.product}`, 'Set fqdn to the public DNS host name of the gateway (the smart host Exchange Online delivers to).');
  }
  // The names enter the model here, in their normal form (lower case, no trailing dot, xn--).
  const fqdn = normalName(props.fqdn);
  return { fqdn, tlsCertificateName: props.tlsCertificateName === undefined ? fqdn : normalName(props.tlsCertificateName) };
}
