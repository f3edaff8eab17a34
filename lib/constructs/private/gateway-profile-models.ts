/**
 * MailGateway product options -> the gateway model's product settings, with the checks that
 * belong to one prop (thrown in the constructor, naming the path and the fix). Enum members,
 * numeric ranges and empty marker values pass through as given: rules CBC017-CBC019 report them
 * with the other findings. Names enter the model here in their normal form (lib/core/idn.ts).
 */
import { FtapiModel, NoSpamProxyModel, SeppmailCloudModel } from '../../core/fleet';
import { dnsCertificateNameProblem, dnsHostNameProblem, normalName } from '../../core/idn';
import { efSkipIpProblem } from '../../core/connector-matrix-shared';
import { CustomProfileModel } from '../../core/exo-parts';
import { customProfileModelOf } from '../../core/custom-profile-model';
import { ftapiDefaults } from '../../profiles/ftapi';
import { NOSPAMPROXY_DEFAULTS } from '../../profiles/nospamproxy';
import { seppmailCloudFqdn, seppmailCloudTlsName } from '../../profiles/seppmail-cloud';
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
  for (const ip of o.enhancedFilteringSkipIps ?? []) {
    const problem = efSkipIpProblem(ip);
    if (problem) fail(where, `GatewayProfile.noSpamProxy: enhancedFilteringSkipIps '${ip}' is not usable: ${problem}`, 'List the public addresses NoSpamProxy sends from, as addresses, a-b ranges or CIDR ranges (New-InboundConnector EFSkipIPs).');
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

function customProfileModel(where: string, o: CustomProfileOptions | undefined): CustomProfileModel {
  if (!o) fail(where, 'GatewayProfile.custom needs options', 'Give GatewayProfile.custom({ inboundConnector: {...}, outboundConnector: {...}, routingRules: [...] }).');
  if (!o.inboundConnector && !o.outboundConnector) fail(where, 'GatewayProfile.custom declares neither an inbound nor an outbound connector', 'Declare at least one connector.');
  for (const host of o.outboundConnector?.smartHosts ?? []) {
    const problem = dnsHostNameProblem(normalName(host));
    if (problem) fail(where, `GatewayProfile.custom: outboundConnector.smartHosts '${host}' is not usable: ${problem}`, 'Give the public DNS host name of the gateway.');
  }
  for (const ip of o.inboundConnector?.efSkipIps ?? []) {
    const problem = efSkipIpProblem(ip);
    if (problem) fail(where, `GatewayProfile.custom: inboundConnector.efSkipIps '${ip}' is not usable: ${problem}`, 'List the public addresses the gateway sends from, as addresses, a-b ranges or CIDR ranges (New-InboundConnector EFSkipIPs).');
  }
  (o.routingRules ?? []).forEach((r, n) => {
    if ((r.routeToGateway ?? true) && !o.outboundConnector) {
      fail(where, `GatewayProfile.custom: routingRules[${n}] '${r.name}' routes to the gateway, but the profile has no outboundConnector`, 'Declare outboundConnector, or set routeToGateway: false.');
    }
  });
  return customProfileModelOf(o);
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
