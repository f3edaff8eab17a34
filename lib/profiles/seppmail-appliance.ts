/**
 * SEPPmail appliance, "parallel" mode (MX stays at Microsoft), with a certificate-based inbound
 * connector per tenant. Parameter sets follow SEPPmail's own module, SEPPmail365 1.3.0
 * (New-SM365Connectors, New-SM365Rules; shared reference seppmail365.md §2.1 and §3.1), with
 * two deliberate differences, both documented in the README:
 *  - routing rules are scoped by a positive list of the tenant's managed domains
 *    (RecipientDomainIs / SenderDomainIs), as SEPPmail.cloud does since 1.3.0, instead of
 *    excluding every other accepted domain (which synth cannot know);
 *  - with cryptoContentOnly off, rules 110/120 are left out: rule 100 then routes all inbound
 *    mail and stops rule processing, so 110/120 could never match.
 * No cdktf import: plain data.
 */
import { DesiredObject, ExoParameters, MANAGED_MARKER } from '../core/exo-model';
import { ConnectorOptions, GatewayModel, TenantModel, defaultConnectorOptions } from '../core/fleet';

/** Default object names, as SEPPmail365 names them (so existing setups can be adopted). */
export const SEPPMAIL_NAMES = {
  outboundConnector: '[SEPPmail] ExchangeOnline -> Appliance',
  inboundConnector: '[SEPPmail] Appliance -> ExchangeOnline',
  rulePrefix: '[SEPPmail] - ',
} as const;

/** Content types that mark S/MIME and PGP content (SEPPmail rule 100, CryptoContentOnly). */
export const CRYPTO_CONTENT_TYPES = [
  'application/x-pkcs7-mime',
  'application/pkcs7-mime',
  'application/x-pkcs7-signature',
  'application/pkcs7-signature',
  'multipart/signed',
  'application/pgp-signature',
  'multipart/encrypted',
  'application/pgp-encrypted',
  'application/octet-stream',
];

/** Subject/body tags that rule 120 sends back to the appliance (tag-spoofing clean-up). */
export const SECURITY_TAGS = ['[signed OK]', '[secure]', '[secured by HIN]', '[signed invalid]', '[not secured by HIN]'];

/** Comment text with the managed marker appended. */
export function markedComment(text: string, marker: string = MANAGED_MARKER): string {
  return `${text} ${marker}`;
}

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

function inboundConnector(tenant: TenantModel, options: ConnectorOptions, names: SeppmailObjectNames): DesiredObject {
  const parameters: ExoParameters = {
    Name: names.inboundConnector,
    Comment: markedComment(`Accepts mail from the SEPPmail appliance ${tenant.gateway.fqdn} presenting the certificate for ${tenant.cbcCertificateName}.`),
    CloudServicesMailEnabled: false,
    ConnectorSource: 'Default',
    ConnectorType: 'OnPremises',
    Enabled: options.connectorsEnabled,
    EFSkipLastIP: true,
    RequireTls: true,
    SenderDomains: ['*'],
    TlsSenderCertificateName: tenant.cbcCertificateName,
  };
  if (options.restrictDomainsToCertificate) {
    parameters.RestrictDomainsToCertificate = true;
  }
  return { kind: 'InboundConnector', name: names.inboundConnector, parameters };
}

function outboundConnector(gateway: GatewayModel, options: ConnectorOptions, names: SeppmailObjectNames): DesiredObject {
  return {
    kind: 'OutboundConnector',
    name: names.outboundConnector,
    parameters: {
      Name: names.outboundConnector,
      Comment: markedComment('Mail selected by the [SEPPmail] transport rules is routed to the SEPPmail appliance.'),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      IsTransportRuleScoped: true,
      CloudServicesMailEnabled: false,
      SmartHosts: [gateway.fqdn],
      TlsDomain: gateway.tlsCertificateName,
      TlsSettings: 'DomainValidation',
      UseMXRecord: false,
      Enabled: options.connectorsEnabled,
    },
  };
}

function rule(name: string, comment: string, options: ConnectorOptions, body: ExoParameters): DesiredObject {
  return {
    kind: 'TransportRule',
    name,
    parameters: {
      Name: name,
      ...body,
      SetAuditSeverity: 'Low',
      Mode: 'Enforce',
      Enabled: options.rulesEnabled,
      Comments: markedComment(comment),
    },
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
  const domains = tenant.domains.map((d) => d.domain.toLowerCase());

  const inboundExceptions: ExoParameters = {
    ExceptIfHeaderMatchesMessageHeader: m.internal.name,
    ExceptIfHeaderMatchesPatterns: [m.internal.value],
    ExceptIfHeaderContainsMessageHeader: m.incoming.name,
    ExceptIfHeaderContainsWords: [m.incoming.value],
    ExceptIfSCLOver: options.sclInboundThreshold,
  };
  const inboundRoute: ExoParameters = {
    FromScope: 'NotInOrganization',
    SentToScope: 'InOrganization',
    RecipientDomainIs: domains,
    RouteMessageOutboundConnector: names.outboundConnector,
    SetHeaderName: m.direction,
    SetHeaderValue: 'inbound',
    SenderAddressLocation: 'HeaderOrEnvelope',
    StopRuleProcessing: true,
  };

  const objects: DesiredObject[] = [inboundConnector(tenant, options, names), outboundConnector(gateway, options, names)];

  const rule100: ExoParameters = { ...inboundRoute, ...inboundExceptions };
  if (options.cryptoContentOnly) {
    rule100.HeaderContainsMessageHeader = 'content-type';
    rule100.HeaderContainsWords = [...CRYPTO_CONTENT_TYPES];
  }
  objects.push(rule(names.rule('100', 'Route incoming e-mails to SEPPmail'), 'Routes inbound mail for the managed domains to the SEPPmail appliance.', options, rule100));
  if (options.cryptoContentOnly) {
    objects.push(
      rule(names.rule('110', 'Route incoming PGP e-mails to SEPPmail'), 'Routes inbound PGP mail for the managed domains to the SEPPmail appliance.', options, {
        ...inboundRoute,
        ...inboundExceptions,
        SubjectOrBodyContainsWords: ['-----BEGIN PGP'],
      }),
    );
    objects.push(
      rule(names.rule('120', 'Route incoming tagged e-mails to SEPPmail'), 'Routes inbound mail carrying security tags to the SEPPmail appliance.', options, {
        ...inboundRoute,
        ...inboundExceptions,
        SubjectOrBodyContainsWords: [...SECURITY_TAGS],
      }),
    );
  }
  objects.push(
    rule(names.rule('200', 'Route outgoing e-mails to SEPPmail'), 'Routes outbound mail of the managed domains to the SEPPmail appliance.', options, {
      FromScope: 'InOrganization',
      SentToScope: 'NotInOrganization',
      SenderDomainIs: domains,
      ExceptIfHeaderMatchesMessageHeader: m.internal.name,
      ExceptIfHeaderMatchesPatterns: [m.internal.value],
      ExceptIfHeaderContainsMessageHeader: m.outgoing.name,
      ExceptIfHeaderContainsWords: [m.outgoing.value],
      ExceptIfMessageTypeMatches: 'OOF',
      ExceptIfSCLOver: 9,
      RouteMessageOutboundConnector: names.outboundConnector,
      SetHeaderName: m.direction,
      SetHeaderValue: 'outbound',
      SenderAddressLocation: 'Header',
    }),
  );
  const cleanTitles: { [header: string]: string } = {
    'X-SM-decrypted': 'decrypted',
    'X-SM-encrypted': 'encrypted',
    'X-SM-outgoing': 'outgoing',
    'X-SM-smarthost': 'smarthost',
  };
  m.cleanOutbound.forEach((header, i) => {
    const title = cleanTitles[header] ?? header;
    objects.push(
      rule(names.rule(String(300 + i * 100), `Clean outbound SEPPmail header ${title}`), `Removes the gateway header ${header} from mail leaving the organization.`, options, {
        FromScope: 'InOrganization',
        SentToScope: 'NotInOrganization',
        RemoveHeader: header,
      }),
    );
  });
  return objects;
}
