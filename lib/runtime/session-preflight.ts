/**
 * The check a PowerShell session's settings pass BEFORE `pwsh` is started: the apply program runs
 * it on the environment it hands to exo-session.ps1 (exo-apply.ts sessionOpener), and the
 * simulated session runs the same check (simulator/sim-session-main.ts), so both refuse the same
 * settings with the same messages. The script itself then decides nothing: it maps the one
 * certificate source it is given onto Connect-ExchangeOnline.
 *
 * Settings (environment variables; the certificate and its password are only NAMED, never read
 * or printed here):
 *   EXO_SESSION_APP_ID              application (client) id of the app (-AppId)
 *   EXO_SESSION_ORGANIZATION        the tenant's initial *.onmicrosoft.com domain (-Organization)
 *   EXO_SESSION_CERT_FILE           path of a PFX file (-CertificateFilePath), or
 *   EXO_SESSION_CERT_ENV            NAME of a variable holding the PFX in base64 (-Certificate)
 *   EXO_SESSION_CERT_PASSWORD_ENV   NAME of a variable holding the PFX password (optional)
 * Exactly one certificate source: Connect-ExchangeOnline takes exactly one of -Certificate,
 * -CertificateFilePath (+ -CertificatePassword) or -CertificateThumbprint
 * (exchange-online.md §4.2, from Connect-ExchangeOnline.md).
 */
import * as fs from 'node:fs';
import { SessionError } from '../core/exo-model';

/** The environment a session reads (a variable set to '' counts as not set). */
export type SessionSettingsEnvironment = { readonly [name: string]: string | undefined };

/** The settings of a session that passed the pre-flight check. */
export interface SessionSettings {
  readonly appId: string;
  readonly organization: string;
  /** Exactly one of certificateFile and certificateEnv is set. */
  readonly certificateFile?: string;
  readonly certificateEnv?: string;
  readonly certificatePasswordEnv?: string;
}

/** The error type of a refused setting, in the session's fatal hello. */
export const SESSION_CONFIGURATION_ERROR = 'ConfigurationError';

/**
 * Checks the session settings in `env`: app id and organization set, exactly one certificate
 * source, the named file present or the named variable non-empty, and the named password
 * variable set. Returns the settings, or the error (type `ConfigurationError`) saying what is
 * wrong and how to fix it.
 */
export function checkSessionSettings(env: SessionSettingsEnvironment): { settings?: SessionSettings; error?: SessionError } {
  const fail = (message: string): { error: SessionError } => ({ error: { type: SESSION_CONFIGURATION_ERROR, message } });
  const appId = env.EXO_SESSION_APP_ID;
  if (!appId) return fail('EXO_SESSION_APP_ID is not set.');
  const organization = env.EXO_SESSION_ORGANIZATION;
  if (!organization) return fail('EXO_SESSION_ORGANIZATION is not set.');
  const certificateFile = env.EXO_SESSION_CERT_FILE || undefined;
  const certificateEnv = env.EXO_SESSION_CERT_ENV || undefined;
  if (certificateFile && certificateEnv) {
    return fail(
      `Both EXO_SESSION_CERT_FILE ('${certificateFile}') and EXO_SESSION_CERT_ENV ('${certificateEnv}') are set: the session takes exactly one certificate source. Declare either the certificate file or the certificate variable of the app, not both.`,
    );
  }
  if (certificateFile) {
    if (!fs.existsSync(certificateFile)) return fail(`Certificate file '${certificateFile}' named by EXO_SESSION_CERT_FILE does not exist.`);
  } else if (certificateEnv) {
    if (!env[certificateEnv]) return fail(`Environment variable '${certificateEnv}' named by EXO_SESSION_CERT_ENV is empty or not set.`);
  } else {
    return fail("Neither EXO_SESSION_CERT_FILE nor EXO_SESSION_CERT_ENV is set: the session needs the app's certificate.");
  }
  const certificatePasswordEnv = env.EXO_SESSION_CERT_PASSWORD_ENV || undefined;
  if (certificatePasswordEnv && env[certificatePasswordEnv] === undefined) {
    return fail(`Environment variable '${certificatePasswordEnv}' named by EXO_SESSION_CERT_PASSWORD_ENV is not set.`);
  }
  return { settings: { appId, organization, certificateFile, certificateEnv, certificatePasswordEnv } };
}
