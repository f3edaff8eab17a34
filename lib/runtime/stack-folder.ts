/**
 * Reads a synthesized stack folder as the apply-time program's commands see it: its converge
 * steps (from cdk.tf.json) and each step's desired-state document, checked against its hash.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TenantDesiredState } from '../core/exo-model';
import { fromTerraformLiteral } from '../core/terraform-literal';
import { readDocumentFile } from './document-file';
import type { StackConvergeStep } from './drift-model';
import { DocumentError } from './errors';

/** The tenant documents a synthesized stack folder declares (its converge steps' document files). */
export function stackDocuments(stackDir: string): TenantDesiredState[] {
  return stackConvergeSteps(stackDir).map((s) => {
    if (s.error) throw s.error;
    return s.document!;
  });
}

/** Each converge step of a synthesized stack folder: its resource id and document, or why the document cannot be read. */
export function stackConvergeSteps(stackDir: string): StackConvergeStep[] {
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    throw new DocumentError(`no cdk.tf.json in ${stackDir}; pass the synthesized stack folder, e.g. cdktf.out/stacks/<stack>`);
  }
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const steps: StackConvergeStep[] = [];
  for (const [id, r] of Object.entries<any>(json.resource?.terraform_data ?? {})) {
    const exec = r.provisioner?.[0]?.['local-exec'];
    const command: string = exec?.command ?? '';
    if (!command.endsWith(' converge') || !Array.isArray(r.triggers_replace)) continue;
    const tenant = tenantOfStep(r);
    try {
      const hash = String(r.triggers_replace[0]);
      const documentFile = path.join(stackDir, String(exec.environment?.EXO_DOCUMENT_FILE ?? '').replace('${self.triggers_replace[0]}', hash));
      const appIdText = exec.environment?.EXO_APP_ID;
      const appId = typeof appIdText === 'string' ? fromTerraformLiteral(resolveReferences(appIdText, stackDir, id)) : undefined;
      steps.push({ stackDir, resource: id, ...(tenant ? { tenant } : {}), document: readDocumentFile(documentFile, hash, appId, `${file} (${id})`) });
    } catch (e) {
      steps.push({ stackDir, resource: id, ...(tenant ? { tenant } : {}), error: e as Error });
    }
  }
  return steps;
}

/**
 * The tenant's name from the step's construct path in cdk.tf.json (`//.metadata.path`,
 * `<stack>/<tenant>/Converge`: the TenantGateway's id, which is the tenant's name), for a step
 * whose document cannot be read.
 */
function tenantOfStep(resource: any): string | undefined {
  const at = resource?.['//']?.metadata?.path;
  if (typeof at !== 'string') return undefined;
  const parts = at.split('/');
  return parts.length >= 3 ? parts[parts.length - 2] : undefined;
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
