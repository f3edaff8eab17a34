/**
 * A tiny local builder of desired states (SEPPmail-like connectors and rules) and the observed
 * fixtures of the planner tests (test/core/fixtures).
 */
import {
  DOCUMENT_SCHEMA,
  DesiredObject,
  ExoObjectKind,
  ExoParameters,
  MANAGED_MARKER,
  ObservedState,
  PlanStep,
  RulePlacementValue,
  TenantDesiredState,
} from '../../lib/core/exo-model';
import { PlanOptions } from '../../lib/core/planner';
import * as fs from 'fs';
import * as path from 'path';

export const MARK = MANAGED_MARKER;
export const INBOUND = '[SEPPmail] Appliance -> ExchangeOnline';
export const OUTBOUND = '[SEPPmail] ExchangeOnline -> Appliance';
export const RULE_IN = '[SEPPmail] - 100 Route incoming e-mails to SEPPmail';
export const RULE_OUT = '[SEPPmail] - 200 Route outgoing e-mails to SEPPmail';
export const RULE_CLEAN = '[SEPPmail] - 300 Clean outbound SEPPmail header decrypted';
export const OURS = [RULE_IN, RULE_OUT, RULE_CLEAN];

export function object(kind: ExoObjectKind, name: string, parameters: ExoParameters): DesiredObject {
  return { kind, name, parameters: { Name: name, ...parameters } };
}

export function inbound(extra: ExoParameters = {}): DesiredObject {
  return object('InboundConnector', INBOUND, {
    ConnectorType: 'OnPremises',
    ConnectorSource: 'Default',
    SenderDomains: ['*'],
    TlsSenderCertificateName: 'mail.contoso.com',
    RequireTls: true,
    RestrictDomainsToCertificate: true,
    CloudServicesMailEnabled: false,
    EFSkipLastIP: true,
    EFSkipIPs: [],
    Enabled: true,
    Comment: `Accept e-mail from the SEPPmail gateway ${MARK}`,
    ...extra,
  });
}

export function outbound(extra: ExoParameters = {}): DesiredObject {
  return object('OutboundConnector', OUTBOUND, {
    ConnectorType: 'OnPremises',
    ConnectorSource: 'Default',
    IsTransportRuleScoped: true,
    UseMXRecord: false,
    SmartHosts: ['gw1.provider.example', 'gw2.provider.example'],
    RecipientDomains: [],
    TlsSettings: 'DomainValidation',
    TlsDomain: '*.provider.example',
    CloudServicesMailEnabled: false,
    Comment: `Route e-mail to the SEPPmail gateway ${MARK}`,
    ...extra,
  });
}

export function ruleIn(extra: ExoParameters = {}): DesiredObject {
  return object('TransportRule', RULE_IN, {
    FromScope: 'NotInOrganization',
    SentToScope: 'InOrganization',
    RecipientDomainIs: ['contoso.com', 'contoso.de'],
    ExceptIfHeaderContainsMessageHeader: 'X-SM-incoming',
    ExceptIfHeaderContainsWords: ['yes'],
    RouteMessageOutboundConnector: OUTBOUND,
    SetHeaderName: 'X-SM-maildirection',
    SetHeaderValue: 'inbound',
    SenderAddressLocation: 'HeaderOrEnvelope',
    StopRuleProcessing: true,
    Mode: 'Enforce',
    Enabled: true,
    Comments: `Route inbound mail through the gateway ${MARK}`,
    ...extra,
  });
}

export function ruleOut(extra: ExoParameters = {}): DesiredObject {
  return object('TransportRule', RULE_OUT, {
    FromScope: 'InOrganization',
    SentToScope: 'NotInOrganization',
    ExceptIfHeaderContainsMessageHeader: 'X-SM-outgoing',
    ExceptIfHeaderContainsWords: ['yes'],
    ExceptIfMessageTypeMatches: 'OOF',
    RouteMessageOutboundConnector: OUTBOUND,
    SetHeaderName: 'X-SM-maildirection',
    SetHeaderValue: 'outbound',
    SenderAddressLocation: 'Header',
    StopRuleProcessing: false,
    Mode: 'Enforce',
    Enabled: true,
    Comments: `Route outbound mail through the gateway ${MARK}`,
    ...extra,
  });
}

export function ruleClean(extra: ExoParameters = {}): DesiredObject {
  return object('TransportRule', RULE_CLEAN, {
    FromScope: 'InOrganization',
    SentToScope: 'NotInOrganization',
    RemoveHeader: 'X-SM-decrypted',
    ExceptIfSenderDomainIs: [],
    Mode: 'Enforce',
    Enabled: false,
    Comments: `Strip the gateway's decryption marker ${MARK}`,
    ...extra,
  });
}

export interface TenantOptions {
  readonly objects?: DesiredObject[];
  readonly retired?: boolean;
  readonly adoptExisting?: boolean;
  readonly rulePlacement?: RulePlacementValue;
}

export function tenant(options: TenantOptions = {}): TenantDesiredState {
  return {
    schema: DOCUMENT_SCHEMA,
    tenant: {
      name: 'contoso',
      tenantId: '2f3a6c1e-8b1d-4c55-9a0e-6d1f0b7c9e42',
      initialDomain: 'contoso.onmicrosoft.com',
      managedDomains: ['contoso.com', 'contoso.de'],
    },
    access: {
      appId: 'a1b2c3d4-0000-4000-8000-00000000beef',
      organization: 'contoso.onmicrosoft.com',
      certificateEnv: 'CONTOSO_EXO_PFX_SECRET',
      certificatePasswordEnv: 'CONTOSO_EXO_PFX_PASSWORD',
    },
    marker: MARK,
    retired: options.retired ?? false,
    adoptExisting: options.adoptExisting ?? false,
    rulePlacement: options.rulePlacement ?? 'Top',
    objects: options.objects ?? [inbound(), outbound(), ruleIn(), ruleOut(), ruleClean()],
  };
}

/** Set parameters per kind, local to the tests (the shared catalogue is tested apart). */
export const SETTABLE: { [K in ExoObjectKind]: string[] } = {
  InboundConnector: [
    'Name', 'Comment', 'Enabled', 'ConnectorType', 'ConnectorSource', 'SenderDomains', 'SenderIPAddresses',
    'TlsSenderCertificateName', 'RequireTls', 'RestrictDomainsToCertificate', 'RestrictDomainsToIPAddresses',
    'TrustedOrganizations', 'AssociatedAcceptedDomains', 'CloudServicesMailEnabled', 'TreatMessagesAsInternal',
    'EFSkipLastIP', 'EFSkipIPs', 'EFUsers',
  ],
  OutboundConnector: [
    'Name', 'Comment', 'Enabled', 'ConnectorType', 'ConnectorSource', 'RecipientDomains', 'SmartHosts', 'UseMXRecord',
    'TlsSettings', 'TlsDomain', 'IsTransportRuleScoped', 'RouteAllMessagesViaOnPremises', 'AllAcceptedDomains',
    'SenderRewritingEnabled', 'CloudServicesMailEnabled', 'TestMode', 'MtaStsMode', 'SmtpDaneMode',
  ],
  TransportRule: [
    'Name', 'Comments', 'Priority', 'Mode', 'StopRuleProcessing', 'RuleErrorAction', 'SenderAddressLocation', 'FromScope',
    'SentToScope', 'RecipientDomainIs', 'ExceptIfSenderDomainIs', 'ExceptIfHeaderContainsMessageHeader',
    'ExceptIfHeaderContainsWords', 'ExceptIfMessageTypeMatches', 'RouteMessageOutboundConnector', 'SetHeaderName',
    'SetHeaderValue', 'RemoveHeader',
  ],
};
export const LOCAL: PlanOptions = { canSet: (kind, parameter) => SETTABLE[kind].includes(parameter) };

export function fixture(name: string): ObservedState {
  const file = path.join(__dirname, 'fixtures', 'observed', `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ObservedState;
}

export const summary = (steps: readonly PlanStep[]): string[] => steps.map((s) => `${s.cmdlet} ${s.name}`);
