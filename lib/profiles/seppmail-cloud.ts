/**
 * SEPPmail.cloud (SaaS), parallel and inline routing, with the connector and rule sets of
 * SEPPmail's own module SEPPmail365cloud 2.0.2 (New-SC365Connectors, New-SC365Rules; shared
 * reference seppmail365.md §2.2, §3.2, §7, and the module's ExOConfig JSON at 125f39c):
 *
 *  - parallel (MX stays at Microsoft): OnPremises inbound connector restricted to the tenant's
 *    SEPPmail.cloud certificate, rule-scoped OnPremises outbound connector to
 *    `<domain-dashed>.mail.seppmail.cloud`, rules 100/110/120/200 and header cleaning 300-700;
 *  - inline (MX at `<domain-dashed>.gate.seppmail.cloud`): Partner inbound connector for
 *    `smtp:*;1` restricted to the certificate, rule-scoped Partner outbound connector to
 *    `<domain-dashed>.relay.seppmail.cloud` and rule 200; inbound-only leaves out both.
 *
 * The certificate the cloud presents to a tenant is SEPPmail's, named
 * `<tenant id>.<region>.seppmail.cloud`; the outbound connectors validate the region's
 * `*.<region>.seppmail.cloud`. Smart hosts derive from the tenant's first managed domain (the
 * module's -SEPPmailCloudDomain, normally the default domain).
 *
 * Deliberate differences from the module, documented in docs/profiles.md: rule 060 (a version header
 * on every message) is not created; rules 110/120 are scoped to the managed domains like 100 (the
 * module's 2.0.2 code leaves 110 without its domain list and `-----BEGIN PGP` condition because
 * its `switch` still names the old rule, and 120 unscoped); with cryptoContentOnly off, 110/120
 * are left out as in the appliance profile; the module's side effects on tenant policies
 * (ArcConfig, HostedContentFilterPolicy AllowedSenders) are not made (rule CBC057 names them).
 * No cdktf import: plain data.
 */
import { DesiredObject } from '../core/exo-model';
import { ConnectorOptions, GatewayModel, SeppmailCloudModel, SeppmailCloudRegionValue, SeppmailCloudRoutingValue, TenantModel, defaultConnectorOptions } from '../core/fleet';
import { RoutingRulePart, inboundConnectorObject, managedDomainsOf, outboundConnectorObject, routingRuleObject } from './custom';
import { CRYPTO_CONTENT_TYPES, SECURITY_TAGS, seppmailInboundRoute, seppmailOutboundRoute } from './seppmail-rules';
import { isInDomain } from '../core/names';
import { ERRORS, libraryError } from '../core/errors';

/** The module's object names (so existing setups can be adopted with adoptExisting). */
export const SEPPMAIL_CLOUD_NAMES = {
  inboundParallel: '[SEPPmail.cloud] Inbound-Parallel',
  outboundParallel: '[SEPPmail.cloud] Outbound-Parallel',
  inboundInline: '[SEPPmail.cloud] Inbound-InLine',
  outboundInline: '[SEPPmail.cloud] Outbound-InLine',
  rulePrefix: '[SEPPmail.cloud] - ',
} as const;

/** The zone of the cloud's hosts. */
export const SEPPMAIL_CLOUD_ZONE = 'seppmail.cloud';

/** `<domain with dots as dashes>.<kind>.seppmail.cloud`, as New-SC365Connectors derives the smart host. */
export function seppmailCloudHost(domain: string, kind: 'mail' | 'relay' | 'gate'): string {
  return `${domain.toLowerCase().replace(/\./g, '-')}.${kind}.${SEPPMAIL_CLOUD_ZONE}`;
}

/** The region's certificate name (GeoRegion.json `TlsCertificate`), the outbound `TlsDomain`. */
export function seppmailCloudTlsName(region: SeppmailCloudRegionValue): string {
  return `*.${region}.${SEPPMAIL_CLOUD_ZONE}`;
}

/** The tenant's CBC name: `<tenant id>.<region>.seppmail.cloud` (New-SC365Connectors `$TenantIdCertificateName`). */
export function seppmailCloudCertificateName(tenantId: string, region: SeppmailCloudRegionValue): string {
  return `${tenantId.toLowerCase()}.${region}.${SEPPMAIL_CLOUD_ZONE}`;
}

/** The gateway's FQDN in the model: the zone of the per-domain smart hosts of the routing mode. */
export function seppmailCloudFqdn(routing: SeppmailCloudRoutingValue): string {
  return `${routing === 'inline' ? 'relay' : 'mail'}.${SEPPMAIL_CLOUD_ZONE}`;
}

/** The domain the smart hosts derive from: the first managed domain that is not `*.onmicrosoft.com`. */
export function seppmailCloudDomain(tenant: TenantModel): string | undefined {
  return managedDomainsOf(tenant).find((d) => !isOnMicrosoft(d)) ?? managedDomainsOf(tenant)[0];
}

function isOnMicrosoft(domain: string): boolean {
  return isInDomain(domain, 'onmicrosoft.com');
}

function cloudSettings(gateway: GatewayModel): SeppmailCloudModel {
  if (!gateway.seppmailCloud) throw libraryError(ERRORS.INTERNAL, `the SEPPmail.cloud gateway ${gateway.path} has no seppmailCloud settings`);
  return gateway.seppmailCloud;
}

interface CloudNames {
  readonly inbound: string;
  readonly outbound: string;
  readonly rule: (number: string, title: string) => string;
}

function namesFor(routing: SeppmailCloudRoutingValue, options: ConnectorOptions): CloudNames {
  const prefix = options.ruleNamePrefix ?? SEPPMAIL_CLOUD_NAMES.rulePrefix;
  return {
    inbound: options.inboundConnectorName ?? (routing === 'inline' ? SEPPMAIL_CLOUD_NAMES.inboundInline : SEPPMAIL_CLOUD_NAMES.inboundParallel),
    outbound: options.outboundConnectorName ?? (routing === 'inline' ? SEPPMAIL_CLOUD_NAMES.outboundInline : SEPPMAIL_CLOUD_NAMES.outboundParallel),
    rule: (number, title) => `${prefix}${number} ${title}`,
  };
}

/**
 * The inbound connector of either routing, restricted to the certificate SEPPmail.cloud presents
 * for the tenant: inline, a Partner connector for `smtp:*;1`; parallel, an OnPremises connector
 * for `*`, not restricted to IP addresses.
 */
function cloudInboundConnector(name: string, cloud: SeppmailCloudModel, certificateName: string, enabled: boolean): DesiredObject {
  const inline = cloud.routing === 'inline';
  return inboundConnectorObject({
    name,
    comment: `Accepts mail from SEPPmail.cloud (${inline ? 'inline' : 'parallel'}, region ${cloud.region}) presenting the certificate for ${certificateName}.`,
    connectorType: inline ? 'Partner' : 'OnPremises',
    enabled,
    senderDomains: inline ? ['smtp:*;1'] : ['*'],
    tlsSenderCertificateName: certificateName,
    requireTls: true,
    restrictDomainsToCertificate: true,
    ...(inline ? {} : { restrictDomainsToIpAddresses: false }),
    cloudServicesMailEnabled: false,
    efSkipLastIp: true,
  });
}

/**
 * The desired Exchange Online objects of one tenant, in creation order: inbound connector,
 * outbound connector (not with inboundOnly), then the rules in priority order.
 */
export function seppmailCloudObjects(tenant: TenantModel): DesiredObject[] {
  const gateway = tenant.gateway;
  const cloud = cloudSettings(gateway);
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const names = namesFor(cloud.routing, options);
  const tlsDomain = seppmailCloudTlsName(cloud.region);
  const certificateName = seppmailCloudCertificateName(tenant.tenantId, cloud.region);
  const smartHostDomain = seppmailCloudDomain(tenant) ?? tenant.initialDomain;
  // New-SC365Rules drops onmicrosoft.com domains from the rules' domain lists.
  const domains = managedDomainsOf(tenant).filter((d) => !isOnMicrosoft(d));
  const m = gateway.markers;

  if (cloud.routing === 'inline') {
    const objects: DesiredObject[] = [cloudInboundConnector(names.inbound, cloud, certificateName, options.connectorsEnabled)];
    if (cloud.inboundOnly) return objects;
    objects.push(
      outboundConnectorObject({
        name: names.outbound,
        comment: `Routes outgoing mail selected by the [SEPPmail.cloud] rules to SEPPmail.cloud (inline, region ${cloud.region}).`,
        connectorType: 'Partner',
        enabled: options.connectorsEnabled,
        cloudServicesMailEnabled: false,
        isTransportRuleScoped: true,
        smartHosts: [seppmailCloudHost(smartHostDomain, 'relay')],
        tlsSettings: 'DomainValidation',
        tlsDomain,
        useMxRecord: false,
      }),
      routingRuleObject({
        name: names.rule('200', 'Route outgoing e-mails to SEPPmail'),
        comment: 'Routes outbound mail of the managed domains to SEPPmail.cloud.',
        enabled: options.rulesEnabled,
        fromScope: 'InOrganization',
        sentToScope: 'NotInOrganization',
        senderDomainIs: domains,
        exceptIfSclOver: 9,
        routeMessageOutboundConnector: names.outbound,
        setHeaderName: m.direction,
        setHeaderValue: 'outbound',
        senderAddressLocation: 'Header',
        setAuditSeverity: 'Low',
      }),
    );
    return objects;
  }

  const objects: DesiredObject[] = [
    cloudInboundConnector(names.inbound, cloud, certificateName, options.connectorsEnabled),
    outboundConnectorObject({
      name: names.outbound,
      comment: `Routes mail selected by the [SEPPmail.cloud] rules to SEPPmail.cloud (parallel, region ${cloud.region}).`,
      connectorType: 'OnPremises',
      enabled: options.connectorsEnabled,
      cloudServicesMailEnabled: false,
      isTransportRuleScoped: true,
      smartHosts: [seppmailCloudHost(smartHostDomain, 'mail')],
      tlsSettings: 'DomainValidation',
      tlsDomain,
      useMxRecord: false,
    }),
  ];
  const inboundRoute: Omit<RoutingRulePart, 'name' | 'comment'> = {
    enabled: options.rulesEnabled,
    ...seppmailInboundRoute(m, domains, names.outbound, options),
    setAuditSeverity: 'Low',
  };
  objects.push(
    routingRuleObject({
      ...inboundRoute,
      name: names.rule('100', 'Route incoming e-mails to SEPPmail'),
      comment: 'Routes inbound mail for the managed domains to SEPPmail.cloud for crypto processing.',
      headerContains: options.cryptoContentOnly ? { header: 'content-type', values: CRYPTO_CONTENT_TYPES } : undefined,
      setHeaderName: m.direction,
      setHeaderValue: 'inbound',
    }),
  );
  if (options.cryptoContentOnly) {
    objects.push(
      routingRuleObject({
        ...inboundRoute,
        name: names.rule('110', 'Route incoming BGP e-mails to SEPPmail'),
        comment: 'Routes inbound PGP mail for the managed domains to SEPPmail.cloud.',
        subjectOrBodyContainsWords: ['-----BEGIN PGP'],
      }),
      routingRuleObject({
        ...inboundRoute,
        name: names.rule('120', 'Route incoming tagged e-mails to SEPPmail'),
        comment: 'Routes inbound mail whose subject carries a security tag to SEPPmail.cloud for tag cleaning.',
        subjectContainsWords: SECURITY_TAGS,
      }),
    );
  }
  objects.push(
    routingRuleObject({
      name: names.rule('200', 'Route outgoing e-mails to SEPPmail'),
      comment: 'Routes outbound mail of the managed domains to SEPPmail.cloud for crypto processing.',
      enabled: options.rulesEnabled,
      ...seppmailOutboundRoute(m, domains, names.outbound),
      setAuditSeverity: 'Low',
    }),
  );
  const cleaning: [string, string, string][] = [
    ['300', 'Clean outbound SEPPmail header decrypted', 'X-SM-decrypted'],
    ['400', 'Clean outbound SEPPmail header encrypted', 'X-SM-encrypted'],
    ['500', 'Clean outbound SEPPmail header outgoing', 'X-SM-outgoing'],
    ['600', 'Clean outbound SEPPmail header smarthost', 'X-SM-smarthost'],
    ['700', 'Clean outbound header X-sepp-smarthost', 'X-sepp-smarthost'],
  ];
  for (const [number, title, header] of cleaning) {
    objects.push(
      routingRuleObject({
        name: names.rule(number, title),
        comment: `Removes the SEPPmail.cloud header ${header} from mail leaving the organization.`,
        enabled: options.rulesEnabled,
        fromScope: 'InOrganization',
        sentToScope: 'NotInOrganization',
        removeHeader: header,
        senderAddressLocation: 'Header',
        setAuditSeverity: 'Low',
      }),
    );
  }
  return objects;
}
