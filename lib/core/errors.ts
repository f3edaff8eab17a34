/**
 * The error catalogue: every error the library throws outside the validation rules has a stable
 * id here, so a message can be looked up (docs/RULES.md lists them) and a test can match the id
 * rather than the wording. Rule findings have their own codes (CBCnnn, lib/rules); these are for
 * input refused where it is given (a construct prop, a factory option, an environment variable),
 * for failures at apply time, and for internal errors that are bugs.
 *
 * Messages keep the what / where / how-to-fix shape: the site passes the whole sentence, the
 * catalogue adds the id in front: `EXG004: TenantGateway at msp/Contoso: cbcCertificateName is
 * required ... Set it to ...`. Ids are never reused.
 */

/** One entry: a stable id and one line saying what the error means. */
export interface ErrorDefinition {
  readonly id: string;
  readonly title: string;
}

function entry(id: string, title: string): ErrorDefinition {
  return { id, title };
}

/** The catalogue, by name. EXG0xx constructs and options, EXG1xx gateway deployments, EXG2xx the day-2 commands, EXG3xx apply time, EXG4xx the simulator, EXG9xx internal errors. */
export const ERRORS = {
  // constructs and their options
  DEPLOYMENT_PRODUCT: entry('EXG001', 'A gateway deployment was not made by its factory (PostfixDeployment, SeppmailApplianceDeployment)'),
  TENANT_OUTSIDE_DEPLOYMENT_STACK: entry('EXG002', 'A tenant of a deployed gateway is declared in another stack than the gateway'),
  TRUSTED_ROOTS_MISSING: entry('EXG003', 'The trustedRootsPemFile of a MailGateway does not exist'),
  CBC_NAME_REQUIRED: entry('EXG004', 'A tenant of a gateway that does not derive certificate names has no cbcCertificateName'),
  CBC_CERTIFICATE_NOT_USED: entry('EXG005', 'A tenant gives a certificate to a gateway that presents its own'),
  SECOND_CONNECTOR: entry('EXG006', 'A tenant gets a second CbcConnector'),
  PROFILE_OPTIONS: entry('EXG007', 'The gateway profile options are inconsistent or incomplete'),
  NOT_A_TENANT_GATEWAY: entry('EXG008', 'A construct passed as a tenant is not a TenantGateway of this library'),
  RUNTIME_NOT_BUILT: entry('EXG009', 'The apply-time program is not built'),
  SUPPRESSION_REASON: entry('EXG010', 'A suppression has no reason, or one too short to say why'),
  SUPPRESSION_UNKNOWN_CODE: entry('EXG011', 'A suppression names a code that no rule reports'),
  SUPPRESSION_NOT_ALLOWED: entry('EXG012', 'A suppression names an error that cannot be suppressed'),
  FLEET_FILE: entry('EXG013', 'A fleet file (or the tenant list of export) cannot be read, is not plain YAML or JSON, or does not match its schema (schema/fleet.schema.json, docs/export.md)'),
  ENV_NAME: entry('EXG020', 'An option that takes the name of an environment variable got something else'),
  RUNNER_FILE_PATH: entry('EXG022', 'An option that takes the path of a file on the runner got something else (nothing, or what looks like the file\'s content)'),
  TENANT_WITHOUT_ACCESS: entry('EXG021', 'A tenant document is built for a tenant without Exchange Online access'),
  // gateway deployments
  GATEWAY_PATH: entry('EXG101', 'A folder on the gateway is not an absolute path'),
  GATEWAY_WHITE_SPACE: entry('EXG102', 'A Postfix folder or file name contains white space'),
  GATEWAY_CA_FILE: entry('EXG103', 'The exoCaFile of a Postfix deployment is not an absolute path without white space'),
  EXO_MX_HOST: entry('EXG104', 'The exoMxHost of a Postfix deployment is not a host name or IPv4 address'),
  POSTFIX_TABLE_TYPE: entry('EXG105', 'The tableType of a Postfix deployment is not a lookup table type'),
  SEPPMAIL_API_URL: entry('EXG110', 'The apiUrl of a SEPPmail REST deployment is not an https base URL with a version path'),
  SEPPMAIL_API_ENV: entry('EXG111', 'The tokenEnv or secretEnv of a SEPPmail REST deployment is not a distinct variable name'),
  SEPPMAIL_CUSTOMER_PREFIX: entry('EXG112', 'The customerPrefix of a SEPPmail REST deployment has characters a customer name cannot hold'),
  SEPPMAIL_OWNER: entry('EXG113', 'The owner of a SEPPmail REST deployment has characters the API refuses'),
  SEPPMAIL_TIMEOUT: entry('EXG114', 'The timeoutSeconds of a SEPPmail REST deployment is out of range'),
  // apply time
  SESSION_NOT_JSON: entry('EXG301', 'The PowerShell session wrote a line that is not JSON'),
  ADMIN_API_CA_FILE: entry('EXG302', 'EXO_GATEWAY_CA_FILE names a file that cannot be read'),
  APP_CERTIFICATE_UNUSABLE: entry('EXG303', 'The app certificate on the runner cannot be used to sign in'),
  APP_CERTIFICATE_MISSING: entry('EXG304', 'The app certificate is not available on the runner'),
  NO_ACCESS_TOKEN: entry('EXG305', 'The token endpoint returned no access token'),
  // the day-2 commands (drift, report) and export
  COMMAND_USAGE: entry('EXG201', 'A command line option of drift, report or export is unknown or has a wrong value'),
  // the simulated Exchange Online
  SIMULATOR_FAULTS: entry('EXG401', 'The faults file of the simulator is malformed'),
  SIMULATOR_STATE: entry('EXG402', 'A file in the simulator state folder is not a simulated tenant'),
  SIMULATOR_NO_TENANT: entry('EXG403', 'The simulator has no tenant of that organization'),
  // internal errors: a bug in the library, never a user mistake
  PLAN_NOT_APPLICABLE: entry('EXG901', 'A rule priority step does not apply to the rule list it is given'),
  INTERNAL: entry('EXG999', 'An internal invariant does not hold (a bug in the library)'),
} as const;

/** Every entry in id order, for docs/RULES.md. */
export const ERROR_CATALOGUE: readonly ErrorDefinition[] = Object.values(ERRORS).sort((a, b) => a.id.localeCompare(b.id));

/** An error of the catalogue: its message starts with the id, and the id is on the error. */
export class CatalogueError extends Error {
  public readonly id: string;

  constructor(definition: ErrorDefinition, message: string) {
    super(`${definition.id}: ${message}`);
    this.name = 'CatalogueError';
    this.id = definition.id;
  }
}

/** Builds the error to throw: `throw libraryError(ERRORS.CBC_NAME_REQUIRED, 'TenantGateway at ...')`. */
export function libraryError(definition: ErrorDefinition, message: string): CatalogueError {
  return new CatalogueError(definition, message);
}
