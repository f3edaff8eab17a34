/**
 * Reads a tenant's desired-state document from the stack folder and checks it against the hash
 * Terraform holds, before anything reaches Exchange Online.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { textHash } from '../core/desired-state';
import { APP_ID_FROM_TERRAFORM, SYNTH_ERRORS_FILE, TenantDesiredState } from '../core/exo-model';
import { parseDocument } from './converge';
import { DocumentError } from './errors';

const HASH = /^[0-9a-f]{64}$/;

/**
 * The document in `file` whose content hash must be `hash` (what Terraform holds as the tenant's
 * converge trigger). A document edited after synth, or a file of another synth, is refused.
 * `appId` replaces the placeholder of an app declared in the stack (Terraform's value).
 */
export function readDocumentFile(file: string, hash: string | undefined, appId: string | undefined, origin: string): TenantDesiredState {
  if (!hash || !HASH.test(hash)) {
    throw new DocumentError(`${origin}: no document hash (EXO_DOCUMENT_HASH) beside ${file}; this program is run by the stack's terraform_data resources`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const errors = path.join(path.dirname(file), SYNTH_ERRORS_FILE);
    if (fs.existsSync(errors)) {
      throw new DocumentError(`${origin}: this stack folder was synthesized with error findings, so it holds no desired-state documents and must not be applied. Nothing was applied. ${fs.readFileSync(errors, 'utf8').trim()}`);
    }
    throw new DocumentError(`${origin}: the desired-state document ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run Terraform in the synthesized stack folder, which holds the ${path.dirname(file)} folder, and synthesize again if it is missing`);
  }
  const actual = textHash(text);
  if (actual !== hash) {
    throw new DocumentError(`${origin}: the desired-state document ${file} does not match the hash Terraform holds (${hash.slice(0, 12)}…, the file hashes to ${actual.slice(0, 12)}…); it was changed after synth. Nothing was applied: synthesize the stack again and review the plan`);
  }
  return withAppId(parseDocument(text, file), appId, origin);
}

/** The document with the app id Terraform passed for a declared app. */
export function withAppId(doc: TenantDesiredState, appId: string | undefined, origin: string): TenantDesiredState {
  if (doc.access.appId !== APP_ID_FROM_TERRAFORM) return doc;
  if (!appId || appId === APP_ID_FROM_TERRAFORM) {
    throw new DocumentError(`${origin}: the tenant's app is declared in the stack, but Terraform passed no app id (EXO_APP_ID); apply the stack so the app exists first`);
  }
  return { ...doc, access: { ...doc.access, appId } };
}
