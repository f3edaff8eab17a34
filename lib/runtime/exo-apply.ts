/**
 * The apply-time program, run by the stack's terraform_data resources (bundled into one file
 * with Node built-ins only, and copied next to the stack as an asset).
 *
 *   exo-apply.js converge        converge the tenant whose document is $EXO_DOCUMENT_FILE, checked against $EXO_DOCUMENT_HASH
 *   exo-apply.js teardown        remove everything managed in the tenant of $EXO_DOCUMENT (its teardown document)
 *   exo-apply.js prune           tear down the tenants in $EXO_FLEET_REMOVED (deleted from the code)
 *   exo-apply.js what-if [dir]   print, for every tenant of the stack folder, what converge would change
 *   exo-apply.js gateway-sync     deploy the gateway document in $EXO_GATEWAY_DOCUMENT to the gateway (full reconcile)
 *   exo-apply.js gateway-teardown remove everything the library wrote to the gateway of $EXO_GATEWAY_DOCUMENT
 *
 * Target, from the environment:
 *   EXO_GATEWAY_TARGET=exchange-online (default)  spawn `pwsh` (or $EXO_GATEWAY_PWSH) with exo-session.ps1
 *   EXO_GATEWAY_TARGET=simulated                  the simulated Exchange Online in $EXO_SIM_STATE_DIR
 *   EXO_GATEWAY_WHAT_IF=1                         converge prints the plan and changes nothing
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TenantDesiredState } from '../core/exo-model';
import { fromTerraformLiteral } from '../core/terraform-literal';
import { connectRetry } from './connect';
import { convergeTenant, parseDocument, SessionOpener } from './converge';
import { isTeardownDocument, RegistryGroup, retiredState, teardownDocumentsOf } from '../core/desired-state';
import { readDocumentFile } from './document-file';
import { DocumentError, ExoGatewayError, TenantMismatchError } from './errors';
import { gatewaySync, gatewayTeardown } from './gateway-sync';
import { openProcessSession, sessionEnvironment } from './session-client';

type Log = (line: string) => void;

/** Chooses the session backend from the environment. */
export function sessionOpener(env: NodeJS.ProcessEnv = process.env, here: string = __dirname): SessionOpener {
  const target = (env.EXO_GATEWAY_TARGET ?? 'exchange-online').toLowerCase();
  if (target === 'simulated') {
    if (!env.EXO_SIM_STATE_DIR) {
      throw new DocumentError('EXO_GATEWAY_TARGET=simulated needs EXO_SIM_STATE_DIR, the folder of the simulated Exchange Online');
    }
    const sim = path.join(here, 'exo-sim-session.js');
    return (doc) => openProcessSession(process.execPath, [sim], { ...env, ...sessionEnvironment(doc.access) }, doc.tenant.name);
  }
  if (target !== 'exchange-online') {
    throw new DocumentError(`EXO_GATEWAY_TARGET='${target}' is not known; use 'exchange-online' or 'simulated'`);
  }
  const pwsh = env.EXO_GATEWAY_PWSH ?? 'pwsh';
  const script = path.join(here, 'exo-session.ps1');
  return (doc) => openProcessSession(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script], { ...env, ...sessionEnvironment(doc.access) }, doc.tenant.name);
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes)$/i.test(v);
}

async function converge(env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const doc = env.EXO_DOCUMENT_FILE
    ? readDocumentFile(env.EXO_DOCUMENT_FILE, env.EXO_DOCUMENT_HASH, env.EXO_APP_ID, 'converge')
    : parseDocument(env.EXO_DOCUMENT, 'EXO_DOCUMENT_FILE');
  await convergeTenant(doc, sessionOpener(env), { whatIf: truthy(env.EXO_GATEWAY_WHAT_IF), log, connectRetry: connectRetry(env) });
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

/** The tenant documents a synthesized stack folder declares (its converge steps' document files). */
export function stackDocuments(stackDir: string): TenantDesiredState[] {
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    throw new DocumentError(`no cdk.tf.json in ${stackDir}; pass the synthesized stack folder, e.g. cdktf.out/stacks/<stack>`);
  }
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const docs: TenantDesiredState[] = [];
  for (const [id, r] of Object.entries<any>(json.resource?.terraform_data ?? {})) {
    const exec = r.provisioner?.[0]?.['local-exec'];
    const command: string = exec?.command ?? '';
    if (!command.endsWith(' converge') || !Array.isArray(r.triggers_replace)) continue;
    const hash = String(r.triggers_replace[0]);
    const documentFile = path.join(stackDir, String(exec.environment?.EXO_DOCUMENT_FILE ?? '').replace('${self.triggers_replace[0]}', hash));
    const appIdText = exec.environment?.EXO_APP_ID;
    const appId = typeof appIdText === 'string' ? fromTerraformLiteral(resolveReferences(appIdText, stackDir, id)) : undefined;
    docs.push(readDocumentFile(documentFile, hash, appId, `${file} (${id})`));
  }
  return docs;
}

/**
 * Replaces `${terraform_data.<name>.input|output.<key>}` references (e.g. the app id of an app the
 * stack declares) with the value Terraform recorded in the stack's local state; such values
 * are known only after the first apply.
 */
function resolveReferences(text: string, stackDir: string, id: string): string {
  const refs = /(?<!\$)\$\{terraform_data\.([A-Za-z0-9_-]+)\.(input|output)\.([A-Za-z0-9_]+)\}/g;
  if (!refs.test(text)) return text;
  const stateFile = path.join(stackDir, 'terraform.tfstate');
  const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : undefined;
  return text.replace(refs, (whole, name: string, attribute: string, key: string) => {
    const resource = state?.resources?.find((r: any) => r.type === 'terraform_data' && r.name === name && r.mode === 'managed');
    const value = resource?.instances?.[0]?.attributes?.[attribute]?.value?.[key];
    if (typeof value !== 'string') {
      throw new DocumentError(`${id}: ${whole} is known only after the first apply (no value in ${stateFile}); run what-if after an apply, from the folder that holds the local state`);
    }
    return value;
  });
}

async function whatIf(env: NodeJS.ProcessEnv, args: string[], log: Log): Promise<void> {
  const dir = args[0] ?? '.';
  const only = args[1];
  const docs = stackDocuments(dir).filter((d) => !only || d.tenant.name === only);
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

/** Runs the program; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, log: Log = (l) => console.log(l)): Promise<number> {
  const [command, ...rest] = argv;
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
      default:
        console.error('usage: exo-apply.js converge | teardown | prune | what-if [stack-folder] [tenant] | gateway-sync | gateway-teardown');
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
