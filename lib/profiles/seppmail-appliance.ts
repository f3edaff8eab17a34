/**
 * SEPPmail appliance, "parallel" mode (MX stays at Microsoft), with a certificate-based inbound
 * connector per tenant. Parameter sets follow SEPPmail's own module, SEPPmail365 1.3.0
 * (New-SM365Connectors, New-SM365Rules; shared reference seppmail365.md §2.1 and §3.1), with
 * two deliberate differences, both documented in docs/fleet.md:
 *  - routing rules are scoped by a positive list of the tenant's managed domains
 *    (RecipientDomainIs / SenderDomainIs), as SEPPmail.cloud does since 1.3.0, instead of
 *    excluding every other accepted domain (which synth cannot know);
 *  - with cryptoContentOnly off, rules 110/120 are left out: rule 100 then routes all inbound
 *    mail and stops rule processing, so 110/120 could never match.
 * No cdktf import: plain data.
 */
import { DesiredObject } from '../core/exo-model';
import { ConnectorOptions, TenantModel, defaultConnectorOptions } from '../core/fleet';
import { inboundConnectorObject, managedDomainsOf, outboundConnectorObject, routingRuleObject } from './custom';
import { CRYPTO_CONTENT_TYPES, RuleBody, SECURITY_TAGS, seppmailInboundRoute, seppmailOutboundRoute } from './seppmail-rules';

/** Default object names, as SEPPmail365 names them (so existing setups can be adopted). */
export const SEPPMAIL_NAMES = {
  outboundConnector: '[SEPPmail] ExchangeOnline -> Appliance',
  inboundConnector: '[SEPPmail] Appliance -> ExchangeOnline',
  rulePrefix: '[SEPPmail] - ',
} as const;

export interface SeppmailObjectNames {
  readonly inboundConnector: string;
  readonly outboundConnector: string;
  readonly rule: (number: string, title: string) => string;
}

/** The names a tenant's objects get, honouring its overrides. */
export function seppmailNames(options: ConnectorOptions): SeppmailObjectNames {
  const prefix = options.ruleNamePrefix ?? SEPPMAIL_NAMES.rulePrefix;
  return {
    inboundConnector: options.inboundConnectorName ?? SEPPMAIL_NAMES.inboundConnector,
    outboundConnector: options.outboundConnectorName ?? SEPPMAIL_NAMES.outboundConnector,
    rule: (number, title) => `${prefix}${number} ${title}`,
  };
}

/**
 * The desired Exchange Online objects of one tenant, in creation order: inbound connector,
 * outbound connector, then the rules in priority order (100, 110, 120, 200, 300-600).
 */
export function seppmailApplianceObjects(tenant: TenantModel): DesiredObject[] {
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const names = seppmailNames(options);
  const gateway = tenant.gateway;
  const m = gateway.markers;
  const domains = managedDomainsOf(tenant);
  const rule = (number: string, title: string, comment: string, body: RuleBody) =>
    routingRuleObject({ name: names.rule(number, title), comment, enabled: options.rulesEnabled, setAuditSeverity: 'Low', mode: 'Enforce', ...body });

  const inboundRoute: RuleBody = { ...seppmailInboundRoute(m, domains, names.outboundConnector, options), setHeaderName: m.direction, setHeaderValue: 'inbound' };

  const objects: DesiredObject[] = [
    inboundConnectorObject({
      name: names.inboundConnector,
      comment: `Accepts mail from the SEPPmail appliance ${gateway.fqdn} presenting the certificate for ${tenant.cbcCertificateName}.`,
      connectorType: 'OnPremises',
      enabled: options.connectorsEnabled,
      senderDomains: ['*'],
      tlsSenderCertificateName: tenant.cbcCertificateName,
      requireTls: true,
      restrictDomainsToCertificate: options.restrictDomainsToCertificate || undefined,
      cloudServicesMailEnabled: false,
      efSkipLastIp: true,
    }),
    outboundConnectorObject({
      name: names.outboundConnector,
      comment: 'Mail selected by the [SEPPmail] transport rules is routed to the SEPPmail appliance.',
      connectorType: 'OnPremises',
      enabled: options.connectorsEnabled,
      isTransportRuleScoped: true,
      smartHosts: [gateway.fqdn],
      useMxRecord: false,
      tlsSettings: 'DomainValidation',
      tlsDomain: gateway.tlsCertificateName,
      cloudServicesMailEnabled: false,
    }),
    rule('100', 'Route incoming e-mails to SEPPmail', 'Routes inbound mail for the managed domains to the SEPPmail appliance.', {
      ...inboundRoute,
      headerContains: options.cryptoContentOnly ? { header: 'content-type', values: CRYPTO_CONTENT_TYPES } : undefined,
    }),
  ];
  if (options.cryptoContentOnly) {
    objects.push(
      rule('110', 'Route incoming PGP e-mails to SEPPmail', 'Routes inbound PGP mail for the managed domains to the SEPPmail appliance.', { ...inboundRoute, subjectOrBodyContainsWords: ['-----BEGIN PGP'] }),
      rule('120', 'Route incoming tagged e-mails to SEPPmail', 'Routes inbound mail carrying security tags to the SEPPmail appliance.', { ...inboundRoute, subjectOrBodyContainsWords: SECURITY_TAGS }),
    );
  }
  objects.push(
    rule('200', 'Route outgoing e-mails to SEPPmail', 'Routes outbound mail of the managed domains to the SEPPmail appliance.', seppmailOutboundRoute(m, domains, names.outboundConnector)),
  );
  const cleanTitles: { [header: string]: string } = {
    'X-SM-decrypted': 'decrypted',
    'X-SM-encrypted': 'encrypted',
    'X-SM-outgoing': 'outgoing',
    'X-SM-smarthost': 'smarthost',
  };
  m.cleanOutbound.forEach((header, i) => {
    objects.push(
      rule(String(300 + i * 100), `Clean outbound SEPPmail header ${cleanTitles[header] ?? header}`, `Removes the gateway header ${header} from mail leaving the organization.`, {
        fromScope: 'InOrganization',
        sentToScope: 'NotInOrganization',
        removeHeader: header,
      }),
    );
  });
  return objects;
}
