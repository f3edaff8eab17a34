/**
 * The desired-state document of an exported fleet-file entry, built without cdktf the way synth
 * builds it (FleetFile -> MailGateway / TenantGateway / CbcConnector -> their models ->
 * lib/profiles tenantDocument): the same defaults and normal forms as the constructs
 * (mail-gateway.ts, private/gateway-profile-models.ts, cbc-connector.ts). A test synthesizes the
 * written entry through FleetFile and compares the two documents.
 */
import { ExportedGateway, ExportedTenant } from '../core/export/recognise';
import { customProfileModelOf } from '../core/custom-profile-model';
import { ExchangeAccessReference, TenantDesiredState } from '../core/exo-model';
import { ConnectorOptions, DEFAULTS, GatewayModel, SEPPMAIL_MARKERS, SeppmailCloudRegionValue, TenantModel } from '../core/fleet';
import { normalName } from '../core/idn';
import { tenantDocument } from '../profiles';
import { ftapiDefaults } from '../profiles/ftapi';
import { NOSPAMPROXY_DEFAULTS } from '../profiles/nospamproxy';
import { seppmailCloudCertificateName, seppmailCloudFqdn, seppmailCloudTlsName } from '../profiles/seppmail-cloud';
import { profileTraits } from '../profiles/traits';

/** The gateway model of an exported gateway entry. */
export function exportedGatewayModel(name: string, g: ExportedGateway): GatewayModel {
  const base = { path: `export/${name}`, product: g.profile, traits: profileTraits(g.profile), markers: SEPPMAIL_MARKERS, certificatePolicy: { expiryWarningDays: DEFAULTS.expiryWarningDays, expiryErrorDays: DEFAULTS.expiryErrorDays, at: new Date().toISOString() } };
  if (g.profile === 'seppmail-cloud') {
    const c = g.seppmailCloud!;
    const region = c.region as SeppmailCloudRegionValue;
    return { ...base, fqdn: seppmailCloudFqdn(c.routing), tlsCertificateName: seppmailCloudTlsName(region), seppmailCloud: { region, routing: c.routing, inboundOnly: c.inboundOnly ?? false, tenantPrerequisitesConfirmed: false } };
  }
  const fqdn = normalName(g.fqdn!);
  const names = { fqdn, tlsCertificateName: g.tlsCertificateName === undefined ? fqdn : normalName(g.tlsCertificateName) };
  if (g.profile === 'custom') return { ...base, ...names, customProfile: customProfileModelOf(g.customProfile ?? {}) };
  if (g.profile === 'nospamproxy') {
    const n = g.noSpamProxy ?? {};
    return {
      ...base,
      ...names,
      noSpamProxy: {
        outboundRouting: n.outboundRouting ?? NOSPAMPROXY_DEFAULTS.outboundRouting,
        enhancedFilteringSkipIps: [...(n.enhancedFilteringSkipIps ?? [])],
        restrictToCertificate: n.restrictToCertificate ?? NOSPAMPROXY_DEFAULTS.restrictToCertificate,
        externalClientCertificate: 'undeclared',
      },
    };
  }
  if (g.profile === 'ftapi') {
    const d = ftapiDefaults(fqdn);
    return { ...base, ...names, ftapi: { domainValidation: g.ftapi?.domainValidation ?? d.domainValidation, receivedMarker: g.ftapi?.receivedHeaderMarker ?? d.receivedMarker } };
  }
  return { ...base, ...names };
}

/** The tenant document synth writes for an exported entry served by `gateway`. */
export function exportedTenantDocument(name: string, entry: ExportedTenant, gateway: GatewayModel, access: ExchangeAccessReference): TenantDesiredState {
  const path = `export/${name}`;
  const c = entry.connector;
  const connector: ConnectorOptions | undefined = c === undefined ? undefined : {
    path: `${path}/Connector`,
    rulesEnabled: c.rulesEnabled ?? DEFAULTS.rulesEnabled,
    rulePlacement: c.rulePlacement,
    cryptoContentOnly: c.cryptoContentOnly ?? DEFAULTS.cryptoContentOnly,
    sclInboundThreshold: DEFAULTS.sclInboundThreshold,
    connectorsEnabled: DEFAULTS.connectorsEnabled,
    restrictDomainsToCertificate: DEFAULTS.restrictDomainsToCertificate,
    inboundConnectorName: c.inboundConnectorName,
    outboundConnectorName: c.outboundConnectorName,
    ruleNamePrefix: undefined,
  };
  const derived = gateway.seppmailCloud ? seppmailCloudCertificateName(entry.tenantId, gateway.seppmailCloud.region) : undefined;
  const model: TenantModel = {
    path,
    name,
    tenantId: entry.tenantId,
    initialDomain: entry.initialDomain,
    cbcCertificateName: derived ?? normalName(entry.cbcCertificateName!),
    access,
    retired: false,
    adoptExisting: entry.adoptExisting,
    gateway,
    domains: entry.domains.map((domain, i) => ({ path: `${path}/Domain${i + 1}`, domain: normalName(domain) })),
    connector,
  };
  return tenantDocument(model);
}
