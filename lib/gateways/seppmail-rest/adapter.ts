/**
 * The SEPPmail REST adapter: configures the appliance's customers and managed domains for the
 * tenants of a gateway document through its REST API, and tells the operator the one step the
 * API cannot do (the per-domain TLS certificate).
 *
 * A sync reads the customers and managed domains (two calls), plans the reconcile (plan.ts),
 * refuses before any change when a declared object belongs to someone else, runs the changes in
 * order with `applyMailconfig=false`, applies the mail configuration once at the end, reads
 * everything back to verify it, and prints the certificate checklist. A converged appliance
 * costs the two reads and nothing else. Node built-ins only.
 */
import { GatewayAdapter, GatewayContext, GatewayReport, RenderedGateway } from '../adapter';
import { GatewayDeploymentError } from '../document';
import { callText, SeppmailClient } from './client';
import { certificateChecklist, CertificateChecklistItem, checkSeppmailRestDocument } from './document';
import { DesiredCustomer, desiredCustomers, ObservedCustomer, ObservedDomain, ObservedState, planReconcile, PlannedStep, withMailConfigApplied } from './plan';
import { SeppmailRestDocument } from './types';

/** What `render` gives for SEPPmail: no files; the customers and domains, and the manual checklist. */
export interface SeppmailRendering extends RenderedGateway {
  readonly customers: DesiredCustomer[];
  readonly checklist: CertificateChecklistItem[];
}

interface Report {
  written: string[];
  removed: string[];
  commands: string[];
}

function tag(doc: SeppmailRestDocument): string {
  return `[gateway ${doc.gateway.name}]`;
}

function isRecord(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `GET /customer` (detailed form): an object with the customers by name. */
function parseCustomers(reply: unknown): ObservedCustomer[] {
  if (!isRecord(reply)) throw new GatewayDeploymentError(`GET /customer: expected an object of customers by name, got ${Array.isArray(reply) ? 'a list' : typeof reply}`);
  return Object.entries(reply).map(([key, info]) => ({
    name: isRecord(info) && typeof info.name === 'string' && info.name ? info.name : key,
    comment: isRecord(info) && typeof info.comment === 'string' ? info.comment : '',
    description: isRecord(info) && typeof info.description === 'string' ? info.description : '',
  }));
}

/** `GET /mailsystem/manageddomain` (detailed form): customer name -> list of managed domains; `[none]`-style keys are no customer. */
function parseDomains(reply: unknown): ObservedDomain[] {
  if (!isRecord(reply)) throw new GatewayDeploymentError(`GET /mailsystem/manageddomain: expected an object of managed domains by customer, got ${Array.isArray(reply) ? 'a list' : typeof reply}`);
  const out: ObservedDomain[] = [];
  for (const [key, list] of Object.entries(reply)) {
    if (!Array.isArray(list)) throw new GatewayDeploymentError(`GET /mailsystem/manageddomain: the entry of ${key} is not a list`);
    const customer = /^\[.*\]$/.test(key) || key === '' ? undefined : key;
    for (const d of list) {
      if (typeof d === 'string') {
        out.push({ domainName: d.toLowerCase(), customer });
      } else if (isRecord(d) && typeof d.domainName === 'string') {
        out.push({ domainName: d.domainName.toLowerCase(), customer, forwarding: isRecord(d.forwarding) ? d.forwarding : undefined, requestedTenantID: typeof d.requestedTenantID === 'string' ? d.requestedTenantID : undefined, tls: isRecord(d.tls) ? d.tls : undefined });
      }
    }
  }
  return out;
}

async function readState(client: SeppmailClient, report: Report): Promise<ObservedState> {
  const customersCall = { method: 'GET', path: '/customer' } as const;
  const domainsCall = { method: 'GET', path: '/mailsystem/manageddomain' } as const;
  report.commands.push(callText(customersCall));
  const customers = parseCustomers(await client.request(customersCall));
  report.commands.push(callText(domainsCall));
  const domains = parseDomains(await client.request(domainsCall));
  return { customers, domains };
}

function objectOf(step: PlannedStep): string {
  const body = step.call.body as { name?: string; domainName?: string; mailRoutes?: string[] } | undefined;
  if (step.call.path === '/customer') return `customer ${body?.name}`;
  if (step.call.path.startsWith('/customer/')) return `customer ${decodeURIComponent(step.call.path.split('/')[2])}${step.kind === 'mailroute' ? ` mail routes ${body?.mailRoutes?.join(',')}` : ''}`;
  return `managed domain ${body?.domainName ?? decodeURIComponent(step.call.path.split('/').pop() ?? '')}`;
}

async function runSteps(doc: SeppmailRestDocument, client: SeppmailClient, steps: PlannedStep[], ctx: GatewayContext, report: Report): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    ctx.log(`${tag(doc)} tenant '${s.tenant}': ${s.what} (${callText(s.call)})`);
    report.commands.push(callText(s.call));
    try {
      await client.request(s.call);
    } catch (e) {
      const done = i === 0 ? 'no change was made before it' : `${i} of ${steps.length} change(s) were made before it; the next apply continues from there`;
      throw new GatewayDeploymentError(client.scrub(`${tag(doc)} tenant '${s.tenant}': ${s.what} failed: ${(e as Error).message} (${done})`));
    }
    if (s.call.method === 'DELETE') report.removed.push(objectOf(s));
    else report.written.push(objectOf(s));
  }
}

/** Reads the appliance back and checks that it now holds exactly what was declared. */
async function verify(doc: SeppmailRestDocument, desired: DesiredCustomer[], client: SeppmailClient, ctx: GatewayContext, report: Report): Promise<void> {
  const after = await readState(client, report);
  let remaining: PlannedStep[];
  try {
    remaining = planReconcile(desired, after, doc.deployment.owner, tag(doc)).steps;
  } catch (e) {
    throw new GatewayDeploymentError(`${tag(doc)} verification after the sync failed: ${(e as Error).message}`);
  }
  if (remaining.length) {
    throw new GatewayDeploymentError(`${tag(doc)} verification after the sync failed: the appliance reports, for ${remaining.length} object(s), something other than what was written:\n  ${remaining.map((s) => `tenant '${s.tenant}': still to ${s.what}`).join('\n  ')}`);
  }
  const domains = desired.reduce((n, c) => n + c.domains.length, 0);
  if (desired.length) {
    ctx.log(`${tag(doc)} verified: ${desired.length} customer(s) with the marker and ${domains} managed domain(s) with their tenant id, forwarding to Exchange Online and TLS level secure`);
  } else {
    ctx.log(`${tag(doc)} verified: no customer of owner=${doc.deployment.owner} is left on the appliance`);
  }
}

function printChecklist(doc: SeppmailRestDocument, created: Set<string>, ctx: GatewayContext): void {
  const items = certificateChecklist(doc);
  if (!items.length) return;
  ctx.log(`${tag(doc)} MANUAL STEP, not done by the library (the SEPPmail API has no call for a managed domain's TLS certificate):`);
  for (const item of items) {
    const fresh = item.managedDomains.filter((d) => created.has(d));
    ctx.log(`${tag(doc)}   tenant '${item.tenant}': ${item.step}${fresh.length ? ` Created in this run, so still without it: ${fresh.join(', ')}.` : ''}`);
  }
}

async function reconcile(doc: SeppmailRestDocument, ctx: GatewayContext, mode: 'sync' | 'teardown'): Promise<GatewayReport> {
  checkSeppmailRestDocument(doc, 'EXO_GATEWAY_DOCUMENT');
  const report: Report = { written: [], removed: [], commands: [] };
  const target = mode === 'sync' ? doc : { ...doc, tenants: [] };
  const desired = desiredCustomers(target);
  const client = new SeppmailClient(doc.deployment, ctx.env);
  try {
    let before: ObservedState;
    try {
      before = await readState(client, report);
    } catch (e) {
      throw new GatewayDeploymentError(client.scrub(`${tag(doc)} reading the appliance's customers and managed domains failed: ${(e as Error).message}`));
    }
    const plan = planReconcile(desired, before, doc.deployment.owner, tag(doc));
    const { steps, applied } = withMailConfigApplied(plan, desired);
    if (!steps.length) {
      const domains = desired.reduce((n, c) => n + c.domains.length, 0);
      ctx.log(mode === 'sync' ? `${tag(doc)} the appliance already holds the ${desired.length} customer(s) and ${domains} managed domain(s) as declared; nothing changed` : `${tag(doc)} nothing of owner=${doc.deployment.owner} on the appliance; nothing removed`);
    } else {
      await runSteps(doc, client, steps, ctx, report);
      if (applied === 'none' && plan.applyNeeded) ctx.log(`${tag(doc)} no managed domain is left to carry applyMailconfig=true; apply the mail configuration on the appliance if it asks for it`);
      await verify(doc, desired, client, ctx, report);
    }
    if (mode === 'sync') {
      const created = new Set(steps.filter((s) => s.call.method === 'POST' && s.call.path === '/mailsystem/manageddomain').map((s) => (s.call.body as { domainName: string }).domainName));
      printChecklist(doc, created, ctx);
    }
    return report;
  } finally {
    client.close();
  }
}

/** The SEPPmail REST adapter. */
export const seppmailRestAdapter: GatewayAdapter<SeppmailRestDocument> = {
  id: 'seppmail-rest',
  render: (doc): SeppmailRendering => ({ files: [], customers: desiredCustomers(doc), checklist: certificateChecklist(doc) }),
  sync: (doc, ctx) => reconcile(doc, ctx, 'sync'),
  teardown: (doc, ctx) => reconcile(doc, ctx, 'teardown'),
};
