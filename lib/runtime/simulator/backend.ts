/**
 * The simulated Exchange Online backend: every cmdlet semantic the library depends on, over the
 * per-tenant state of store.ts (moto's models.py). It binds parameters like PowerShell against
 * the catalogue (unknown names, missing mandatory parameters, type conversion, enum values
 * case-insensitive and stored in Exchange's spelling), then applies the documented behaviour of
 * exchange-online.md §1:
 *
 * - names unique per kind (case-insensitive); Name ≤ 64 on connectors and rules, rule
 *   Comments ≤ 1024; every length error names its parameter;
 * - inbound `SenderDomains` stored as `smtp:<domain>;1` (≤ 2243 characters in that form,
 *   KB 4014351); wildcards only as `*` or a leading `*.` (§1.5.7); SenderIPAddresses IPv4 /24–/32;
 *   AssociatedAcceptedDomains must be accepted domains;
 * - §1.5 combinations: TreatMessagesAsInternal, UseMXRecord $false without SmartHosts,
 *   AllAcceptedDomains / RouteAllMessagesViaOnPremises / SenderRewritingEnabled without
 *   OnPremises, SetHeaderName without SetHeaderValue (checked on the resulting object, so Set
 *   sees what New set earlier);
 * - rule Priority exactly as §1.3: New at an occupied value shifts that rule and all lower ones by
 *   one (range 0..n, default n = last); Set moves the rule within 0..n-1; out of range fails with
 *   Exchange's text;
 * - rules read back `State`, never `Enabled`; Set-TransportRule has no -Enabled (the catalogue
 *   rejects it); Enable-TransportRule [-Mode] / Disable-TransportRule change State;
 * - Set overwrites multi-valued properties given as a list, and edits a MultiValuedProperty in
 *   place when given `@{Add=…; Remove=…}` (a JSON object with Add/Remove keys on the protocol);
 *   a Set that changes nothing warns like Exchange and leaves WhenChanged alone; New-* returns
 *   the new object, other cmdlets return nothing;
 * - an outbound connector still named by a rule's RouteMessageOutboundConnector cannot be
 *   removed; renaming it updates the rules that name it;
 * - TlsDomain only with TlsSettings DomainValidation; header conditions with both halves of
 *   their pair (…MessageHeader with …Words / …Patterns);
 * - a restricted service offering (§2.5): New-InboundConnector creates the connector disabled and
 *   warns; Set-InboundConnector -Enabled $true warns and leaves it disabled;
 * - accepted domains exist only as seeded (New-/Remove-AcceptedDomain are on-premises only);
 *   Set-AcceptedDomain changes DomainType / MatchSubDomains / OutboundOnly / Sending*Disabled for
 *   admins' edits and tests. It is served by the backend only: the library's session allow-list
 *   (the catalogue) does not contain it.
 *
 * Not modelled (documented as unconfirmed or irrelevant): RecipientDomains on a rule-scoped
 * connector, SmartHosts with UseMXRecord $true, rule size and regex limits.
 */
import { randomUUID } from 'crypto';
import { CmdletSpec, findCmdlet, findParameterName, ParameterSpec } from '../../core/exo-catalogue';
import { ExoObjectKind, ExoParameters, ExoReadableKind, ExoValue, ObservedObject } from '../../core/exo-model';
import {
  CommandNotFoundError,
  InvalidRulePriorityError,
  InvalidSenderIpAddressError,
  InvalidSmtpDomainError,
  ConditionPairError,
  ManagementObjectAlreadyExistsError,
  MatchSubDomainsRequiresInternalRelayError,
  ManagementObjectNotFoundError,
  MissingMandatoryParametersError,
  OnPremisesConnectorRequiredError,
  OutboundConnectorInUseError,
  ParameterAlreadyBoundError,
  ParameterArgumentValidationError,
  ParameterNotFoundError,
  ParameterTransformationError,
  PropertyTooLongError,
  SetHeaderPairError,
  SmartHostsRequiredError,
  TlsDomainRequiresDomainValidationError,
  TreatMessagesAsInternalError,
  ValueOutOfRangeError,
} from './errors';
import { clearedMultiValue, cloneObject, findByIdentity, KIND_NOUN, newObjectRecord, renumberRules } from './objects';
import { SimulatorStore, TenantState } from './store';

/** What an invoke returns: the cmdlet's output (New-*: the object; Get-*: a list; others: null) and its warnings. */
export interface InvokeOutcome {
  readonly result: ObservedObject | ObservedObject[] | null;
  readonly warnings: string[];
}

/**
 * A parameter value as the simulator accepts it: what the library sends (ExoValue), or the
 * `@{Add=…; Remove=…}` hashtable of a MultiValuedProperty edit, carried as a JSON object
 * (`{"Add": [...], "Remove": [...]}`; exo-session.ps1 turns it into a hashtable).
 */
export type SimValue = ExoValue | { readonly [key: string]: ExoValue };

/** Named parameters as the simulator accepts them (see SimValue). */
export type SimParameters = { readonly [parameter: string]: SimValue };

/**
 * A bound `@{Add=…; Remove=…}` value: values to add to and remove from a MultiValuedProperty in
 * place ("Modifying multivalued properties", learn.microsoft.com/exchange/modifying-multivalued-properties-exchange-2013-help;
 * exchange-online.md §1.7, Set-InboundConnector.md TrustedOrganizations).
 */
export class MultiValuedEdit {
  constructor(readonly add: readonly string[], readonly remove: readonly string[]) {}
}

/** Parameters after binding: catalogue spelling -> converted value. */
export type BoundParameters = { [parameter: string]: ExoValue | MultiValuedEdit };

export interface ExoSimBackendOptions {
  /** Clock for WhenCreated/WhenChanged. @default - the system clock */
  readonly now?: () => Date;
  /** Guid factory. @default crypto.randomUUID */
  readonly newGuid?: () => string;
}

/** Maximum length of SenderDomains in its stored `smtp:<domain>;1` form, separators counted (KB 4014351). */
export const SENDER_DOMAINS_MAX_LENGTH = 2243;

/** Exchange's warning for a Set that changes nothing. */
export function noChangeWarning(identity: string): string {
  return `The command completed successfully but no settings of '${identity}' have been modified.`;
}

/** Exchange's warning when a restricted service offering creates an inbound connector (§2.5). */
export const INBOUND_CREATED_DISABLED_WARNING =
  'Inbound connector for this service offering is created in a disabled state. Contact Support to enable it.';

/** Exchange's warning when Get-OutboundConnector leaves test-mode connectors out (§1.7). */
export const TEST_MODE_CONNECTORS_WARNING =
  'There is at least one test mode connector which is not included in the result. Please use -IncludeTestModeConnectors to view test mode connectors.';

/** Exchange's warning when a Get-* without -ResultSize hits the default 1000. */
export const MORE_RESULTS_WARNING =
  'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.';

/** Exchange's warning when a restricted service offering refuses to enable an inbound connector (§2.5). */
export const INBOUND_ENABLE_RESTRICTED_WARNING =
  "For this service offering, you can't enable an inbound connector. Contact Support to enable it.";

// ---------------------------------------------------------------------------------------------
// Simulator-only metadata (the catalogue lists what the library may call; these are not that)
// ---------------------------------------------------------------------------------------------

/**
 * Cmdlets the simulator serves besides the catalogue's, for admins' edits and tests. The library
 * never calls them, so they are not in lib/core/exo-catalogue.ts and the session refuses them.
 *
 * Set-AcceptedDomain.md (Exchange Online parameters): [-Identity] <AcceptedDomainIdParameter>
 * [-DomainType <AcceptedDomainType>] [-MatchSubDomains <Boolean>] [-OutboundOnly <Boolean>]
 * [-SendingFromDomainDisabled <Boolean>] [-SendingToDomainDisabled <Boolean>] [-Confirm].
 * DomainType ExternalRelay is "available only in on-premises Exchange organizations"; -Name and
 * -MakeDefault are on-premises only; CanHaveCloudCache (undocumented placeholder) and
 * EnableNego2Authentication (internal use) are left out like the catalogue leaves such out.
 */
const SIM_ONLY_CMDLETS: { readonly [cmdlet: string]: CmdletSpec } = {
  'Set-AcceptedDomain': {
    cmdlet: 'Set-AcceptedDomain',
    required: ['Identity'],
    parameters: {
      Identity: { type: 'Identity', exchangeType: 'AcceptedDomainIdParameter' },
      DomainType: { type: 'Enum', exchangeType: 'AcceptedDomainType', values: ['Authoritative', 'InternalRelay'] },
      MatchSubDomains: { type: 'Boolean', exchangeType: 'Boolean' },
      OutboundOnly: { type: 'Boolean', exchangeType: 'Boolean' },
      SendingFromDomainDisabled: { type: 'Boolean', exchangeType: 'Boolean' },
      SendingToDomainDisabled: { type: 'Boolean', exchangeType: 'Boolean' },
      Confirm: { type: 'Switch', exchangeType: 'SwitchParameter' },
    },
  },
};

/**
 * Length limits the simulator enforces beyond the catalogue's. Inbound connector Name: the
 * cmdlet pages state no maximum for inbound connectors (New-/Set-InboundConnector.md; the
 * catalogue therefore has none). The simulator applies 64, UNCONFIRMED for inbound connectors:
 * inferred from Exchange objects being named by a directory common name, whose limit is 64
 * (Active Directory schema, Common-Name, Range-Upper 64: learn.microsoft.com/windows/win32/adschema/a-cn),
 * the same 64 the outbound connector and transport rule pages state for Name. The synth-time
 * check CBC009 holds inbound names to 64 as well, so the library never depends on a longer one.
 */
const SIM_MAX_LENGTH: { readonly [cmdlet: string]: { readonly [parameter: string]: number } } = {
  'New-InboundConnector': { Name: 64 },
  'Set-InboundConnector': { Name: 64 },
};

/** The spec the simulator binds `cmdletName` against: catalogue or simulator-only, with the simulator's length limits. */
export function simulatorCmdlet(cmdletName: string): CmdletSpec | undefined {
  const lower = cmdletName.toLowerCase();
  const spec = findCmdlet(cmdletName) ?? Object.values(SIM_ONLY_CMDLETS).find((candidate) => candidate.cmdlet.toLowerCase() === lower);
  if (!spec) return undefined;
  const limits = SIM_MAX_LENGTH[spec.cmdlet];
  if (!limits) return spec;
  const parameters: { [name: string]: ParameterSpec } = { ...spec.parameters };
  for (const [name, maxLength] of Object.entries(limits)) {
    if (parameters[name] && parameters[name].maxLength === undefined) parameters[name] = { ...parameters[name], maxLength };
  }
  return { ...spec, parameters };
}

/** Enum types that do not accept $null (the others can be cleared with $null). */
const NON_NULLABLE_ENUMS = new Set([
  'TenantConnectorType',
  'TenantConnectorSource',
  'RuleMode',
  'RuleErrorAction',
  'SenderAddressLocation',
  'MtaStsMode',
  'SmtpDaneMode',
  'RuleState',
]);

// ---------------------------------------------------------------------------------------------
// Parameter binding (what PowerShell does before the cmdlet runs)
// ---------------------------------------------------------------------------------------------

/**
 * Binds `parameters` to `cmdlet` like PowerShell: the cmdlet must exist, every name must be one of
 * its parameters (case-insensitive, given once), mandatory ones present and not null/empty, and
 * each value converted to the parameter's type. Returns the catalogue spec and the bound values.
 */
export function bindParameters(cmdlet: string, parameters: SimParameters | ExoParameters): { spec: CmdletSpec; bound: BoundParameters } {
  const spec = simulatorCmdlet(cmdlet);
  if (!spec) throw new CommandNotFoundError(cmdlet);
  const bound: BoundParameters = {};
  for (const [given, value] of Object.entries(parameters ?? {})) {
    const name = findParameterName(spec, given);
    if (name === undefined) throw new ParameterNotFoundError(given);
    if (Object.prototype.hasOwnProperty.call(bound, name)) throw new ParameterAlreadyBoundError(name);
    bound[name] = convertValue(name, spec.parameters[name], value);
  }
  const missing = spec.required.filter((name) => !Object.prototype.hasOwnProperty.call(bound, name));
  if (missing.length > 0) throw new MissingMandatoryParametersError(missing);
  for (const name of spec.required) {
    const value = bound[name];
    if (value === null) throw new ParameterArgumentValidationError(name, 'null');
    if (value === '') throw new ParameterArgumentValidationError(name, 'emptyString');
    if (Array.isArray(value) && value.length === 0) throw new ParameterArgumentValidationError(name, 'emptyArray');
  }
  return { spec, bound };
}

function convertValue(name: string, spec: ParameterSpec, value: unknown): ExoValue | MultiValuedEdit {
  const typeName = spec.exchangeType ?? spec.type;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (spec.type === 'MultiValued' && typeName === 'MultiValuedProperty') return multiValuedEdit(name, value as { [key: string]: unknown });
    // A plain array type (Word[], Pattern[], String[]) or a single value cannot take a hashtable.
    throw ParameterTransformationError.hashtable(name, typeName);
  }
  switch (spec.type) {
    case 'Boolean':
    case 'Switch': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (value === null || value === undefined) {
        if (spec.type === 'Switch') return false;
        throw ParameterTransformationError.boolean(name, '');
      }
      throw ParameterTransformationError.boolean(name, Array.isArray(value) ? 'System.Object[]' : 'System.String');
    }
    case 'Int32': {
      if (value === null || value === undefined) return typeName === 'Int32' ? 0 : null;
      const text = Array.isArray(value) ? value.join(' ') : String(value);
      const number = typeof value === 'number' ? value : /^\s*[-+]?\d+\s*$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(number) || number < -2147483648 || number > 2147483647) throw ParameterTransformationError.int32(name, text);
      if ((spec.minimum !== undefined && number < spec.minimum) || (spec.maximum !== undefined && number > spec.maximum)) {
        throw new ValueOutOfRangeError(name, number, spec.minimum ?? -2147483648, spec.maximum ?? 2147483647);
      }
      return number;
    }
    case 'Enum': {
      const values = spec.values ?? [];
      if (value === null || value === undefined) {
        if (NON_NULLABLE_ENUMS.has(typeName)) throw ParameterTransformationError.nullValue(name, typeName);
        return null;
      }
      const text = Array.isArray(value) ? value.join(' ') : String(value);
      const match = values.find((candidate) => candidate.toLowerCase() === text.trim().toLowerCase());
      if (match === undefined) throw ParameterTransformationError.enumValue(name, typeName, text, values);
      return match;
    }
    case 'MultiValued': {
      if (value === null || value === undefined) return null;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item !== null && typeof item === 'object') throw ParameterTransformationError.shape(name, typeName);
      }
      return items.filter((item) => item !== null && item !== undefined).map((item) => String(item));
    }
    case 'String':
    case 'Identity': {
      if (value === null || value === undefined) return null;
      // PowerShell turns an array bound to a [string] parameter into its items joined by spaces.
      const text = Array.isArray(value) ? value.map((item) => String(item)).join(' ') : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
      if (spec.maxLength !== undefined && text.length > spec.maxLength) throw new PropertyTooLongError(name, spec.maxLength, text.length);
      return text;
    }
    default:
      return value as ExoValue;
  }
}

/**
 * `@{Add=…; Remove=…}` on a MultiValuedProperty: keys Add and/or Remove (case-insensitive, like
 * hashtable keys in PowerShell), each a value or a list of values. Any other key is refused.
 */
function multiValuedEdit(name: string, table: { [key: string]: unknown }): MultiValuedEdit {
  const add: string[] = [];
  const remove: string[] = [];
  const keys = Object.keys(table);
  if (keys.length === 0) throw ParameterTransformationError.hashtable(name, 'MultiValuedProperty');
  for (const key of keys) {
    const target = key.toLowerCase() === 'add' ? add : key.toLowerCase() === 'remove' ? remove : undefined;
    if (!target) throw ParameterTransformationError.hashtable(name, 'MultiValuedProperty');
    const raw = table[key];
    const items = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const item of items) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object') throw ParameterTransformationError.shape(name, 'MultiValuedProperty');
      target.push(String(item));
    }
  }
  return new MultiValuedEdit(add, remove);
}

// ---------------------------------------------------------------------------------------------
// Value rules
// ---------------------------------------------------------------------------------------------

const DOMAIN_LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/i;

/** `contoso.com`, `*.contoso.com`, or (when allowed) `*` alone; never an embedded wildcard. */
export function isValidDomainPattern(value: string, allowAll: boolean): boolean {
  if (value === '*') return allowAll;
  const body = value.startsWith('*.') ? value.slice(2) : value;
  if (body.length === 0 || body.length > 255) return false;
  return body.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** `smtp:contoso.com;1` -> {domain, cost}; a plain domain gets cost 1. */
function parseAddressSpace(value: string): { domain: string; cost: string } {
  const match = /^smtp:(.+);(\d+)$/i.exec(value.trim());
  return match ? { domain: match[1], cost: match[2] } : { domain: value.trim(), cost: '1' };
}

function isValidSenderIp(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!match) return false;
  if (match.slice(1, 5).some((octet) => Number(octet) > 255)) return false;
  if (match[5] === undefined) return true;
  const mask = Number(match[5]);
  return mask >= 24 && mask <= 32;
}

// ---------------------------------------------------------------------------------------------
// The backend
// ---------------------------------------------------------------------------------------------

/** What a cmdlet handler did: its output, warnings, and whether the tenant must be written back. */
interface HandlerResult {
  result: ObservedObject | ObservedObject[] | null;
  warnings: string[];
  changed: boolean;
}

type Handler = (state: TenantState, bound: BoundParameters) => HandlerResult;

export class ExoSimBackend {
  readonly store: SimulatorStore;
  private readonly now: () => Date;
  private readonly newGuid: () => string;
  private readonly handlers: { [cmdlet: string]: Handler };

  constructor(store: SimulatorStore, options: ExoSimBackendOptions = {}) {
    this.store = store;
    this.now = options.now ?? (() => new Date());
    this.newGuid = options.newGuid ?? (() => randomUUID());
    this.handlers = {
      'Get-InboundConnector': (state, bound) => this.getCmdlet(state, 'InboundConnector', bound),
      'Get-OutboundConnector': (state, bound) => this.getCmdlet(state, 'OutboundConnector', bound),
      'Get-TransportRule': (state, bound) => this.getCmdlet(state, 'TransportRule', bound),
      'Get-AcceptedDomain': (state, bound) => this.getCmdlet(state, 'AcceptedDomain', bound),
      'New-InboundConnector': (state, bound) => this.newConnector(state, 'InboundConnector', bound),
      'Set-InboundConnector': (state, bound) => this.setConnector(state, 'InboundConnector', bound),
      'Remove-InboundConnector': (state, bound) => this.removeObject(state, 'InboundConnector', bound),
      'New-OutboundConnector': (state, bound) => this.newConnector(state, 'OutboundConnector', bound),
      'Set-OutboundConnector': (state, bound) => this.setConnector(state, 'OutboundConnector', bound),
      'Remove-OutboundConnector': (state, bound) => this.removeObject(state, 'OutboundConnector', bound),
      'New-TransportRule': (state, bound) => this.newRule(state, bound),
      'Set-TransportRule': (state, bound) => this.setRule(state, bound),
      'Remove-TransportRule': (state, bound) => this.removeObject(state, 'TransportRule', bound),
      'Enable-TransportRule': (state, bound) => this.setRuleState(state, bound, 'Enabled'),
      'Disable-TransportRule': (state, bound) => this.setRuleState(state, bound, 'Disabled'),
      'Set-AcceptedDomain': (state, bound) => this.setAcceptedDomain(state, bound),
    };
  }

  /** Every object of `kind` in the tenant, test-mode connectors included (inspection API for tests). */
  get(organization: string, kind: ExoReadableKind): ObservedObject[] {
    return this.store.requireTenant(organization)[kind].map(cloneObject);
  }

  /** Runs `cmdlet` with named `parameters` in the tenant; throws an ExoSimError on failure. */
  invoke(organization: string, cmdlet: string, parameters: SimParameters | ExoParameters): InvokeOutcome {
    const { spec, bound } = bindParameters(cmdlet, parameters);
    const handler = this.handlers[spec.cmdlet];
    if (!handler) throw new CommandNotFoundError(cmdlet);
    const state = this.store.requireTenant(organization);
    const outcome = handler(state, bound);
    if (outcome.changed) this.store.writeTenant(state);
    return { result: outcome.result, warnings: outcome.warnings };
  }

  // -------------------------------------------------------------------------------------------
  // Get-*
  // -------------------------------------------------------------------------------------------

  private getCmdlet(state: TenantState, kind: ExoReadableKind, bound: BoundParameters): HandlerResult {
    const warnings: string[] = [];
    let objects: ObservedObject[] = state[kind];
    if (typeof bound.Identity === 'string') {
      const found = findByIdentity(objects, bound.Identity);
      if (!found) throw new ManagementObjectNotFoundError(bound.Identity);
      objects = [found];
    } else if (kind === 'OutboundConnector') {
      // Doc semantics (Get-OutboundConnector.md): $true = only test-mode connectors, $false/absent = only the others.
      const testMode = bound.IncludeTestModeConnectors === true;
      const hidden = objects.filter((object) => (object.TestMode === true) !== testMode);
      objects = objects.filter((object) => (object.TestMode === true) === testMode);
      if (!testMode && hidden.length > 0) warnings.push(TEST_MODE_CONNECTORS_WARNING);
    }
    if (kind === 'OutboundConnector' && typeof bound.IsTransportRuleScoped === 'boolean') {
      objects = objects.filter((object) => object.IsTransportRuleScoped === bound.IsTransportRuleScoped);
    }
    if (kind === 'TransportRule' && typeof bound.State === 'string') {
      objects = objects.filter((object) => object.State === bound.State);
    }
    const limit = resultLimit(bound.ResultSize);
    if (objects.length > limit) {
      objects = objects.slice(0, limit);
      if (bound.ResultSize === undefined || bound.ResultSize === null) warnings.push(MORE_RESULTS_WARNING);
    }
    return { result: objects.map(cloneObject), warnings, changed: false };
  }

  // -------------------------------------------------------------------------------------------
  // Connectors
  // -------------------------------------------------------------------------------------------

  private newConnector(state: TenantState, kind: 'InboundConnector' | 'OutboundConnector', bound: BoundParameters): HandlerResult {
    const name = bound.Name as string;
    this.requireUniqueName(state, kind, name);
    const now = this.now().toISOString();
    const record = newObjectRecord(kind, name, this.newGuid(), now);
    const warnings: string[] = [];
    this.applyParameters(state, kind, record, bound);
    if (kind === 'InboundConnector' && state.restrictedInboundConnectors) {
      record.Enabled = false;
      warnings.push(INBOUND_CREATED_DISABLED_WARNING);
    }
    this.validate(state, kind, record);
    state[kind].push(record);
    return { result: cloneObject(record), warnings, changed: true };
  }

  private setConnector(state: TenantState, kind: 'InboundConnector' | 'OutboundConnector', bound: BoundParameters): HandlerResult {
    const current = this.find(state, kind, bound.Identity as string);
    const next = cloneObject(current);
    const oldName = current.Name as string;
    this.applyName(state, kind, current, next, bound);
    this.applyParameters(state, kind, next, bound);
    // §2.5 (Learn, "Inbound connector: FAQ"): in a restricted service offering, updating a
    // connector "may" show the WARNING "For this service offering, you can't enable an inbound
    // connector. Contact Support to enable it."; the connector stays disabled. That the other
    // parameters of the same Set still apply, and that this warning replaces the "no settings
    // modified" one, is not documented; the simulator applies them and reports this warning only.
    let restricted = false;
    if (kind === 'InboundConnector' && state.restrictedInboundConnectors && bound.Enabled === true && current.Enabled !== true) {
      next.Enabled = current.Enabled;
      restricted = true;
    }
    this.validate(state, kind, next);
    if (kind === 'OutboundConnector' && next.Name !== oldName) {
      for (const rule of state.TransportRule) {
        if (typeof rule.RouteMessageOutboundConnector === 'string' && rule.RouteMessageOutboundConnector.toLowerCase() === oldName.toLowerCase()) {
          rule.RouteMessageOutboundConnector = next.Name as string;
        }
      }
    }
    const outcome = this.commitSet(state, kind, current, next, bound.Identity as string);
    return restricted ? { ...outcome, warnings: [INBOUND_ENABLE_RESTRICTED_WARNING] } : outcome;
  }

  // -------------------------------------------------------------------------------------------
  // Accepted domains (Set only; served for admins' edits and tests)
  // -------------------------------------------------------------------------------------------

  private setAcceptedDomain(state: TenantState, bound: BoundParameters): HandlerResult {
    const current = findByIdentity(state.AcceptedDomain, bound.Identity as string);
    if (!current) throw new ManagementObjectNotFoundError(bound.Identity as string);
    const next = cloneObject(current);
    for (const parameter of ['DomainType', 'MatchSubDomains', 'OutboundOnly', 'SendingFromDomainDisabled', 'SendingToDomainDisabled']) {
      if (Object.prototype.hasOwnProperty.call(bound, parameter)) next[parameter] = bound[parameter] as ExoValue;
    }
    // Learn, "Enable mail flow for subdomains in Exchange Online": "In order to enable match
    // subdomains, an accepted domain must be set up as an internal relay domain." Checked on the
    // resulting domain, so DomainType and MatchSubDomains may change in one command.
    if (next.MatchSubDomains === true && next.DomainType !== 'InternalRelay') {
      throw new MatchSubDomainsRequiresInternalRelayError(String(current.DomainName), String(next.DomainType));
    }
    return this.commitSet(state, 'AcceptedDomain', current, next, bound.Identity as string);
  }

  // -------------------------------------------------------------------------------------------
  // Transport rules
  // -------------------------------------------------------------------------------------------

  private newRule(state: TenantState, bound: BoundParameters): HandlerResult {
    const name = bound.Name as string;
    this.requireUniqueName(state, 'TransportRule', name);
    const rules = state.TransportRule;
    const priority = bound.Priority === undefined ? rules.length : (bound.Priority as number);
    if (priority < 0 || priority > rules.length) throw new InvalidRulePriorityError(rules.length);
    const record = newObjectRecord('TransportRule', name, this.newGuid(), this.now().toISOString());
    record.State = bound.Enabled === false ? 'Disabled' : 'Enabled';
    this.applyParameters(state, 'TransportRule', record, bound);
    this.validate(state, 'TransportRule', record);
    rules.splice(priority, 0, record);
    renumberRules(rules);
    return { result: cloneObject(record), warnings: [], changed: true };
  }

  private setRule(state: TenantState, bound: BoundParameters): HandlerResult {
    const rules = state.TransportRule;
    const current = this.find(state, 'TransportRule', bound.Identity as string);
    if (bound.Priority !== undefined) {
      const priority = bound.Priority as number;
      if (priority < 0 || priority > rules.length - 1) throw new InvalidRulePriorityError(rules.length - 1);
    }
    const next = cloneObject(current);
    this.applyName(state, 'TransportRule', current, next, bound);
    this.applyParameters(state, 'TransportRule', next, bound);
    this.validate(state, 'TransportRule', next);
    const moved = bound.Priority !== undefined && bound.Priority !== current.Priority;
    if (moved) {
      const index = rules.indexOf(current);
      rules.splice(index, 1);
      rules.splice(bound.Priority as number, 0, current);
      renumberRules(rules);
      next.Priority = current.Priority;
    }
    if (moved && sameObject(current, next)) {
      current.WhenChanged = this.now().toISOString();
      return { result: null, warnings: [], changed: true };
    }
    const outcome = this.commitSet(state, 'TransportRule', current, next, bound.Identity as string);
    return moved ? { ...outcome, changed: true } : outcome;
  }

  private setRuleState(state: TenantState, bound: BoundParameters, wanted: 'Enabled' | 'Disabled'): HandlerResult {
    const rule = this.find(state, 'TransportRule', bound.Identity as string);
    let changed = false;
    if (rule.State !== wanted) {
      rule.State = wanted;
      changed = true;
    }
    if (wanted === 'Enabled' && typeof bound.Mode === 'string' && rule.Mode !== bound.Mode) {
      rule.Mode = bound.Mode;
      changed = true;
    }
    if (changed) rule.WhenChanged = this.now().toISOString();
    return { result: null, warnings: [], changed };
  }

  // -------------------------------------------------------------------------------------------
  // Remove-*
  // -------------------------------------------------------------------------------------------

  private removeObject(state: TenantState, kind: ExoObjectKind, bound: BoundParameters): HandlerResult {
    const object = this.find(state, kind, bound.Identity as string);
    if (kind === 'OutboundConnector') {
      const users = state.TransportRule.filter(
        (rule) =>
          typeof rule.RouteMessageOutboundConnector === 'string' &&
          rule.RouteMessageOutboundConnector.toLowerCase() === String(object.Name).toLowerCase(),
      );
      if (users.length > 0) throw new OutboundConnectorInUseError(object.Name as string, users.map((rule) => rule.Name as string));
    }
    state[kind].splice(state[kind].indexOf(object), 1);
    if (kind === 'TransportRule') renumberRules(state.TransportRule);
    return { result: null, warnings: [], changed: true };
  }

  // -------------------------------------------------------------------------------------------
  // Shared steps
  // -------------------------------------------------------------------------------------------

  private find(state: TenantState, kind: ExoObjectKind, identity: string): ObservedObject {
    const object = findByIdentity(state[kind], identity);
    if (!object) throw new ManagementObjectNotFoundError(identity);
    return object;
  }

  private requireUniqueName(state: TenantState, kind: ExoObjectKind, name: string, except?: ObservedObject): void {
    const lower = name.toLowerCase();
    const clash = state[kind].find((object) => object !== except && String(object.Name).toLowerCase() === lower);
    if (clash) throw new ManagementObjectAlreadyExistsError(KIND_NOUN[kind], name);
  }

  /** Set-* -Name: rename (unique, not empty), Identity follows the name. */
  private applyName(state: TenantState, kind: ExoObjectKind, current: ObservedObject, next: ObservedObject, bound: BoundParameters): void {
    if (!Object.prototype.hasOwnProperty.call(bound, 'Name')) return;
    const name = bound.Name;
    if (typeof name !== 'string' || name === '') throw new ParameterArgumentValidationError('Name', name === '' ? 'emptyString' : 'null');
    this.requireUniqueName(state, kind, name, current);
    next.Name = name;
    next.Identity = name;
  }

  /** Writes bound parameters into `record` in stored form (Name, Identity, Confirm, Priority, Enabled handled elsewhere). */
  private applyParameters(state: TenantState, kind: ExoObjectKind, record: ObservedObject, bound: BoundParameters): void {
    for (const [parameter, value] of Object.entries(bound)) {
      if (['Name', 'Identity', 'Confirm', 'Priority'].includes(parameter)) continue;
      if (kind === 'TransportRule' && parameter === 'Enabled') continue;
      record[parameter] =
        value instanceof MultiValuedEdit ? this.editedValue(state, kind, parameter, record[parameter], value) : this.storedValue(state, kind, parameter, value);
    }
  }

  /**
   * `@{Add=…; Remove=…}`: the current values minus the removed ones plus the added ones, then
   * stored and checked like a whole list (so SenderDomains keeps its `smtp:<domain>;1` form and
   * its 2243-character limit). Values are compared in stored form, case-insensitively. Adding a
   * value already present or removing one that is absent is left alone: Exchange's behaviour for
   * those is not documented.
   */
  private editedValue(state: TenantState, kind: ExoObjectKind, parameter: string, current: ExoValue | undefined, edit: MultiValuedEdit): ExoValue {
    const stored = (values: readonly string[]): string[] => {
      if (values.length === 0) return [];
      const result = this.storedValue(state, kind, parameter, [...values]);
      return Array.isArray(result) ? result : [];
    };
    const removed = new Set(stored(edit.remove).map((value) => value.toLowerCase()));
    const values = (Array.isArray(current) ? current : []).filter((value) => !removed.has(value.toLowerCase()));
    for (const value of stored(edit.add)) {
      if (!values.some((existing) => existing.toLowerCase() === value.toLowerCase())) values.push(value);
    }
    if (values.length === 0) return clearedMultiValue(kind);
    return this.storedValue(state, kind, parameter, values);
  }

  /** Normalises one value the way Exchange stores it, checking per-value rules. */
  private storedValue(state: TenantState, kind: ExoObjectKind, parameter: string, value: ExoValue): ExoValue {
    if (value === null && isMultiValued(kind, parameter)) return clearedMultiValue(kind);
    switch (parameter) {
      case 'SenderDomains': {
        const stored = (value as string[]).map((item) => {
          const { domain, cost } = parseAddressSpace(item);
          if (!isValidDomainPattern(domain, true)) throw new InvalidSmtpDomainError(parameter, item);
          return `smtp:${domain};${cost}`;
        });
        const length = stored.join('').length + Math.max(0, stored.length - 1);
        if (length > SENDER_DOMAINS_MAX_LENGTH) throw new PropertyTooLongError(parameter, SENDER_DOMAINS_MAX_LENGTH, length);
        return stored;
      }
      case 'RecipientDomains':
        for (const item of value as string[]) if (!isValidDomainPattern(item, true)) throw new InvalidSmtpDomainError(parameter, item);
        return value;
      case 'TlsDomain':
      case 'TlsSenderCertificateName':
        if (typeof value === 'string' && !isValidDomainPattern(value, false)) throw new InvalidSmtpDomainError(parameter, value);
        return value;
      case 'SenderIPAddresses':
        for (const item of value as string[]) if (!isValidSenderIp(item)) throw new InvalidSenderIpAddressError(item);
        return value;
      case 'AssociatedAcceptedDomains':
        return (value as string[]).map((item) => {
          const domain = findByIdentity(state.AcceptedDomain, item);
          if (!domain) throw new ManagementObjectNotFoundError(item);
          return domain.DomainName as string;
        });
      case 'RouteMessageOutboundConnector': {
        if (value === null) return null;
        const connector = findByIdentity(state.OutboundConnector, value as string);
        if (!connector) throw new ManagementObjectNotFoundError(value as string);
        return connector.Name as string;
      }
      default:
        return Array.isArray(value) ? [...value] : value;
    }
  }

  /** Combination rules of exchange-online.md §1.5, on the object as it would be stored. */
  private validate(_state: TenantState, kind: ExoObjectKind, record: ObservedObject): void {
    if (kind === 'InboundConnector') {
      if (record.TreatMessagesAsInternal === true && (record.CloudServicesMailEnabled === true || record.ConnectorType !== 'OnPremises')) {
        throw new TreatMessagesAsInternalError();
      }
    } else if (kind === 'OutboundConnector') {
      if (record.UseMXRecord === false && (!Array.isArray(record.SmartHosts) || record.SmartHosts.length === 0)) {
        throw new SmartHostsRequiredError();
      }
      // §1.5.5: TlsDomain "meaningful only when the TlsSettings value is DomainValidation"
      // (New-/Set-OutboundConnector.md); refused otherwise, see TlsDomainRequiresDomainValidationError.
      if (isSet(record.TlsDomain) && record.TlsSettings !== 'DomainValidation') {
        throw new TlsDomainRequiresDomainValidationError((record.TlsSettings as string | null | undefined) ?? null);
      }
      for (const parameter of ['AllAcceptedDomains', 'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled']) {
        if (record[parameter] === true && record.ConnectorType !== 'OnPremises') throw new OnPremisesConnectorRequiredError(parameter);
      }
    } else {
      const hasName = record.SetHeaderName !== null && record.SetHeaderName !== undefined;
      const hasValue = record.SetHeaderValue !== null && record.SetHeaderValue !== undefined;
      if (hasName && !hasValue) throw new SetHeaderPairError('SetHeaderValue');
      if (hasValue && !hasName) throw new SetHeaderPairError('SetHeaderName');
      // §1.5.8: each header condition names its header and what to look for, together.
      for (const [header, words] of HEADER_CONDITION_PAIRS) {
        if (isSet(record[header]) && !isSet(record[words])) throw new ConditionPairError(header, words);
        if (isSet(record[words]) && !isSet(record[header])) throw new ConditionPairError(words, header);
      }
    }
  }

  /** Replaces `current` by `next` unless nothing differs (then Exchange's warning, no write). */
  private commitSet(state: TenantState, kind: ExoReadableKind, current: ObservedObject, next: ObservedObject, identity: string): HandlerResult {
    if (sameObject(current, next)) return { result: null, warnings: [noChangeWarning(identity)], changed: false };
    next.WhenChanged = this.now().toISOString();
    const list = state[kind];
    list[list.indexOf(current)] = next;
    return { result: null, warnings: [], changed: true };
  }
}

/**
 * Header conditions and exceptions whose two halves go together (New-/Set-TransportRule.md:
 * "…MessageHeader parameter specifies the name of header field in the message header when
 * searching for the words / text patterns specified by the …Words / …Patterns parameter").
 */
const HEADER_CONDITION_PAIRS: readonly (readonly [string, string])[] = [
  ['HeaderContainsMessageHeader', 'HeaderContainsWords'],
  ['ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderContainsWords'],
  ['HeaderMatchesMessageHeader', 'HeaderMatchesPatterns'],
  ['ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns'],
];

/** A stored value that is there: not null/absent, not an empty string or list. */
function isSet(value: ExoValue | undefined): boolean {
  if (value === null || value === undefined || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function isMultiValued(kind: ExoObjectKind, parameter: string): boolean {
  return (
    findCmdlet(`New-${kind}`)?.parameters[parameter]?.type === 'MultiValued' ||
    findCmdlet(`Set-${kind}`)?.parameters[parameter]?.type === 'MultiValued'
  );
}

function sameObject(a: ObservedObject, b: ObservedObject): boolean {
  const strip = (object: ObservedObject): string => JSON.stringify({ ...object, WhenChanged: null });
  return strip(a) === strip(b);
}

/** -ResultSize: absent = 1000 (Exchange's default), 'Unlimited' = all, a number = that many. */
function resultLimit(resultSize: ExoValue | MultiValuedEdit | undefined): number {
  if (resultSize === undefined || resultSize === null) return 1000;
  if (typeof resultSize === 'string' && resultSize.toLowerCase() === 'unlimited') return Number.POSITIVE_INFINITY;
  const number = Number(resultSize);
  return Number.isFinite(number) && number >= 0 ? number : Number.POSITIVE_INFINITY;
}
