/**
 * The parameter specs of the catalogue (exo-catalogue.ts): the builders by Exchange type and the
 * parameters New- and Set- of one object kind share. Sources as in exo-catalogue.ts.
 */
import type { ParameterSpec } from './exo-catalogue';

// ---------------------------------------------------------------------------------------------
// Parameter builders
// ---------------------------------------------------------------------------------------------

export const str = (exchangeType = 'String', maxLength?: number): ParameterSpec =>
  maxLength === undefined ? { type: 'String', exchangeType } : { type: 'String', exchangeType, maxLength };
export const bool: ParameterSpec = { type: 'Boolean', exchangeType: 'Boolean' };
/** A Boolean whose documented default is `value`. */
const boolDefault = (value: boolean): ParameterSpec => ({ ...bool, defaultValue: value });
/** `System.DateTime` (New-/Set-TransportRule.md -ActivationDate, -ExpiryDate: `Type: DateTime`). */
export const dateTime: ParameterSpec = { type: 'DateTime', exchangeType: 'DateTime' };
export const mvp = (exchangeType = 'MultiValuedProperty'): ParameterSpec => ({ type: 'MultiValued', exchangeType });
export const enumOf = (exchangeType: string, values: readonly string[], defaultValue?: string): ParameterSpec =>
  defaultValue === undefined ? { type: 'Enum', exchangeType, values } : { type: 'Enum', exchangeType, values, defaultValue };
export const identity = (exchangeType: string): ParameterSpec => ({ type: 'Identity', exchangeType });
export const confirm: ParameterSpec = { type: 'Switch', exchangeType: 'SwitchParameter' };
/** `-ResultSize <Unlimited>`: the word Unlimited or a number; carried as text. */
export const resultSize: ParameterSpec = { type: 'String', exchangeType: 'Unlimited' };
/** SclValue: "-1 or integers 0 through 9" (New-TransportRule.md, SetSCL / ExceptIfSCLOver). */
const scl: ParameterSpec = { type: 'Int32', exchangeType: 'SclValue', minimum: -1, maximum: 9 };

const CONNECTOR_TYPE = enumOf('TenantConnectorType', ['Partner', 'OnPremises']);
/**
 * New-/Set-InboundConnector.md and New-/Set-OutboundConnector.md -ConnectorSource: "Default: The
 * connector is manually created. This value is the default." (shared reference exchange-online.md §1.1).
 */
const CONNECTOR_SOURCE = enumOf('TenantConnectorSource', ['Default', 'HybridWizard', 'Migrated'], 'Default');
/** New-TransportRule.md -Mode: Enforce is the default (exchange-online.md §1.3). */
const RULE_MODE = enumOf('RuleMode', ['Audit', 'AuditAndNotify', 'Enforce'], 'Enforce');
/** The same values without a default, for cmdlets where an absent -Mode keeps the current one (Enable-TransportRule.md). */
export const RULE_MODE_KEPT = enumOf('RuleMode', ['Audit', 'AuditAndNotify', 'Enforce']);
const FROM_SCOPE = enumOf('FromUserScope', ['InOrganization', 'NotInOrganization']);
/** ToUserScope: ExternalPartner / ExternalNonPartner are "available only in on-premises Exchange". */
const SENT_TO_SCOPE = enumOf('ToUserScope', ['InOrganization', 'NotInOrganization']);
const MESSAGE_TYPE = enumOf('MessageType', [
  'OOF',
  'AutoForward',
  'Encrypted',
  'Calendaring',
  'PermissionControlled',
  'Voicemail',
  'Signed',
  'ApprovalRequest',
  'ReadReceipt',
]);

// ---------------------------------------------------------------------------------------------
// Inbound connectors — New-/Set-InboundConnector.md
// ---------------------------------------------------------------------------------------------

/** Parameters New- and Set-InboundConnector share (both docs list them). */
export const INBOUND_COMMON: { [name: string]: ParameterSpec } = {
  AssociatedAcceptedDomains: mvp(),
  CloudServicesMailEnabled: bool,
  Comment: str(),
  Confirm: confirm,
  ConnectorSource: CONNECTOR_SOURCE,
  ConnectorType: CONNECTOR_TYPE,
  EFSkipIPs: mvp(),
  // Defaults below: New-InboundConnector.md, condensed in exchange-online.md §1.1.
  EFSkipLastIP: boolDefault(false),
  EFUsers: mvp(),
  Enabled: boolDefault(true),
  RequireTls: boolDefault(true),
  RestrictDomainsToCertificate: boolDefault(false),
  RestrictDomainsToIPAddresses: boolDefault(false),
  SenderDomains: mvp(),
  SenderIPAddresses: mvp(),
  TlsSenderCertificateName: str('TlsCertificate'),
  TreatMessagesAsInternal: bool,
  TrustedOrganizations: mvp(),
};

// ---------------------------------------------------------------------------------------------
// Outbound connectors — New-/Set-OutboundConnector.md
// ---------------------------------------------------------------------------------------------

/** Parameters New- and Set-OutboundConnector share. */
export const OUTBOUND_COMMON: { [name: string]: ParameterSpec } = {
  AllAcceptedDomains: bool,
  CloudServicesMailEnabled: bool,
  Comment: str(),
  Confirm: confirm,
  ConnectorSource: CONNECTOR_SOURCE,
  ConnectorType: CONNECTOR_TYPE,
  // Defaults below: New-OutboundConnector.md, condensed in exchange-online.md §1.2.
  Enabled: bool,
  IsTransportRuleScoped: boolDefault(false),
  MtaStsMode: enumOf('MtaStsMode', ['Opportunistic', 'None'], 'Opportunistic'),
  RecipientDomains: mvp(),
  RouteAllMessagesViaOnPremises: bool,
  SenderRewritingEnabled: bool,
  SmartHosts: mvp(),
  SmtpDaneMode: enumOf('SmtpDaneMode', ['Opportunistic', 'Mandatory', 'None'], 'Opportunistic'),
  TestMode: boolDefault(false),
  TlsDomain: str('SmtpDomainWithSubdomains'),
  TlsSettings: enumOf('TlsAuthLevel', ['EncryptionOnly', 'CertificateValidation', 'DomainValidation']),
  UseMXRecord: boolDefault(true),
};

// ---------------------------------------------------------------------------------------------
// Transport rules — New-/Set-TransportRule.md (gateway-relevant subset of ~175 parameters)
// ---------------------------------------------------------------------------------------------

/** Predicates, exceptions and actions New- and Set-TransportRule share (Enabled is New only). */
export const RULE_COMMON: { [name: string]: ParameterSpec } = {
  Comments: str('String', 1024),
  Confirm: confirm,
  Mode: RULE_MODE,
  Priority: { type: 'Int32', exchangeType: 'Int32' },
  // Defaults: New-TransportRule.md, condensed in exchange-online.md §1.3.
  RuleErrorAction: enumOf('RuleErrorAction', ['Ignore', 'Defer'], 'Ignore'),
  StopRuleProcessing: bool,
  SenderAddressLocation: enumOf('SenderAddressLocation', ['Header', 'Envelope', 'HeaderOrEnvelope'], 'Header'),
  // New-/Set-TransportRule.md -ActivationDate ("when the rule starts processing messages") and
  // -ExpiryDate ("when this rule will stop processing messages"): `Type: DateTime`, Exchange Online.
  ActivationDate: dateTime,
  ExpiryDate: dateTime,
  // conditions
  FromScope: FROM_SCOPE,
  SentToScope: SENT_TO_SCOPE,
  RecipientDomainIs: mvp('Word[]'),
  SenderDomainIs: mvp('Word[]'),
  SenderIpRanges: mvp(),
  HeaderContainsMessageHeader: str('HeaderName'),
  HeaderContainsWords: mvp('Word[]'),
  HeaderMatchesMessageHeader: str('HeaderName'),
  HeaderMatchesPatterns: mvp('Pattern[]'),
  SubjectContainsWords: mvp('Word[]'),
  SubjectOrBodyContainsWords: mvp('Word[]'),
  MessageTypeMatches: MESSAGE_TYPE,
  SCLOver: scl,
  // exceptions
  ExceptIfFromScope: FROM_SCOPE,
  ExceptIfSentToScope: SENT_TO_SCOPE,
  ExceptIfRecipientDomainIs: mvp('Word[]'),
  ExceptIfSenderDomainIs: mvp('Word[]'),
  ExceptIfSenderIpRanges: mvp(),
  ExceptIfHeaderContainsMessageHeader: str('HeaderName'),
  ExceptIfHeaderContainsWords: mvp('Word[]'),
  ExceptIfHeaderMatchesMessageHeader: str('HeaderName'),
  ExceptIfHeaderMatchesPatterns: mvp('Pattern[]'),
  ExceptIfSubjectContainsWords: mvp('Word[]'),
  ExceptIfSubjectOrBodyContainsWords: mvp('Word[]'),
  ExceptIfMessageTypeMatches: MESSAGE_TYPE,
  ExceptIfSCLOver: scl,
  // actions
  SetSCL: scl,
  SetHeaderName: str('HeaderName'),
  SetHeaderValue: str('HeaderValue'),
  RemoveHeader: str('HeaderName'),
  RouteMessageOutboundConnector: identity('OutboundConnectorIdParameter'),
  RouteMessageOutboundRequireTls: bool,
  // Documented as Type String with the values DoNotAudit | Low | Medium | High.
  SetAuditSeverity: enumOf('String', ['DoNotAudit', 'Low', 'Medium', 'High']),
};
