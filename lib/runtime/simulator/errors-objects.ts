/**
 * Simulated Exchange object, value and parameter-combination errors (errors.ts has the wording
 * sources).
 */

import { ExoSimError, SIM_SERVER_NAME } from './errors-base';

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
