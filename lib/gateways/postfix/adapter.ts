/**
 * The Postfix adapter: renders the configuration for a gateway document and applies it, either
 * as files on the runner (for configuration management) or to a Postfix instance on the
 * runner's host (postconf, postmap, postfix check, postfix reload/start).
 *
 * Every sync is a full reconcile: the folder ends up holding exactly the files of the declared
 * tenants (the manifest says which files are the library's), master.cf exactly their services.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GatewayAdapter, GatewayContext, GatewayReport } from '../adapter';
import { loadTenantChain } from '../certificate-material';
import { GatewayDeploymentError } from '../document';
import { checkOwner, ensureDir, Manifest, MANIFEST_SCHEMA, readManifest, removeManifest, removeOwnedFile, writeManifest, writeOwnedFile } from '../files';
import { GatewayDocument, PostfixFilesSpec, PostfixHostSpec } from '../types';
import { compiledTable, gatewayDirOf, PostfixRendering, renderPostfix } from './render';

interface Report {
  written: string[];
  removed: string[];
  commands: string[];
}

function tag(doc: GatewayDocument): string {
  return `[gateway ${doc.gateway.name}]`;
}

/** Renders with the chain files read on this runner; every certificate is read before anything changes. */
function renderWithMaterial(doc: GatewayDocument, ctx: GatewayContext): PostfixRendering {
  return renderPostfix(doc, (t) => loadTenantChain(t, { env: ctx.env, run: ctx.run }));
}

/** Writes the rendering into `dir`, removes the library's files that are no longer rendered; returns the new file list. */
function writeRendering(dir: string, rendering: PostfixRendering, extraFiles: string[], manifest: Manifest | undefined, report: Report): string[] {
  const owned = new Set(manifest?.files ?? []);
  for (const f of rendering.files) report.written.push(writeOwnedFile(dir, f.path, f.content, f.mode, owned));
  return [...rendering.files.map((f) => f.path), ...extraFiles].sort();
}

function union(a: string[], b: string[] | undefined): string[] {
  return [...new Set([...a, ...(b ?? [])])].sort();
}

function removeStale(dir: string, previous: Manifest | undefined, keep: string[], report: Report): void {
  const keepSet = new Set(keep);
  for (const rel of previous?.files ?? []) {
    if (keepSet.has(rel)) continue;
    const removed = removeOwnedFile(dir, rel);
    if (removed) report.removed.push(removed);
  }
}

// ---------------------------------------------------------------------------------------------
// postfix-files: files on the runner
// ---------------------------------------------------------------------------------------------

async function syncFiles(doc: GatewayDocument, spec: PostfixFilesSpec, ctx: GatewayContext): Promise<GatewayReport> {
  const report: Report = { written: [], removed: [], commands: [] };
  const dir = spec.outputDir;
  const manifest = readManifest(dir);
  checkOwner(dir, manifest, doc.gateway.fqdn);
  const rendering = renderWithMaterial(doc, ctx);
  const created = ensureDir(dir);
  const files = writeRendering(dir, rendering, [], manifest, report);
  const next: Manifest = { schema: MANIFEST_SCHEMA, gateway: doc.gateway.fqdn, files: union(files, manifest?.files), createdFolder: created || (manifest?.createdFolder ?? false) };
  writeManifest(dir, next);
  removeStale(dir, manifest, files, report);
  writeManifest(dir, { ...next, files });
  ctx.log(`${tag(doc)} wrote the Postfix files of ${rendering.services.length} tenant(s) to ${dir} (for ${rendering.gatewayDir} on the gateway)${report.removed.length ? `; removed ${report.removed.length} file(s) no longer declared` : ''}`);
  return report;
}

async function teardownFiles(doc: GatewayDocument, spec: PostfixFilesSpec, ctx: GatewayContext): Promise<GatewayReport> {
  const report: Report = { written: [], removed: [], commands: [] };
  const dir = spec.outputDir;
  const manifest = readManifest(dir);
  if (!manifest) {
    ctx.log(`${tag(doc)} nothing to remove in ${dir}`);
    return report;
  }
  checkOwner(dir, manifest, doc.gateway.fqdn);
  removeStale(dir, manifest, [], report);
  report.removed.push(...removeManifest(dir, manifest));
  ctx.log(`${tag(doc)} removed the ${report.removed.length} Postfix file(s) the library wrote to ${dir}`);
  return report;
}

// ---------------------------------------------------------------------------------------------
// postfix-host: a Postfix instance on this host
// ---------------------------------------------------------------------------------------------

/** A Postfix command: a path as given, else found on PATH or in the usual sbin folders. */
export function resolveCommand(name: string, env: NodeJS.ProcessEnv): string {
  if (name.includes('/')) return name;
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return name;
}

interface HostTools {
  readonly postfix: string;
  readonly postconf: string;
  readonly postmap: string;
}

function hostTools(spec: PostfixHostSpec, env: NodeJS.ProcessEnv): HostTools {
  const postfix = resolveCommand(spec.postfixCommand, env);
  const sibling = (name: string) => (postfix.includes('/') ? path.join(path.dirname(postfix), name) : resolveCommand(name, env));
  const local = (name: string) => (fs.existsSync(sibling(name)) ? sibling(name) : resolveCommand(name, env));
  return { postfix, postconf: local('postconf'), postmap: local('postmap') };
}

function runChecked(ctx: GatewayContext, report: Report, command: string, args: string[], what: string): string {
  report.commands.push([command, ...args].join(' '));
  const r = ctx.run(command, args, ctx.env);
  if (r.code !== 0) {
    const output = (r.stderr || r.stdout).trim() || 'no output; Postfix logs the reason to its mail log (syslog or maillog_file)';
    throw new GatewayDeploymentError(`${what} failed (${[path.basename(command), ...args].join(' ')}, exit ${r.code}): ${output}`);
  }
  return r.stdout;
}

/** The value of a main.cf parameter set explicitly in main.cf, or null when it is not set there. */
function explicitParameter(ctx: GatewayContext, tools: HostTools, configDir: string, name: string): string | null {
  const r = ctx.run(tools.postconf, ['-c', configDir, '-n', name], ctx.env);
  const line = r.stdout.split('\n').find((l) => l.startsWith(`${name} =`));
  if (!line) return null;
  return line.slice(name.length + 2).replace(/^ /, '');
}

function preflight(doc: GatewayDocument, spec: PostfixHostSpec, tools: HostTools, ctx: GatewayContext, report: Report): void {
  if (!fs.existsSync(path.join(spec.configDir, 'main.cf'))) {
    throw new GatewayDeploymentError(`${tag(doc)} ${spec.configDir} has no main.cf; configDir must be the configuration folder of an installed Postfix instance`);
  }
  const queue = runChecked(ctx, report, tools.postconf, ['-c', spec.configDir, '-h', 'queue_directory'], `${tag(doc)} reading the Postfix configuration in ${spec.configDir}`).trim();
  if (spec.queueDir && path.resolve(queue) !== path.resolve(spec.queueDir)) {
    throw new GatewayDeploymentError(`${tag(doc)} the Postfix instance in ${spec.configDir} has queue_directory ${queue}, not ${spec.queueDir}; nothing was changed`);
  }
  const types = runChecked(ctx, report, tools.postconf, ['-c', spec.configDir, '-m'], `${tag(doc)} listing the lookup table types`).split('\n').map((l) => l.trim());
  if (!types.includes(spec.tableType)) {
    throw new GatewayDeploymentError(`${tag(doc)} this Postfix does not support '${spec.tableType}' tables (postconf -m: ${types.filter(Boolean).join(', ')}); choose tableType 'hash' or install the map package`);
  }
}

function reloadOrStart(doc: GatewayDocument, spec: PostfixHostSpec, tools: HostTools, ctx: GatewayContext, report: Report, mayStart: boolean): void {
  if (!spec.reload) {
    ctx.log(`${tag(doc)} reload is off: run 'postfix -c ${spec.configDir} reload' to activate the change`);
    return;
  }
  report.commands.push(`${tools.postfix} -c ${spec.configDir} status`);
  const running = ctx.run(tools.postfix, ['-c', spec.configDir, 'status'], ctx.env).code === 0;
  if (running) {
    runChecked(ctx, report, tools.postfix, ['-c', spec.configDir, 'reload'], `${tag(doc)} postfix reload`);
    ctx.log(`${tag(doc)} reloaded the Postfix instance of ${spec.configDir}`);
  } else if (mayStart) {
    runChecked(ctx, report, tools.postfix, ['-c', spec.configDir, 'start'], `${tag(doc)} postfix start`);
    ctx.log(`${tag(doc)} started the Postfix instance of ${spec.configDir} (it was not running)`);
  }
}

async function syncHost(doc: GatewayDocument, spec: PostfixHostSpec, ctx: GatewayContext): Promise<GatewayReport> {
  const report: Report = { written: [], removed: [], commands: [] };
  const tools = hostTools(spec, ctx.env);
  const dir = gatewayDirOf(doc);
  const cfg = spec.configDir;
  preflight(doc, spec, tools, ctx, report);
  const manifest = readManifest(dir);
  checkOwner(dir, manifest, doc.gateway.fqdn);
  const rendering = renderWithMaterial(doc, ctx);

  const previousServices = new Set(manifest?.services ?? []);
  for (const s of rendering.services) {
    if (previousServices.has(s.name)) continue;
    const existing = ctx.run(tools.postconf, ['-c', cfg, '-M', `${s.name}/unix`], ctx.env).stdout.trim();
    if (existing) throw new GatewayDeploymentError(`${tag(doc)} master.cf in ${cfg} already has a service ${s.name} that the library did not add; rename it or the tenant. Nothing was changed`);
  }

  const created = ensureDir(dir);
  const compiled = rendering.tables.map((t) => compiledTable(t, rendering.tableType));
  const files = writeRendering(dir, rendering, compiled, manifest, report);
  for (const t of rendering.tables) {
    runChecked(ctx, report, tools.postmap, ['-c', cfg, `${rendering.tableType}:${path.join(dir, t)}`], `${tag(doc)} postmap ${t}`);
  }

  const previous: { [name: string]: string | null } = { ...(manifest?.previousParameters ?? {}) };
  for (const [name] of rendering.mainCf) {
    if (name in previous) continue;
    previous[name] = explicitParameter(ctx, tools, cfg, name);
    const mine = rendering.mainCf.find(([n]) => n === name)![1];
    if (previous[name] !== null && previous[name] !== mine) {
      ctx.log(`${tag(doc)} main.cf: ${name} was '${previous[name]}'; the library now sets it (teardown restores it)`);
    }
  }
  const services = rendering.services.map((s) => s.name);
  // Record what is being taken over before changing main.cf and master.cf, so a failure half way
  // still leaves a manifest from which teardown can restore.
  const next: Manifest = {
    schema: MANIFEST_SCHEMA,
    gateway: doc.gateway.fqdn,
    files: union(files, manifest?.files),
    createdFolder: created || (manifest?.createdFolder ?? false),
    services: union(services, [...previousServices]),
    previousParameters: previous,
  };
  writeManifest(dir, next);
  runChecked(ctx, report, tools.postconf, ['-c', cfg, '-e', ...rendering.mainCf.map(([n, v]) => `${n}=${v}`)], `${tag(doc)} setting main.cf parameters`);
  for (const s of rendering.services) {
    runChecked(ctx, report, tools.postconf, ['-c', cfg, '-M', `${s.name}/unix=${s.entry}`], `${tag(doc)} adding the master.cf service ${s.name}`);
  }
  const stale = [...previousServices].filter((s) => !services.includes(s));
  for (const s of stale) runChecked(ctx, report, tools.postconf, ['-c', cfg, '-MX', `${s}/unix`], `${tag(doc)} removing the master.cf service ${s}`);
  removeStale(dir, manifest, files, report);
  writeManifest(dir, { ...next, files, services: [...services].sort() });

  runChecked(ctx, report, tools.postfix, ['-c', cfg, 'check'], `${tag(doc)} postfix check (the new configuration is written but not active)`);
  ctx.log(`${tag(doc)} configured ${services.length} tenant transport(s) in ${cfg}${stale.length ? `; removed ${stale.join(', ')}` : ''}`);
  reloadOrStart(doc, spec, tools, ctx, report, true);
  return report;
}

async function teardownHost(doc: GatewayDocument, spec: PostfixHostSpec, ctx: GatewayContext): Promise<GatewayReport> {
  const report: Report = { written: [], removed: [], commands: [] };
  const tools = hostTools(spec, ctx.env);
  const dir = gatewayDirOf(doc);
  const cfg = spec.configDir;
  const manifest = readManifest(dir);
  if (!manifest) {
    ctx.log(`${tag(doc)} nothing to remove in ${cfg}`);
    return report;
  }
  checkOwner(dir, manifest, doc.gateway.fqdn);
  for (const s of manifest.services ?? []) {
    runChecked(ctx, report, tools.postconf, ['-c', cfg, '-MX', `${s}/unix`], `${tag(doc)} removing the master.cf service ${s}`);
  }
  const restore = Object.entries(manifest.previousParameters ?? {});
  const unset = restore.filter(([, v]) => v === null).map(([n]) => n);
  const reset = restore.filter(([, v]) => v !== null).map(([n, v]) => `${n}=${v}`);
  if (reset.length) runChecked(ctx, report, tools.postconf, ['-c', cfg, '-e', ...reset], `${tag(doc)} restoring main.cf parameters`);
  if (unset.length) runChecked(ctx, report, tools.postconf, ['-c', cfg, '-X', ...unset], `${tag(doc)} removing main.cf parameters`);
  removeStale(dir, manifest, [], report);
  report.removed.push(...removeManifest(dir, manifest));
  runChecked(ctx, report, tools.postfix, ['-c', cfg, 'check'], `${tag(doc)} postfix check after removing the configuration`);
  ctx.log(`${tag(doc)} removed the library's Postfix configuration from ${cfg}`);
  reloadOrStart(doc, spec, tools, ctx, report, false);
  return report;
}

/** The Postfix adapter (both delivery modes). */
export const postfixAdapter: GatewayAdapter = {
  id: 'postfix',
  render: renderPostfix,
  sync: (doc, ctx) => (doc.deployment.kind === 'postfix-files' ? syncFiles(doc, doc.deployment, ctx) : syncHost(doc, doc.deployment, ctx)),
  teardown: (doc, ctx) => (doc.deployment.kind === 'postfix-files' ? teardownFiles(doc, doc.deployment, ctx) : teardownHost(doc, doc.deployment, ctx)),
};
