/**
 * Writing the library's files into a folder safely: atomically (temporary file + rename), with
 * the mode given (0600 for key material), and a manifest of what was written, so that a later
 * sync removes exactly the files it no longer needs and teardown removes exactly what the
 * library wrote, never anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GatewayDeploymentError } from './document';
import { writeFileAtomic } from '../core/atomic-file';

/** Name of the manifest file inside the library's folder. */
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA = 'cdktf-exo-gateway/gateway-manifest@1';

/** What the library wrote into a folder. */
export interface Manifest {
  readonly schema: string;
  /** The gateway the files are for (its FQDN). */
  readonly gateway: string;
  /** Files written, relative to the folder. */
  readonly files: string[];
  /** True when the library created the folder itself (teardown then removes it when empty). */
  readonly createdFolder: boolean;
  /** Host mode: master.cf services the library added. */
  readonly services?: string[];
  /** Host mode: main.cf parameters the library set, with the value each had before (null = not set). */
  readonly previousParameters?: { [name: string]: string | null };
}

export function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GatewayDeploymentError(`${file} is not readable JSON (${(e as Error).message}); it lists what the library wrote there. Repair or remove it by hand`);
  }
  if (m.schema !== MANIFEST_SCHEMA || !Array.isArray(m.files)) throw new GatewayDeploymentError(`${file} is not a manifest of this library`);
  return m;
}

/** Refuses a folder whose manifest belongs to another gateway. */
export function checkOwner(dir: string, manifest: Manifest | undefined, fqdn: string): void {
  if (manifest && manifest.gateway !== fqdn) {
    throw new GatewayDeploymentError(`${dir} holds the files of the gateway ${manifest.gateway}, not of ${fqdn}; give each gateway its own folder`);
  }
}

function safeJoin(dir: string, rel: string): string {
  const p = path.resolve(dir, rel);
  if (p !== dir && !p.startsWith(dir + path.sep)) throw new GatewayDeploymentError(`refusing to write outside ${dir}: ${rel}`);
  return p;
}

/** Creates `dir` and its parents with `mode` where missing; returns true when `dir` itself was created. */
export function ensureDir(dir: string, mode = 0o755): boolean {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new GatewayDeploymentError(`${dir} exists and is not a folder`);
    return false;
  }
  fs.mkdirSync(dir, { recursive: true, mode });
  return true;
}

export { writeFileAtomic };

/** Writes one file of the library (relative path) into `dir`, creating its folders (0700 when `mode` is 0600). */
export function writeOwnedFile(dir: string, rel: string, content: string, mode: number, owned: ReadonlySet<string>): string {
  const file = safeJoin(dir, rel);
  if (fs.existsSync(file) && !owned.has(rel)) {
    throw new GatewayDeploymentError(`${file} exists and was not written by this library; refusing to overwrite it. Move it away or choose another folder`);
  }
  ensureDir(path.dirname(file), mode & 0o077 ? 0o755 : 0o700);
  writeFileAtomic(file, content, mode);
  return file;
}

/** Removes one file of the library, then its parent folders inside `dir` that became empty. */
export function removeOwnedFile(dir: string, rel: string): string | undefined {
  const file = safeJoin(dir, rel);
  if (!fs.existsSync(file)) return undefined;
  fs.rmSync(file, { force: true });
  let parent = path.dirname(file);
  while (parent !== dir && parent.startsWith(dir + path.sep) && fs.readdirSync(parent).length === 0) {
    fs.rmdirSync(parent);
    parent = path.dirname(parent);
  }
  return file;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, undefined, 2)}\n`, 0o644);
}

/** Removes the manifest and, when the library created the folder and it is now empty, the folder. */
export function removeManifest(dir: string, manifest: Manifest): string[] {
  const removed: string[] = [];
  const file = path.join(dir, MANIFEST_FILE);
  if (fs.existsSync(file)) {
    fs.rmSync(file);
    removed.push(file);
  }
  if (manifest.createdFolder && fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  return removed;
}
