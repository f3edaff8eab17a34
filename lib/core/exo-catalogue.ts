/**
 * The catalogue of Exchange Online cmdlets this library may run, with their real parameter
 * names and types. It is the allow-list: the session script runs nothing outside it, the
 * simulator binds parameters against it like PowerShell does, and tests check that every
 * parameter the library can emit is listed here.
 *
 * Source of every entry: MicrosoftDocs/office-docs-powershell,
 * exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md (see shared reference exchange-online.md §1),
 * read at HEAD 93336da (2026-08-21). Only gateway-relevant parameters are listed; parameters the
 * docs mark "reserved for internal Microsoft use" (EFTestMode, EFSkipMailGateway,
 * ScanAndDropRecipients, LinkForModifiedConnector), on-premises-only ones (DomainController) and
 * the common -WhatIf are left out on purpose, so passing them is rejected like an unknown name.
 */
import { bool, confirm, dateTime, enumOf, identity, INBOUND_COMMON, mvp, OUTBOUND_COMMON, resultSize, RULE_COMMON, RULE_MODE_KEPT, str } from './exo-catalogue-parameters';
import { ExoObjectKind, ExoReadableKind, PlanAction } from './exo-model';

/** Type of a cmdlet parameter, as far as binding and normalisation need to know it. */
export type ParameterType =
  | 'String' // plain text
  | 'Boolean' // $true / $false
  | 'Int32'
  | 'MultiValued' // MultiValuedProperty / arrays: JSON string[]
  | 'Enum' // one of `values` (case-insensitive in Exchange)
  | 'Switch' // SwitchParameter, e.g. -Confirm
  | 'Identity' // an *IdParameter: name, DN or GUID of an object
  | 'DateTime'; // System.DateTime: an instant, compared as such whatever offset it is written in

export interface ParameterSpec {
  readonly type: ParameterType;
  /** Allowed values for Enum parameters, in Exchange's spelling. */
  readonly values?: readonly string[];
  /** Maximum length for String parameters where Exchange documents one. */
  readonly maxLength?: number;
  /** Smallest allowed value for Int32 parameters where Exchange documents a range (e.g. SclValue -1). */
  readonly minimum?: number;
  /** Largest allowed value for Int32 parameters where Exchange documents a range (e.g. SclValue 9). */
  readonly maximum?: number;
  /** The .NET/Exchange type named in the cmdlet doc (`Type:` line), e.g. `TenantConnectorType`. */
  readonly exchangeType?: string;
  /**
   * The value Exchange documents as the default ("This value is the default"), for parameters
   * whose default is a value rather than nothing. A read-back `null` or empty value means this
   * value, so the planner does not report it as drift.
   */
  readonly defaultValue?: string | boolean | number;
}

export interface CmdletSpec {
  readonly cmdlet: string;
  /** Parameters that must be present (PowerShell binding fails without them). */
  readonly required: readonly string[];
  readonly parameters: { readonly [name: string]: ParameterSpec };
}

function cmdlet(name: string, required: readonly string[], parameters: { [name: string]: ParameterSpec }): CmdletSpec {
  return { cmdlet: name, required, parameters };
}

/** Filled in below. Keys are cmdlet names. */
export const EXO_CATALOGUE: { readonly [cmdlet: string]: CmdletSpec } = {
  // Get-InboundConnector.md: [[-Identity] <InboundConnectorIdParameter>] [-ResultSize <Unlimited>]
  'Get-InboundConnector': cmdlet('Get-InboundConnector', [], {
    Identity: identity('InboundConnectorIdParameter'),
    ResultSize: resultSize,
  }),
  // New-InboundConnector.md: [-Name] <String> -SenderDomains <MultiValuedProperty> ...; ClientHostNames is New only
  // (its description is a doc placeholder); Name has no documented maximum length for inbound connectors.
  'New-InboundConnector': cmdlet('New-InboundConnector', ['Name', 'SenderDomains'], {
    Name: str(),
    ClientHostNames: mvp(),
    ...INBOUND_COMMON,
  }),
  // Set-InboundConnector.md: [-Identity] <InboundConnectorIdParameter> ...; -Name renames; no ClientHostNames.
  'Set-InboundConnector': cmdlet('Set-InboundConnector', ['Identity'], {
    Identity: identity('InboundConnectorIdParameter'),
    Name: str(),
    ...INBOUND_COMMON,
  }),
  // Remove-InboundConnector.md: [-Identity] <InboundConnectorIdParameter> [-Confirm]
  'Remove-InboundConnector': cmdlet('Remove-InboundConnector', ['Identity'], {
    Identity: identity('InboundConnectorIdParameter'),
    Confirm: confirm,
  }),

  // Get-OutboundConnector.md: [[-Identity]] [-IncludeTestModeConnectors <Boolean>] [-IsTransportRuleScoped <Boolean>] [-ResultSize]
  'Get-OutboundConnector': cmdlet('Get-OutboundConnector', [], {
    Identity: identity('OutboundConnectorIdParameter'),
    IncludeTestModeConnectors: bool,
    IsTransportRuleScoped: bool,
    ResultSize: resultSize,
  }),
  // New-OutboundConnector.md: [-Name] <String> (unique, max 64 characters), nothing else required.
  'New-OutboundConnector': cmdlet('New-OutboundConnector', ['Name'], {
    Name: str('String', 64),
    ...OUTBOUND_COMMON,
  }),
  // Set-OutboundConnector.md: [-Identity] <OutboundConnectorIdParameter> ...; -Name renames; validation
  // bookkeeping (IsValidated, LastValidationTimestamp <DateTime>, ValidationRecipients <String[]>) is Set only.
  'Set-OutboundConnector': cmdlet('Set-OutboundConnector', ['Identity'], {
    Identity: identity('OutboundConnectorIdParameter'),
    Name: str('String', 64),
    IsValidated: bool,
    LastValidationTimestamp: dateTime,
    ValidationRecipients: mvp('String[]'),
    ...OUTBOUND_COMMON,
  }),
  // Remove-OutboundConnector.md: [-Identity] <OutboundConnectorIdParameter> [-Confirm]
  'Remove-OutboundConnector': cmdlet('Remove-OutboundConnector', ['Identity'], {
    Identity: identity('OutboundConnectorIdParameter'),
    Confirm: confirm,
  }),

  // Get-TransportRule.md: [[-Identity] <RuleIdParameter>] [-State <RuleState>] [-ResultSize <Unlimited>] ...
  'Get-TransportRule': cmdlet('Get-TransportRule', [], {
    Identity: identity('RuleIdParameter'),
    State: enumOf('RuleState', ['Enabled', 'Disabled']),
    ResultSize: resultSize,
  }),
  // New-TransportRule.md: [-Name] <String> (max 64); Enabled exists on New only.
  'New-TransportRule': cmdlet('New-TransportRule', ['Name'], {
    Name: str('String', 64),
    Enabled: bool,
    ...RULE_COMMON,
  }),
  // Set-TransportRule.md: [-Identity] <RuleIdParameter>; has -Name, has NO -Enabled.
  'Set-TransportRule': cmdlet('Set-TransportRule', ['Identity'], {
    Identity: identity('RuleIdParameter'),
    Name: str('String', 64),
    ...RULE_COMMON,
  }),
  // Remove-TransportRule.md: [-Identity] <RuleIdParameter> [-Confirm]
  'Remove-TransportRule': cmdlet('Remove-TransportRule', ['Identity'], {
    Identity: identity('RuleIdParameter'),
    Confirm: confirm,
  }),
  // Enable-TransportRule.md: [-Identity] <RuleIdParameter> [-Confirm] [-Mode <RuleMode>] (without -Mode the mode is kept)
  'Enable-TransportRule': cmdlet('Enable-TransportRule', ['Identity'], {
    Identity: identity('RuleIdParameter'),
    Mode: RULE_MODE_KEPT,
    Confirm: confirm,
  }),
  // Disable-TransportRule.md: [-Identity] <RuleIdParameter> [-Confirm]
  'Disable-TransportRule': cmdlet('Disable-TransportRule', ['Identity'], {
    Identity: identity('RuleIdParameter'),
    Confirm: confirm,
  }),

  // Get-AcceptedDomain.md: [[-Identity] <AcceptedDomainIdParameter>] [-ResultSize <Unlimited>];
  // New-/Remove-AcceptedDomain are on-premises only: accepted domains are read-only here.
  'Get-AcceptedDomain': cmdlet('Get-AcceptedDomain', [], {
    Identity: identity('AcceptedDomainIdParameter'),
    ResultSize: resultSize,
  }),
};

/** The cmdlet that performs `action` on `kind`, e.g. (`Set`, `InboundConnector`) -> `Set-InboundConnector`. */
export function cmdletFor(action: PlanAction | 'Get', kind: ExoObjectKind | ExoReadableKind): string {
  return `${action}-${kind}`;
}

/**
 * The cmdlets a session may invoke: every catalogue cmdlet that is not a `Get-*` (reads go
 * through the `get` request). The session script holds the same list as a static array.
 */
export function sessionAllowList(): string[] {
  return Object.keys(EXO_CATALOGUE).filter((name) => !name.startsWith('Get-'));
}

/** The read cmdlets of the catalogue (`Get-*`). */
export function readCmdlets(): string[] {
  return Object.keys(EXO_CATALOGUE).filter((name) => name.startsWith('Get-'));
}

/** The catalogue entry of `cmdletName`, matched case-insensitively like PowerShell does. */
export function findCmdlet(cmdletName: string): CmdletSpec | undefined {
  const exact = EXO_CATALOGUE[cmdletName];
  if (exact) return exact;
  const lower = cmdletName.toLowerCase();
  const key = Object.keys(EXO_CATALOGUE).find((name) => name.toLowerCase() === lower);
  return key === undefined ? undefined : EXO_CATALOGUE[key];
}

/**
 * The catalogue's spelling of `parameterName` on `spec`, matched case-insensitively like
 * PowerShell binds named parameters; undefined when the cmdlet has no such parameter.
 * (PowerShell also accepts unambiguous prefixes; the library never emits them, so neither does this.)
 */
export function findParameterName(spec: CmdletSpec, parameterName: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(spec.parameters, parameterName)) return parameterName;
  const lower = parameterName.toLowerCase();
  return Object.keys(spec.parameters).find((name) => name.toLowerCase() === lower);
}
