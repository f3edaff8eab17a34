/**
 * Gateway models of every product, and tenants on them, for the profile tests.
 */
import { DesiredObject } from '../../lib/core/exo-model';
import { GatewayModel, SEPPMAIL_MARKERS, TenantModel } from '../../lib/core/fleet';
import { CustomProfileModel } from '../../lib/profiles/custom';
import { NOSPAMPROXY_DEFAULTS } from '../../lib/profiles/nospamproxy';
import { seppmailCloudCertificateName } from '../../lib/profiles/seppmail-cloud';
import { profileTraits } from '../../lib/profiles/traits';
import { GATEWAY, tenant } from '../helpers/fleet-fixtures';

const policy = GATEWAY.certificatePolicy;

export function cloudGateway(routing: 'parallel' | 'inline' = 'parallel', extra: Partial<NonNullable<GatewayModel['seppmailCloud']>> = {}, region: 'ch' | 'de' | 'prv' | 'dev' = 'ch'): GatewayModel {
  return {
    path: `app/stack/Cloud${routing}`,
    product: 'seppmail-cloud',
    traits: profileTraits('seppmail-cloud'),
    fqdn: routing === 'inline' ? 'relay.seppmail.cloud' : 'mail.seppmail.cloud',
    tlsCertificateName: `*.${region}.seppmail.cloud`,
    markers: SEPPMAIL_MARKERS,
    certificatePolicy: policy,
    seppmailCloud: { region, routing, inboundOnly: false, tenantPrerequisitesConfirmed: true, ...extra },
  };
}

export function nspGateway(extra: Partial<NonNullable<GatewayModel['noSpamProxy']>> = {}): GatewayModel {
  return {
    path: 'app/stack/Nsp',
    product: 'nospamproxy',
    traits: profileTraits('nospamproxy'),
    fqdn: 'nsp.provider.example',
    tlsCertificateName: 'nsp.provider.example',
    markers: SEPPMAIL_MARKERS,
    certificatePolicy: policy,
    noSpamProxy: { ...NOSPAMPROXY_DEFAULTS, externalClientCertificate: 'named', externalClientCertificateName: 'nsp.provider.example', ...extra },
  };
}

export function ftapiGateway(extra: Partial<NonNullable<GatewayModel['ftapi']>> = {}): GatewayModel {
  return {
    path: 'app/stack/Ftapi',
    product: 'ftapi',
    traits: profileTraits('ftapi'),
    fqdn: 'ftapi-smime.provider.example',
    tlsCertificateName: '*.provider.example',
    markers: SEPPMAIL_MARKERS,
    certificatePolicy: policy,
    ftapi: { domainValidation: true, receivedMarker: 'ftapi-smime.provider.example', ...extra },
  };
}

/** A custom layout like the SEPPmail appliance's, from parts. */
export const CUSTOM_LAYOUT: CustomProfileModel = {
  inboundConnector: { name: '[GW] Gateway -> ExchangeOnline', connectorType: 'OnPremises', senderDomains: ['*'], identifyByCertificate: true, requireTls: true, efSkipLastIp: true },
  outboundConnector: { name: '[GW] ExchangeOnline -> Gateway', connectorType: 'OnPremises', isTransportRuleScoped: true, useMxRecord: false, tlsSettings: 'DomainValidation' },
  routingRules: [
    { name: '[GW] Route inbound', direction: 'inbound', scopeToManagedDomains: true, routeToGateway: true, exceptIfHeaderContains: { header: 'X-GW-processed', values: ['yes'] } },
    { name: '[GW] Route outbound', direction: 'outbound', scopeToManagedDomains: true, routeToGateway: true, exceptIfHeaderContains: { header: 'X-GW-processed', values: ['yes'] }, exceptIfOutOfOffice: true },
  ],
  requireAllAcceptedDomainsManaged: false,
};

export function customGateway(profile: CustomProfileModel = CUSTOM_LAYOUT): GatewayModel {
  return {
    path: 'app/stack/Custom',
    product: 'custom',
    traits: profileTraits('custom'),
    fqdn: 'gw.provider.example',
    tlsCertificateName: 'gw.provider.example',
    markers: SEPPMAIL_MARKERS,
    certificatePolicy: policy,
    customProfile: profile,
  };
}

/** A tenant on a SEPPmail.cloud gateway: its CBC name is the vendor's. */
export function cloudTenant(name: string, gateway: GatewayModel, overrides: Partial<TenantModel> = {}): TenantModel {
  const t = tenant(name, { gateway, ...overrides });
  return { ...t, cbcCertificateName: seppmailCloudCertificateName(t.tenantId, gateway.seppmailCloud!.region), ...overrides };
}

/** A tenant on any other gateway: CBC name `mail.<name>.com`. */
export function gatewayTenant(name: string, gateway: GatewayModel, overrides: Partial<TenantModel> = {}): TenantModel {
  return tenant(name, { gateway, cbcCertificateName: `mail.${name.toLowerCase()}.com`, ...overrides });
}

export function byName(objects: DesiredObject[], name: string) {
  const o = objects.find((x) => x.name === name);
  if (!o) throw new Error(`no object ${name}; have ${objects.map((x) => x.name).join(', ')}`);
  return o.parameters;
}

/** Every built-in profile and mode, as one tenant each (for catalogue and matrix tests). */
export function everyProfileVariant(): [string, TenantModel][] {
  return [
    ['SEPPmail appliance', tenant('Appliance')],
    ['SEPPmail appliance, all content, restricted', tenant('ApplianceAll', { connector: { path: 'c', rulesEnabled: false, rulePlacement: 'Bottom', cryptoContentOnly: false, sclInboundThreshold: -1, connectorsEnabled: false, restrictDomainsToCertificate: true } })],
    ['Postfix', gatewayTenant('Postfix', { ...GATEWAY, path: 'app/stack/Postfix', product: 'postfix', traits: profileTraits('postfix') })],
    ['SEPPmail.cloud parallel', cloudTenant('CloudP', cloudGateway('parallel'))],
    ['SEPPmail.cloud parallel, all content', cloudTenant('CloudPAll', cloudGateway('parallel'), { connector: { path: 'c', rulesEnabled: true, rulePlacement: 'Bottom', cryptoContentOnly: false, sclInboundThreshold: 6, connectorsEnabled: true, restrictDomainsToCertificate: false } })],
    ['SEPPmail.cloud inline', cloudTenant('CloudI', cloudGateway('inline'))],
    ['SEPPmail.cloud inline, inbound only', cloudTenant('CloudIO', cloudGateway('inline', { inboundOnly: true }))],
    ['NoSpamProxy, address space', gatewayTenant('NspA', nspGateway())],
    ['NoSpamProxy, transport rule, skip IPs', gatewayTenant('NspR', nspGateway({ outboundRouting: 'transport-rule', enhancedFilteringSkipIps: ['203.0.113.10', '203.0.113.11'] }))],
    ['FTAPI, domain validation', gatewayTenant('FtapiD', ftapiGateway())],
    ['FTAPI, CA validation only', gatewayTenant('FtapiC', ftapiGateway({ domainValidation: false }))],
    ['custom', gatewayTenant('Custom', customGateway())],
  ];
}
