/**
 * The apply-time program, run by the stack's terraform_data resources (bundled into one file
 * with Node built-ins only, and copied next to the stack as an asset).
 *
 *   exo-apply.js converge        converge the tenant whose document is $EXO_DOCUMENT_FILE, checked against $EXO_DOCUMENT_HASH
 *   exo-apply.js teardown        remove everything managed in the tenant of $EXO_DOCUMENT (its teardown document)
 *   exo-apply.js prune           tear down the tenants in $EXO_FLEET_REMOVED (deleted from the code)
 *   exo-apply.js what-if [dir]   print, for every tenant of the stack folder, what converge would change
 *   exo-apply.js drift <dir>...  read-only drift check of every tenant of the stack folders (drift.ts)
 *   exo-apply.js report <dir>... tenants, connectors, certificate expiry (report.ts)
 *   exo-apply.js plan-summary <plan.json>...  a pull-request comment of what shards' plans do to tenants (plan-summary.ts)
 *   exo-apply.js export [--out f] <tenant list>  read tenants, write fleet-file entries and the plan of adopting them (export.ts)
 *   exo-apply.js gateway-sync     deploy the gateway document in $EXO_GATEWAY_DOCUMENT to the gateway (full reconcile)
 *   exo-apply.js gateway-teardown remove everything the library wrote to the gateway of $EXO_GATEWAY_DOCUMENT
 *   exo-apply.js simulate [--seed-from <stack folder>]  serve the simulated Exchange Online over HTTPS (simulate.ts)
 *   exo-apply.js help [command], <command> --help     the usage (of the command) on stdout, exit 0
 *
 * Target, from the environment:
 *   EXO_GATEWAY_TARGET=exchange-online (default)  spawn `pwsh` (or $EXO_GATEWAY_PWSH) with exo-session.ps1
 *   EXO_GATEWAY_TARGET=simulated                  the simulated Exchange Online in $EXO_SIM_STATE_DIR
 *   EXO_GATEWAY_WHAT_IF=1                         converge prints the plan and changes nothing
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TenantDesiredState } from '../core/exo-model';
import { connectRetry } from './connect';
import { convergeTenant, parseDocument, SessionOpener } from './converge';
import { isTeardownDocument, RegistryGroup, retiredState, teardownDocumentsOf } from '../core/desired-state';
import { readDocumentFile } from './document-file';
import { DocumentError, ExoGatewayError, TenantMismatchError } from './errors';
import { gatewaySync, gatewayTeardown } from './gateway-sync';
import { openCheckedProcessSession, sessionEnvironment } from './session-client';
import { standInCertificateFile } from './simulator/stand-in';
import { stackConvergeSteps, stackDocuments } from './stack-folder';

export { stackConvergeSteps, stackDocuments };

type Log = (line: string) => void;

/**
 * Chooses the session backend: the target from the environment (real or simulated Exchange
 * Online), the transport from the tenant document's access section (`powershell`, the default,
 * or `adminApi`).
 *
 * Simulated target: the PowerShell transport runs the simulated session process on
 * $EXO_SIM_STATE_DIR; the adminApi transport calls the HTTPS simulator (`exo-gateway simulate`)
 * at $EXO_GATEWAY_ADMIN_API_URL / $EXO_GATEWAY_LOGIN_URL, trusting $EXO_GATEWAY_CA_FILE. In both,
 * an app whose declared certificate is not on this machine uses the simulator's stand-in
 * certificate for it, so a rehearsal needs no real certificate variable.
 */
export function sessionOpener(env: NodeJS.ProcessEnv = process.env, here: string = __dirname, log: Log = (l) => console.log(l)): SessionOpener {
  const target = (env.EXO_GATEWAY_TARGET ?? 'exchange-online').toLowerCase();
  if (target !== 'exchange-online' && target !== 'simulated') {
    throw new DocumentError(`EXO_GATEWAY_TARGET='${target}' is not known; use 'exchange-online' or 'simulated'`);
  }
  const simulated = target === 'simulated';
  if (simulated && !env.EXO_SIM_STATE_DIR) {
    throw new DocumentError('EXO_GATEWAY_TARGET=simulated needs EXO_SIM_STATE_DIR, the folder of the simulated Exchange Online (exo-gateway simulate prints it)');
  }
  const standIn = (appId: string) => (simulated ? standInCertificateFile(env.EXO_SIM_STATE_DIR!, appId) : undefined);
  return (doc) => {
    const transport = doc.access.transport ?? 'powershell';
    if (transport === 'adminApi') {
      if (simulated && !env.EXO_GATEWAY_ADMIN_API_URL) {
        throw new DocumentError(`tenant '${doc.tenant.name}' uses the adminApi transport; against the simulator it needs EXO_GATEWAY_ADMIN_API_URL, EXO_GATEWAY_LOGIN_URL and EXO_GATEWAY_CA_FILE: start 'exo-gateway simulate' and export what it prints`);
      }
      // Loaded on first use: the token library and the certificate tooling stay out of the
      // PowerShell path (the bundle script builds extras.js beside this program).
      const { adminApiSettings, openAdminApiSession } = require('./extras') as typeof import('./extras');
      return openAdminApiSession(doc, env, log, adminApiSettings(env, standIn(doc.access.appId)));
    }
    if (transport !== 'powershell') {
      throw new DocumentError(`tenant '${doc.tenant.name}': transport '${String(transport)}' is not known; this program speaks 'powershell' and 'adminApi'. Re-synthesize with the same package version.`);
    }
    const sessionEnv = { ...env, ...sessionEnvironment(doc.access), ...(simulated ? standInSessionCertificate(doc, env, standIn(doc.access.appId)!) : {}) };
    // The settings are checked here, before the process starts (session-preflight.ts): the
    // script only maps the one certificate source it is given onto Connect-ExchangeOnline.
    if (simulated) {
      const sim = path.join(here, 'exo-sim-session.js');
      return openCheckedProcessSession(process.execPath, [sim], sessionEnv, doc.tenant.name);
    }
    const pwsh = env.EXO_GATEWAY_PWSH ?? 'pwsh';
    const script = path.join(here, 'exo-session.ps1');
    return openCheckedProcessSession(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script], sessionEnv, doc.tenant.name);
  };
}

/** For the simulated session: the stand-in certificate file when the declared certificate is not on this machine. */
function standInSessionCertificate(doc: TenantDesiredState, env: NodeJS.ProcessEnv, standIn: string): { [name: string]: string } {
  const a = doc.access;
  const declaredHere = (a.certificateFile !== undefined && fs.existsSync(a.certificateFile)) || (a.certificateEnv !== undefined && !!env[a.certificateEnv]);
  if (declaredHere || !fs.existsSync(standIn)) return {};
  return { EXO_SESSION_CERT_FILE: standIn, EXO_SESSION_CERT_ENV: '', EXO_SESSION_CERT_PASSWORD_ENV: '' };
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes)$/i.test(v);
}

async function converge(env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const doc = env.EXO_DOCUMENT_FILE
    ? readDocumentFile(env.EXO_DOCUMENT_FILE, env.EXO_DOCUMENT_HASH, env.EXO_APP_ID, 'converge')
    : parseDocument(env.EXO_DOCUMENT, 'EXO_DOCUMENT_FILE');
  await convergeTenant(doc, sessionOpener(env, __dirname, log), { whatIf: truthy(env.EXO_GATEWAY_WHAT_IF), log, connectRetry: connectRetry(env) });
}

/**
 * Removes everything managed in one tenant. A tenant whose connected id differs from the
 * declared one is skipped with a warning: converge refuses to change such a tenant, so nothing
 * of ours can have been created there under this declaration, and a mistyped tenant must not
 * block its own removal from the code.
 */
async function teardownDocument(doc: TenantDesiredState, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const retired: TenantDesiredState = { ...doc, retired: true, objects: [] };
  try {
    await convergeTenant(retired, sessionOpener(env), { whatIf: truthy(env.EXO_GATEWAY_WHAT_IF), log, connectRetry: connectRetry(env) });
  } catch (e) {
    if (!(e instanceof TenantMismatchError)) throw e;
    log(`[${doc.tenant.name}] warning: teardown skipped: ${e.message}`);
  }
}

async function teardown(env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  await teardownDocument(parseTeardown(env.EXO_DOCUMENT, 'EXO_DOCUMENT'), env, log);
}

/** A teardown document (or, from a stack an earlier version wrote, a whole desired state) as the desired state of the retired tenant. */
export function parseTeardown(text: string | undefined, origin: string): TenantDesiredState {
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined; // parseDocument reports it
  }
  return isTeardownDocument(parsed) ? retiredState(parsed) : parseDocument(text, origin);
}

/**
 * The tenants in the fleet registry's EXO_FLEET_REMOVED, as retired desired states:
 * `{ groups: [{ access, tenants: ["<id>|<organization>|<name>"] }], legacy: { <id>: <document> } }`,
 * `legacy` holding what a registry of an earlier version kept.
 */
export function removedTenants(text: string | undefined): TenantDesiredState[] {
  try {
    const parsed = JSON.parse(text ?? '{}') as { groups?: RegistryGroup[]; legacy?: { [key: string]: string } };
    return [
      ...(parsed.groups ?? []).flatMap((g) => teardownDocumentsOf(g).map(retiredState)),
      ...Object.entries(parsed.legacy ?? {}).map(([key, doc]) => parseTeardown(doc, `the fleet registry entry ${key}`)),
    ];
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError(`EXO_FLEET_REMOVED is not the fleet registry's JSON: ${(e as Error).message}`);
  }
}

/** Tears down the tenants the previous fleet had and the current configuration no longer declares. */
async function prune(env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const removed = removedTenants(env.EXO_FLEET_REMOVED);
  if (removed.length === 0) {
    log('fleet: no tenant was removed from the configuration');
    return;
  }
  log(`fleet: ${removed.length} tenant(s) removed from the configuration; tearing down ${removed.map((d) => `${d.tenant.name} (${d.tenant.tenantId})`).join(', ')}`);
  const failures: string[] = [];
  for (const doc of removed) {
    try {
      await teardownDocument(doc, env, log);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  if (failures.length) {
    throw new ExoGatewayError(`teardown of removed tenants failed (the next apply retries):\n${failures.join('\n')}`);
  }
}

const WHAT_IF_USAGE = 'usage: exo-gateway what-if [stack folder] [tenant]';

async function whatIf(env: NodeJS.ProcessEnv, args: string[], log: Log): Promise<void> {
  if (args.length > 2) {
    throw new DocumentError(`what-if takes a stack folder and at most one tenant name, not also '${args.slice(2).join(' ')}'; ${WHAT_IF_USAGE}`);
  }
  const dir = args[0] ?? '.';
  const only = args[1];
  const all = stackDocuments(dir);
  const docs = all.filter((d) => !only || d.tenant.name === only);
  if (only !== undefined && docs.length === 0) {
    // A mistyped name must not read as "nothing to change".
    const names = all.map((d) => d.tenant.name);
    throw new DocumentError(`what-if: the stack folder ${dir} declares no tenant '${only}'; ${names.length ? `its tenants are ${names.join(', ')}` : 'it declares no tenant at all'}. Name one of them (the name is case-sensitive), or none to plan every tenant`);
  }
  const failures: string[] = [];
  for (const doc of docs) {
    try {
      await convergeTenant(doc, sessionOpener(env), { whatIf: true, log, connectRetry: connectRetry(env) });
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  if (failures.length) throw new ExoGatewayError(failures.join('\n'));
}

/** The general usage: every command, one a line. */
export const USAGE = [
  'usage: exo-gateway <command> [arguments]',
  '  what-if [stack folder] [tenant]      print what converge would change, per tenant of the stack folder',
  '  drift [options] <stack folder>...    read-only drift check of every tenant (exit 0 in sync, 2 drift, 1 a tenant not read)',
  '  report [options] <stack folder>...   tenants, connectors, certificate expiry (exit 0, 2 expiring, 1 a document not read)',
  '  plan-summary [options] <plan.json>... a pull-request comment of what shards\' plans do to tenants',
  '  export [options] <tenant list>       read tenants, write fleet-file entries and the plan of adopting them',
  '  simulate [options]                   serve the simulated Exchange Online over HTTPS',
  '  converge | teardown | prune | gateway-sync | gateway-teardown',
  '                                       run by the stack\'s terraform_data resources, from the environment',
  '  help [command]                       this text, or a command\'s options (also: <command> --help)',
].join('\n');

const HELP = ['--help', '-h'];

/** The usage of `command`, or the general usage for a command without options of its own. */
export function usageOf(command: string | undefined): string {
  const extras = () => require('./extras') as typeof import('./extras');
  switch (command) {
    case 'what-if':
      return WHAT_IF_USAGE;
    case 'drift':
      return extras().DRIFT_USAGE;
    case 'report':
      return extras().REPORT_USAGE;
    case 'plan-summary':
      return extras().PLAN_SUMMARY_USAGE;
    case 'export':
      return extras().EXPORT_USAGE;
    case 'simulate':
      return extras().SIMULATE_USAGE;
    default:
      return USAGE;
  }
}

/** Runs the program; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, log: Log = (l) => console.log(l)): Promise<number> {
  const [command, ...rest] = argv;
  // Help is asked for: the usage on stdout, exit 0 (a usage error goes to stderr with exit 2).
  if (command === 'help' || HELP.includes(command)) {
    log(usageOf(command === 'help' ? rest[0] : undefined));
    return 0;
  }
  if (command !== undefined && rest.some((a) => HELP.includes(a))) {
    log(usageOf(command));
    return 0;
  }
  try {
    switch (command) {
      case 'converge':
        await converge(env, log);
        return 0;
      case 'teardown':
        await teardown(env, log);
        return 0;
      case 'prune':
        await prune(env, log);
        return 0;
      case 'what-if':
        await whatIf(env, rest, log);
        return 0;
      case 'gateway-sync':
        await gatewaySync(env, log);
        return 0;
      case 'gateway-teardown':
        await gatewayTeardown(env, log);
        return 0;
      case 'drift':
        return await (require('./extras') as typeof import('./extras')).runDrift(rest, { stackSteps: stackConvergeSteps, open: sessionOpener(env, __dirname, (l) => console.error(l)), retry: connectRetry(env) });
      case 'report':
        return await (require('./extras') as typeof import('./extras')).runReport(rest, { stackSteps: stackConvergeSteps });
      case 'plan-summary':
        return (require('./extras') as typeof import('./extras')).runPlanSummary(rest);
      case 'export':
        return await (require('./extras') as typeof import('./extras')).runExport(rest, { open: sessionOpener(env, __dirname, (l) => console.error(l)), retry: connectRetry(env) });
      case 'simulate':
        await (require('./extras') as typeof import('./extras')).runSimulate(rest, env, log, stackDocuments);
        return 0;
      default:
        console.error(`${command === undefined ? 'exo-gateway: name a command' : `exo-gateway: unknown command '${command}'`}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    const err = e as Error;
    console.error(`exo-gateway: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
