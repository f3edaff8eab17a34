/**
 * Where the simulator keeps the stand-in certificate of an app whose real certificate is not on
 * this machine (identity.ts makes it). Kept apart so that the apply program finds the file
 * without loading the certificate tooling.
 */
import * as path from 'node:path';

/** The stand-in key+certificate PEM of `appId` in the state folder `stateDir`. */
export function standInCertificateFile(stateDir: string, appId: string): string {
  return path.join(stateDir, 'identity', 'stand-in', `${appId.toLowerCase().replace(/[^a-z0-9-]/g, '_')}.pem`);
}
