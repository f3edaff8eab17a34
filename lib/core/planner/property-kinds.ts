/**
 * How the planner compares each property of a connector or transport rule (normalise.ts): the
 * value kind per property (text, name, domain, boolean, number, date, set, domain set), taken
 * from this module's tables for the gateway-relevant properties (New-/Set-InboundConnector,
 * New-/Set-OutboundConnector, New-/Set-TransportRule), else from the catalogue's parameter type,
 * and the enum values Exchange reads back under another name (`ConnectorSource AdminUI` =
 * `Default`).
 *
 * Pure: no I/O.
 */
import { EXO_CATALOGUE, ParameterSpec, cmdletFor } from '../exo-catalogue';
import { ExoObjectKind, ExoValue } from '../exo-model';

/** How a property is compared. */
export type ValueKind =
  | 'text' // free text: trimmed, case-sensitive
  | 'name' // identifier, enum value, host or domain: trimmed, case-insensitive
  | 'domain' // SMTP domain, also in address-space form `smtp:<domain>;1`
  | 'boolean'
  | 'number'
  | 'date' // an instant: offsets and JSON forms ignored
  | 'set' // multi-valued, case-insensitive, order and duplicates ignored
  | 'domainSet'; // multi-valued SMTP domains, address-space form accepted

/** Enum values Exchange reads back under another name than the one it accepts. */
export const ENUM_ALIASES: { readonly [parameter: string]: { readonly [readBack: string]: string } } = {
  connectorsource: { adminui: 'default' },
};

/** Properties inbound and outbound connectors share. */
const CONNECTOR_COMMON: { readonly [parameter: string]: ValueKind } = {
  Name: 'name',
  Identity: 'name',
  Comment: 'text',
  Enabled: 'boolean',
  ConnectorType: 'name',
  ConnectorSource: 'name',
  CloudServicesMailEnabled: 'boolean',
};

/** What each property of an inbound connector is (Set-/New-InboundConnector). */
export const INBOUND_CONNECTOR_PROPERTIES: { readonly [parameter: string]: ValueKind } = {
  ...CONNECTOR_COMMON,
  SenderDomains: 'domainSet',
  TlsSenderCertificateName: 'domain',
  RequireTls: 'boolean',
  RestrictDomainsToCertificate: 'boolean',
  RestrictDomainsToIPAddresses: 'boolean',
  SenderIPAddresses: 'set',
  TrustedOrganizations: 'domainSet',
  AssociatedAcceptedDomains: 'domainSet',
  TreatMessagesAsInternal: 'boolean',
  EFSkipLastIP: 'boolean',
  EFSkipIPs: 'set',
  EFUsers: 'set',
  EFTestMode: 'boolean',
  EFSkipMailGateway: 'set',
  ScanAndDropRecipients: 'set',
  ClientHostNames: 'set',
};

/** What each property of an outbound connector is (Set-/New-OutboundConnector). */
export const OUTBOUND_CONNECTOR_PROPERTIES: { readonly [parameter: string]: ValueKind } = {
  ...CONNECTOR_COMMON,
  RecipientDomains: 'domainSet',
  SmartHosts: 'set',
  UseMXRecord: 'boolean',
  TlsSettings: 'name',
  TlsDomain: 'domain',
  IsTransportRuleScoped: 'boolean',
  RouteAllMessagesViaOnPremises: 'boolean',
  AllAcceptedDomains: 'boolean',
  SenderRewritingEnabled: 'boolean',
  TestMode: 'boolean',
  MtaStsMode: 'name',
  SmtpDaneMode: 'name',
  IsValidated: 'boolean',
  ValidationRecipients: 'set',
};

/** What each gateway-relevant property of a transport rule is (Set-/New-TransportRule). */
export const TRANSPORT_RULE_PROPERTIES: { readonly [parameter: string]: ValueKind } = {
  Name: 'name',
  Identity: 'name',
  Comments: 'text',
  Enabled: 'boolean',
  Priority: 'number',
  Mode: 'name',
  StopRuleProcessing: 'boolean',
  RuleErrorAction: 'name',
  SenderAddressLocation: 'name',
  FromScope: 'name',
  ExceptIfFromScope: 'name',
  SentToScope: 'name',
  ExceptIfSentToScope: 'name',
  RecipientDomainIs: 'domainSet',
  ExceptIfRecipientDomainIs: 'domainSet',
  SenderDomainIs: 'domainSet',
  ExceptIfSenderDomainIs: 'domainSet',
  HeaderContainsMessageHeader: 'name',
  HeaderContainsWords: 'set',
  ExceptIfHeaderContainsMessageHeader: 'name',
  ExceptIfHeaderContainsWords: 'set',
  HeaderMatchesMessageHeader: 'name',
  HeaderMatchesPatterns: 'set',
  ExceptIfHeaderMatchesMessageHeader: 'name',
  ExceptIfHeaderMatchesPatterns: 'set',
  SetHeaderName: 'name',
  SetHeaderValue: 'text',
  RemoveHeader: 'name',
  RouteMessageOutboundConnector: 'name',
  RouteMessageOutboundRequireTls: 'boolean',
  SenderIpRanges: 'set',
  ExceptIfSenderIpRanges: 'set',
  SetSCL: 'number',
  SCLOver: 'number',
  ExceptIfSCLOver: 'number',
  MessageTypeMatches: 'name',
  ExceptIfMessageTypeMatches: 'name',
  SetAuditSeverity: 'name',
  ActivationDate: 'date',
  ExpiryDate: 'date',
};

/** The property tables by object kind. */
const PROPERTIES: { readonly [K in ExoObjectKind]: { readonly [parameter: string]: ValueKind } } = {
  InboundConnector: INBOUND_CONNECTOR_PROPERTIES,
  OutboundConnector: OUTBOUND_CONNECTOR_PROPERTIES,
  TransportRule: TRANSPORT_RULE_PROPERTIES,
};
/** `table[key]`, the key matched exactly or else case-insensitively. */
export function lookup<T>(table: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  if (!table) return undefined;
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(table)) {
    if (k.toLowerCase() === lower) return table[k];
  }
  return undefined;
}

/** The value kind a catalogue parameter type implies. */
function fromCatalogue(spec: ParameterSpec): ValueKind {
  const exchangeType = (spec.exchangeType ?? '').toLowerCase();
  if (exchangeType === 'headername') return 'name';
  if (exchangeType.startsWith('smtpdomain') || exchangeType === 'tlscertificate') return 'domain';
  switch (spec.type) {
    case 'Boolean':
    case 'Switch':
      return 'boolean';
    case 'Int32':
      return 'number';
    case 'DateTime':
      return 'date';
    case 'MultiValued':
      return 'set';
    case 'Enum':
    case 'Identity':
      return 'name';
    case 'String':
    default:
      return 'text';
  }
}

/**
 * How `parameter` of `kind` is compared: from this module's table, else from the catalogue's
 * type for New-/Set-<kind>, else from the JavaScript type of `like` (the declared value).
 */
export function valueKindOf(kind: ExoObjectKind, parameter: string, like?: ExoValue): ValueKind {
  const known = lookup(PROPERTIES[kind], parameter);
  if (known) return known;
  for (const action of ['New', 'Set'] as const) {
    const spec = lookup(EXO_CATALOGUE[cmdletFor(action, kind)]?.parameters, parameter);
    if (spec) return fromCatalogue(spec);
  }
  if (typeof like === 'boolean') return 'boolean';
  if (typeof like === 'number') return 'number';
  if (Array.isArray(like)) return 'set';
  return 'text';
}
