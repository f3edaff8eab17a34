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
 *   modified." (a warning, not an error; see backend-warnings.ts).
 * Classes marked SIMULATOR WORDING exist because Exchange enforces the rule (documented in the
 * cmdlet reference) but its exact text was not found; the type name is our best choice.
 *
 * Imports nothing: the simulator is bundled into one file with Node built-ins only.
 */

export * from './errors-base';
export * from './errors-binding';
export * from './errors-objects';
