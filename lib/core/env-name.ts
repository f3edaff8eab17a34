import { ERRORS, libraryError } from './errors';

/**
 * Names of environment variables on the runner. Where the library asks for a variable's NAME,
 * a value passed by mistake (a certificate, a password, a token) must neither be synthesized
 * nor echoed in an error: it is refused without being shown.
 */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** True for a usable environment variable name. */
export function isEnvName(name: string | undefined): boolean {
  return typeof name === 'string' && ENV_NAME.test(name);
}

/** Returns `name` when it is a variable name; otherwise throws without showing the value. */
export function checkEnvName(name: string, option: string): string {
  if (!isEnvName(name)) {
    throw libraryError(ERRORS.ENV_NAME, `${option} must be the NAME of an environment variable on the runner (letters, digits and '_', not starting with a digit, at most 128 characters). What was given is not a name, and it is not shown here in case it is a secret value. Pass the variable's name, e.g. 'EXO_APP_CERT_PFX_B64', and set the value in the runner's environment.`);
  }
  return name;
}
