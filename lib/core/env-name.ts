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

/** Base64 text (a PFX pasted as text) or PEM: what a certificate looks like when given instead of its path. */
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]{256,}$/;

/**
 * Returns `value` when it can be the path of a file on the runner; refuses nothing at all, and
 * what looks like the file's content (a PEM block, or long base64 text with no dot in it), without
 * showing it: only the path is ever synthesized, never the certificate.
 */
export function checkRunnerPath(value: string, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw libraryError(ERRORS.RUNNER_FILE_PATH, `${option} is empty; give the path of the file on the runner that applies the stack, e.g. '/secrets/exo-app.pfx'.`);
  }
  if (value.includes('-----BEGIN') || BASE64_TEXT.test(value)) {
    throw libraryError(
      ERRORS.RUNNER_FILE_PATH,
      `${option} must be the PATH of a file on the runner, and what was given looks like the certificate itself (PEM or base64 text); it is not shown here, and it was not synthesized. Give the file's path, or, for a base64 PFX in a pipeline secret, use ExchangeAccess.certificateFromEnvironment(appId, 'VARIABLE_NAME').`,
    );
  }
  return value;
}
