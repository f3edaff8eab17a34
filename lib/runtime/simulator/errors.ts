/**
 * The errors of the simulated Exchange Online, one class per Exchange error, carrying the
 * exception type name (`type`, what the real session script reports as the error type) and
 * Exchange's own wording where it is known.
 *
 * Wording sources (shared reference exchange-online.md §1):
 * - PowerShell parameter binding: "A parameter cannot be found that matches parameter name 'X'."
 *   (NamedParameterNotFound), "Cannot process command because of one or more missing mandatory
 *   parameters: ...", argument transformation texts: PowerShell's own.
 * - ManagementObjectNotFoundException: "The operation couldn't be performed because object 'X'
 *   couldn't be found on '<server>'." (Microsoft365DSC #4401).
 * - Rule priority: "The specified rule priority is invalid. Use a value between '0' (highest
 *   priority), and '<n>' (lowest priority)." (Microsoft365DSC #3552).
 * - Length: "The length of the property is too long. The maximum length is N and the length of the
 *   value provided is M." (Microsoft KB 4014351, SenderDomains of an inbound connector).
 * - Set without effect: "The command completed successfully but no settings of 'X' have been
 *   modified." (a warning, not an error; see backend.ts).
 * Classes marked SIMULATOR WORDING exist because Exchange enforces the rule (documented in the
 * cmdlet reference) but its exact text was not found; the type name is our best choice.
 *
 * Imports nothing: the simulator is bundled into one file with Node built-ins only.
 */

/** Name of the "server" that ManagementObjectNotFoundException messages mention. */
export const SIM_SERVER_NAME = 'SIM';

const EXO_SIM_ERROR_BRAND = Symbol.for('cdktf-exo-gateway.ExoSimError');

/** Base of every simulated Exchange error. `type` is what a session reply carries as `error.type`. */
export class ExoSimError extends Error {
  /** Exception type name as Exchange Online / PowerShell reports it, e.g. `ParameterBindingException`. */
  public readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
    Object.defineProperty(this, EXO_SIM_ERROR_BRAND, { value: true });
  }
}

/** True when `error` is a simulated Exchange error (by brand, so it works across bundled copies). */
export function isExoSimError(error: unknown): error is ExoSimError {
  return typeof error === 'object' && error !== null && (error as { [EXO_SIM_ERROR_BRAND]?: unknown })[EXO_SIM_ERROR_BRAND] === true;
}

// ---------------------------------------------------------------------------------------------
// PowerShell command lookup and parameter binding
// ---------------------------------------------------------------------------------------------

/** A cmdlet that does not exist in the session (PowerShell 7 wording). */
export class CommandNotFoundError extends ExoSimError {
  constructor(readonly cmdlet: string) {
    super(
      'CommandNotFoundException',
      `The term '${cmdlet}' is not recognized as a name of a cmdlet, function, script file, or executable program. ` +
        'Check the spelling of the name, or if a path was included, verify that the path is correct and try again.',
    );
  }
}

/** The session refuses a cmdlet that is not on its allow-list (same text as exo-session.ps1). */
export class CmdletNotAllowedError extends ExoSimError {
  constructor(readonly cmdlet: string) {
    super('CmdletNotAllowed', `Cmdlet '${cmdlet}' is not on the session's allow-list.`);
  }
}

/** Unknown parameter name: "A parameter cannot be found that matches parameter name 'X'." */
export class ParameterNotFoundError extends ExoSimError {
  constructor(readonly parameter: string) {
    super('ParameterBindingException', `A parameter cannot be found that matches parameter name '${parameter}'.`);
  }
}

/** The same parameter given twice (names differing only in case). PowerShell's wording. */
export class ParameterAlreadyBoundError extends ExoSimError {
  constructor(readonly parameter: string) {
    super(
      'ParameterBindingException',
      `Cannot bind parameter because parameter '${parameter}' is specified more than once. ` +
        'To provide multiple values to parameters that can accept multiple values, use the array syntax. ' +
        'For example, "-parameter value1,value2,value3".',
    );
  }
}

/** Mandatory parameters missing (non-interactive PowerShell's wording). */
export class MissingMandatoryParametersError extends ExoSimError {
  constructor(readonly parameters: readonly string[]) {
    super(
      'ParameterBindingException',
      `Cannot process command because of one or more missing mandatory parameters: ${parameters.join(' ')}.`,
    );
  }
}

/** A mandatory parameter bound to $null, '' or @(). PowerShell's ParameterArgumentValidationError texts. */
export class ParameterArgumentValidationError extends ExoSimError {
  constructor(readonly parameter: string, readonly reason: 'null' | 'emptyString' | 'emptyArray') {
    super(
      'ParameterBindingValidationException',
      `Cannot bind argument to parameter '${parameter}' because it is ${
        reason === 'null' ? 'null' : reason === 'emptyString' ? 'an empty string' : 'an empty array'
      }.`,
    );
  }
}

/** A value PowerShell cannot convert to the parameter's type (bool, int, enum …). */
export class ParameterTransformationError extends ExoSimError {
  constructor(readonly parameter: string, detail: string) {
    super(
      'ParameterBindingArgumentTransformationException',
      `Cannot process argument transformation on parameter '${parameter}'. ${detail}`,
    );
  }

  static boolean(parameter: string, valueText: string): ParameterTransformationError {
    return new ParameterTransformationError(
      parameter,
      `Cannot convert value "${valueText}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
    );
  }

  static int32(parameter: string, valueText: string): ParameterTransformationError {
    return new ParameterTransformationError(
      parameter,
      `Cannot convert value "${valueText}" to type "System.Int32". Error: "The input string '${valueText}' was not in a correct format."`,
    );
  }

  static enumValue(parameter: string, typeName: string, valueText: string, values: readonly string[]): ParameterTransformationError {
    return new ParameterTransformationError(
      parameter,
      `Cannot convert value "${valueText}" to type "${typeName}". Error: "Unable to match the identifier name ${valueText} to a valid enumerator name. Specify one of the following enumerator names and try again: ${values.join(', ')}"`,
    );
  }

  static nullValue(parameter: string, typeName: string): ParameterTransformationError {
    return new ParameterTransformationError(parameter, `Cannot convert null to type "${typeName}".`);
  }

  /**
   * A hashtable where PowerShell cannot convert one: on a parameter that is not a
   * MultiValuedProperty, or with keys other than Add and Remove. The session script passes a JSON
   * object parameter value as a hashtable (exo-session.ps1). PowerShell's conversion wording.
   */
  static hashtable(parameter: string, typeName: string): ParameterTransformationError {
    return new ParameterTransformationError(
      parameter,
      `Cannot convert the "System.Collections.Hashtable" value of type "System.Collections.Hashtable" to type "${typeName}".`,
    );
  }

  static shape(parameter: string, typeName: string): ParameterTransformationError {
    return new ParameterTransformationError(
      parameter,
      `Cannot convert the value of type "System.Management.Automation.PSCustomObject" to type "${typeName}".`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Exchange object errors
// ---------------------------------------------------------------------------------------------

/** "The operation couldn't be performed because object 'X' couldn't be found on 'SIM'." */
export class ManagementObjectNotFoundError extends ExoSimError {
  constructor(readonly identity: string) {
    super(
      'ManagementObjectNotFoundException',
      `The operation couldn't be performed because object '${identity}' couldn't be found on '${SIM_SERVER_NAME}'.`,
    );
  }
}

/** A name already used by another object of the same kind (case-insensitive). SIMULATOR WORDING. */
export class ManagementObjectAlreadyExistsError extends ExoSimError {
  constructor(readonly noun: string, readonly objectName: string) {
    super('ManagementObjectAlreadyExistsException', `${/^[aeiou]/i.test(noun) ? 'An' : 'A'} ${noun} with the name '${objectName}' already exists.`);
  }
}

/**
 * Text longer than the documented maximum. The first two sentences are Exchange's PropertyConstraint
 * wording (KB 4014351), which does not say which parameter was too long; the closing
 * `(parameter 'X')` is SIMULATOR WORDING, so that every length error names its parameter (the
 * apply program names it for real Exchange too: lib/runtime/reads.ts exchangeErrorFor).
 */
export class PropertyTooLongError extends ExoSimError {
  constructor(readonly parameter: string, readonly maxLength: number, readonly actualLength: number) {
    super(
      'DataValidationException',
      `The length of the property is too long. The maximum length is ${maxLength} and the length of the value provided is ${actualLength}. (parameter '${parameter}')`,
    );
  }
}

/** A number outside a documented range (e.g. SclValue -1..9). SIMULATOR WORDING. */
export class ValueOutOfRangeError extends ExoSimError {
  constructor(readonly parameter: string, readonly value: number, readonly minimum: number, readonly maximum: number) {
    super(
      'DataValidationException',
      `The value ${value} of parameter ${parameter} is out of range. Valid values are ${minimum} through ${maximum}.`,
    );
  }
}

/** Transport rule priority outside 0..n (New) or 0..n-1 (Set). Exchange's wording (M365DSC #3552). */
export class InvalidRulePriorityError extends ExoSimError {
  constructor(readonly lowest: number) {
    super(
      'ArgumentException',
      `The specified rule priority is invalid. Use a value between '0' (highest priority), and '${lowest}' (lowest priority).`,
    );
  }
}

/** A domain with an embedded wildcard (domain.*.contoso.com) or not a domain at all. SIMULATOR WORDING. */
export class InvalidSmtpDomainError extends ExoSimError {
  constructor(readonly parameter: string, readonly value: string) {
    super(
      'DataValidationException',
      `'${value}' isn't a valid SMTP domain for ${parameter}. Use a domain such as contoso.com, a leading wildcard ` +
        `such as *.contoso.com${parameter === 'SenderDomains' || parameter === 'RecipientDomains' ? ', or * for all domains' : ''}; ` +
        'a wildcard inside the name (domain.*.contoso.com) isn\'t valid.',
    );
  }
}

/** SenderIPAddresses: IPv4 only, single address or CIDR /24 to /32. SIMULATOR WORDING. */
export class InvalidSenderIpAddressError extends ExoSimError {
  constructor(readonly value: string) {
    super(
      'DataValidationException',
      `'${value}' isn't a valid value for SenderIPAddresses. Use an IPv4 address or a CIDR range with a mask from /24 through /32; IPv6 addresses aren't supported.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Invalid combinations (exchange-online.md §1.5). SIMULATOR WORDING: the rules are documented,
// Exchange's texts were not found.
// ---------------------------------------------------------------------------------------------

/** Base of the invalid-combination errors. */
export class InvalidParameterCombinationError extends ExoSimError {
  constructor(message: string) {
    super('TaskArgumentException', message);
  }
}

/** §1.5.1: TreatMessagesAsInternal $true needs ConnectorType OnPremises and CloudServicesMailEnabled $false. */
export class TreatMessagesAsInternalError extends InvalidParameterCombinationError {
  constructor() {
    super(
      "You can't set TreatMessagesAsInternal to $true when CloudServicesMailEnabled is $true or ConnectorType isn't OnPremises.",
    );
  }
}

/** §1.5.4: UseMXRecord $false requires one or more smart hosts. */
export class SmartHostsRequiredError extends InvalidParameterCombinationError {
  constructor() {
    super('UseMXRecord $false requires one or more smart hosts: specify them with the SmartHosts parameter.');
  }
}

/** §1.5.6: AllAcceptedDomains, RouteAllMessagesViaOnPremises, SenderRewritingEnabled need ConnectorType OnPremises. */
export class OnPremisesConnectorRequiredError extends InvalidParameterCombinationError {
  constructor(readonly parameter: string) {
    super(`${parameter} can be $true only on a connector whose ConnectorType is OnPremises.`);
  }
}

/** §1.5.8: SetHeaderName and SetHeaderValue go together. */
export class SetHeaderPairError extends InvalidParameterCombinationError {
  constructor(readonly missing: 'SetHeaderName' | 'SetHeaderValue') {
    super(
      missing === 'SetHeaderValue'
        ? 'When you use the SetHeaderName parameter, you also need to use the SetHeaderValue parameter.'
        : 'When you use the SetHeaderValue parameter, you also need to use the SetHeaderName parameter.',
    );
  }
}

/** An outbound connector still named by a rule's RouteMessageOutboundConnector. SIMULATOR WORDING (§1.5, UNCONFIRMED in Exchange). */
export class OutboundConnectorInUseError extends ExoSimError {
  constructor(readonly connector: string, readonly rules: readonly string[]) {
    super(
      'InvalidOperationException',
      `Outbound connector '${connector}' can't be removed because it's used by transport rule ${rules
        .map((rule) => `'${rule}'`)
        .join(', ')} (RouteMessageOutboundConnector). Change or remove the rule first.`,
    );
  }
}

/**
 * §1.5.5: TlsDomain is "meaningful only when the TlsSettings value is DomainValidation"
 * (New-/Set-OutboundConnector.md, TlsDomain). Whether Exchange rejects or ignores it otherwise is
 * UNCONFIRMED (exchange-online.md §1.5, §8); the simulator takes the stricter reading and refuses
 * it, so the library can never depend on either. SIMULATOR WORDING.
 */
export class TlsDomainRequiresDomainValidationError extends InvalidParameterCombinationError {
  constructor(readonly tlsSettings: string | null) {
    super(
      `TlsDomain can be set only when TlsSettings is DomainValidation (it is ${tlsSettings ?? '$null'}). ` +
        'Set TlsSettings to DomainValidation, or clear TlsDomain with $null.',
    );
  }
}

/**
 * §1.5.8: a header condition names its header and what to look for in it, together:
 * HeaderContainsMessageHeader + HeaderContainsWords, HeaderMatchesMessageHeader +
 * HeaderMatchesPatterns, and their ExceptIf forms. New-/Set-TransportRule.md describe each half
 * by the other ("the name of header field in the message header when searching for the words
 * specified by the HeaderContainsWords parameter"); the reference records the refusal as implied
 * by those descriptions, not stated as an error (UNCONFIRMED). Worded like SetHeaderPairError,
 * whose pair rule is documented. SIMULATOR WORDING.
 */
export class ConditionPairError extends InvalidParameterCombinationError {
  constructor(readonly present: string, readonly missing: string) {
    super(`When you use the ${present} parameter, you also need to use the ${missing} parameter.`);
  }
}

/**
 * Set-AcceptedDomain -MatchSubDomains $true on a domain that is not InternalRelay: "In order to
 * enable match subdomains, an accepted domain must be set up as an internal relay domain."
 * (Learn, "Enable mail flow for subdomains in Exchange Online"; exchange-online.md §1.7).
 * SIMULATOR WORDING.
 */
export class MatchSubDomainsRequiresInternalRelayError extends InvalidParameterCombinationError {
  constructor(readonly domain: string, readonly domainType: string) {
    super(
      `MatchSubDomains can be $true only on an InternalRelay accepted domain; '${domain}' is ${domainType}. ` +
        'Set DomainType InternalRelay first (or in the same command), or set MatchSubDomains $false.',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Session-level errors (connect, protocol, fault injection)
// ---------------------------------------------------------------------------------------------

/** A request line that is not a valid request (same type as exo-session.ps1 uses). */
export class ProtocolError extends ExoSimError {
  constructor(message: string, readonly requestId: number = -1) {
    super('ProtocolError', message);
  }
}

/** An invoke failed on purpose because faults.json said so. */
export class InjectedFaultError extends ExoSimError {
  constructor(type: string, message: string) {
    super(type, message);
  }
}

/** The session is closed; no more requests are served. */
export class SessionClosedError extends ExoSimError {
  constructor() {
    super('SessionClosed', 'The session is closed.');
  }
}
