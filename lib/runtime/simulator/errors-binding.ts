/**
 * Simulated PowerShell command lookup and parameter binding errors (errors.ts has the wording
 * sources).
 */

import { ExoSimError } from './errors-base';

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
