import { App, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';

export interface SynthResult {
  readonly json: any;
  readonly errors: string[];
  readonly warnings: string[];
}

/** Testing.synth plus the error/warning annotations the aspects wrote. */
export function synthWithAnnotations(stack: TerraformStack): SynthResult {
  const json = JSON.parse(Testing.synth(stack));
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
