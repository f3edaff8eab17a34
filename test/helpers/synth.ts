import { App, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { textHash } from '../../lib/core/desired-state';
import { APP_ID_FROM_TERRAFORM } from '../../lib/core/exo-model';

export interface SynthResult {
  readonly json: any;
  readonly errors: string[];
  readonly warnings: string[];
}

/** Testing.synth plus the error/warning annotations the aspects wrote. */
export function synthWithAnnotations(stack: TerraformStack): SynthResult {
  const json = synthJson(stack);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const c of stack.node.findAll() as IConstruct[]) {
    for (const m of c.node.metadata) {
      if (m.type === '@cdktf/error') errors.push(`[${c.node.path}] ${m.data}`);
      if (m.type === '@cdktf/warn') warnings.push(`[${c.node.path}] ${m.data}`);
    }
  }
  return { json, errors, warnings };
}

export function terraformData(json: any): { [id: string]: any } {
  return json.resource?.terraform_data ?? {};
}

/** The converge resource of a tenant by construct id prefix. */
export function resourceOf(json: any, prefix: string): any {
  const entries = Object.entries(terraformData(json)).filter(([k]) => k.startsWith(`${prefix}_`));
  if (entries.length !== 1) throw new Error(`expected one resource ${prefix}_*, found ${entries.map(([k]) => k).join(', ') || 'none'}`);
  return entries[0][1];
}

export function newApp(): App {
  return Testing.app();
}

const documents = new WeakMap<object, Map<string, string>>();

/**
 * Testing.synth of a stack, with the tenants' desired-state documents remembered by hash (a full
 * synth writes them into the stack folder; Testing.synth writes no files).
 */
export function synthJson(stack: TerraformStack): any {
  const json = JSON.parse(Testing.synth(stack));
  rememberDocuments(json, stack);
  return json;
}

function rememberDocuments(json: any, stack: TerraformStack): void {
  const byHash = new Map<string, string>();
  for (const c of stack.node.findAll() as IConstruct[]) {
    const render = (c as unknown as { renderDesiredState?: () => string }).renderDesiredState;
    if (typeof render !== 'function') continue;
    const text = render.call(c);
    byHash.set(textHash(text), text);
  }
  documents.set(json, byHash);
}

/**
 * A tenant's desired-state document as its converge step receives it: the file named by the
 * step's trigger, with the app id Terraform passes for an app declared in the stack.
 */
export function convergeDocument(json: any, tenant: string): any {
  const r = resourceOf(json, `${tenant}_Converge`);
  const text = documents.get(json)?.get(r.triggers_replace[0]);
  if (text === undefined) throw new Error(`no document with hash ${r.triggers_replace[0]} for ${tenant}; synthesize with synthJson or synthWithAnnotations`);
  const doc = JSON.parse(text);
  if (doc.access.appId === APP_ID_FROM_TERRAFORM) doc.access.appId = r.provisioner[0]['local-exec'].environment.EXO_APP_ID;
  return doc;
}
