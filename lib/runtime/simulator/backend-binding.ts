/**
 * Parameter binding of the simulated Exchange Online: what PowerShell does before a cmdlet runs.
 * The cmdlet must exist (catalogue or simulator-only), every name must be one of its parameters,
 * mandatory ones present, and each value converted to the parameter's type (enum values
 * case-insensitive, stored in Exchange's spelling; `@{Add=…; Remove=…}` edits of a
 * MultiValuedProperty). Sources: exchange-online.md §1, the cmdlet reference pages cited below.
 */
import { CmdletSpec, findCmdlet, findParameterName, ParameterSpec } from '../../core/exo-catalogue';
import { ExoParameters, ExoValue } from '../../core/exo-model';
import {
  CommandNotFoundError,
  MissingMandatoryParametersError,
  ParameterAlreadyBoundError,
  ParameterArgumentValidationError,
  ParameterNotFoundError,
  ParameterTransformationError,
  PropertyTooLongError,
  ValueOutOfRangeError,
} from './errors';

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

