/**
 * Reconcile planning for the SEPPmail appliance: from what the document declares and what the
 * API reports, the calls that make the appliance hold exactly the declared customers and managed
 * domains, without touching anything this deployment did not create.
 *
 * Ownership: a customer is ours when its comment carries the managed marker with this
 * deployment's owner token; a managed domain is ours when it is attached to one of our customers
 * (the API has no comment on managed domains), or when it is declared, attached to no customer
 * and requests the declared tenant id (what a run interrupted between creating a domain and
 * attaching it leaves behind). Pure: no I/O.
 */
import { GatewayDeploymentError } from '../document';
import { ApiCall } from './client';
import { customerComment, customerDescription, markedOwner } from './document';
import { FORWARDING_PORT, managedDomainSettings, ManagedDomainSettings, SeppmailRestDocument } from './types';

/** A customer as `GET /customer` reports it (the fields the library reads). */
export interface ObservedCustomer {
  readonly name: string;
  readonly comment: string;
  readonly description: string;
}

/** A managed domain as `GET /mailsystem/manageddomain` reports it, with the customer it is listed under. */
export interface ObservedDomain {
  readonly domainName: string;
  /** The customer it is listed under; undefined for none (`[none]`, `[default]`). */
  readonly customer?: string;
  readonly forwarding?: { readonly host?: string; readonly port?: unknown; readonly noMXLookup?: unknown };
  readonly requestedTenantID?: string;
  readonly tls?: { readonly level?: string };
}

export interface ObservedState {
  readonly customers: readonly ObservedCustomer[];
  readonly domains: readonly ObservedDomain[];
}

export interface DesiredDomain {
  readonly domainName: string;
  readonly settings: ManagedDomainSettings;
}

export interface DesiredCustomer {
  /** Tenant construct id, for messages. */
  readonly tenant: string;
  readonly tenantId: string;
  readonly name: string;
  readonly comment: string;
  readonly description: string;
  readonly domains: readonly DesiredDomain[];
}

export type StepKind = 'customer' | 'domain' | 'mailroute';

export interface PlannedStep {
  readonly kind: StepKind;
  readonly call: ApiCall;
  /** The tenant the step is for (construct id), or the customer of an undeclared one. */
  readonly tenant: string;
  /** What the step does, for the log. */
  readonly what: string;
}

export interface Plan {
  readonly steps: PlannedStep[];
  /** True when a step changes managed domains or their customers: the mail configuration must be applied. */
  readonly applyNeeded: boolean;
}

/** The customers and managed domains a document declares (empty for a teardown document). */
export function desiredCustomers(doc: SeppmailRestDocument): DesiredCustomer[] {
  const owner = doc.deployment.owner;
  return doc.tenants
    .map((t) => ({
      tenant: t.name,
      tenantId: t.tenantId,
      name: t.customer,
      comment: customerComment(owner, t.tenantId),
      description: customerDescription(t),
      domains: t.managedDomains.map((d) => ({ domainName: d, settings: managedDomainSettings(t) })),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'true');
}

function same(a: string | undefined, b: string): boolean {
  return (a ?? '').trim().toLowerCase() === b.toLowerCase();
}

/** How an observed managed domain differs from the settings, as `field: observed -> desired` texts. */
export function domainDifferences(o: ObservedDomain, s: ManagedDomainSettings): string[] {
  const out: string[] = [];
  const port = o.forwarding?.port === undefined || o.forwarding?.port === null || o.forwarding?.port === '' ? FORWARDING_PORT : Number(o.forwarding.port);
  if (!same(o.forwarding?.host, s.forwarding.host)) out.push(`forwarding.host ${o.forwarding?.host ?? '(none)'} -> ${s.forwarding.host}`);
  if (port !== s.forwarding.port) out.push(`forwarding.port ${String(o.forwarding?.port)} -> ${s.forwarding.port}`);
  if (truthy(o.forwarding?.noMXLookup) !== s.forwarding.noMXLookup) out.push(`forwarding.noMXLookup ${String(o.forwarding?.noMXLookup ?? false)} -> ${s.forwarding.noMXLookup}`);
  if (!same(o.requestedTenantID, s.requestedTenantID)) out.push(`requestedTenantID ${o.requestedTenantID || '(none)'} -> ${s.requestedTenantID}`);
  if (!same(o.tls?.level, s.tls.level)) out.push(`tls.level ${o.tls?.level || '(none)'} -> ${s.tls.level}`);
  return out;
}

const enc = encodeURIComponent;
const NO_APPLY = { applyMailconfig: 'false' } as const;

/**
 * Plans the reconcile. Throws, before any call is planned, when a declared customer name or
 * managed domain is held by something this deployment did not create: nothing is changed then.
 */
export function planReconcile(desired: readonly DesiredCustomer[], observed: ObservedState, owner: string, gatewayTag: string): Plan {
  const isOurs = (c: ObservedCustomer) => markedOwner(c.comment) === owner;
  const customers = new Map(observed.customers.map((c) => [c.name, c] as const));
  const ours = new Map(observed.customers.filter(isOurs).map((c) => [c.name, c] as const));
  const domains = new Map(observed.domains.map((d) => [d.domainName.toLowerCase(), d] as const));
  const desiredByDomain = new Map<string, DesiredCustomer>();
  for (const c of desired) for (const d of c.domains) desiredByDomain.set(d.domainName, c);

  const conflicts: string[] = [];
  for (const c of desired) {
    const existing = customers.get(c.name);
    if (existing && !ours.has(c.name)) {
      const other = markedOwner(existing.comment);
      conflicts.push(
        other !== undefined
          ? `tenant '${c.tenant}': the customer ${c.name} carries the marker of another owner (owner=${other || '(none)'}, this deployment is owner=${owner}); if it is this fleet's, set owner: '${other}' on SeppmailApplianceDeployment.restApi, else give the tenant another customer name (customerPrefix)`
          : `tenant '${c.tenant}': the customer ${c.name} exists on the appliance and was not created by this deployment (its comment has no managed marker); rename or remove it, or set customerPrefix`,
      );
    }
    for (const d of c.domains) {
      const o = domains.get(d.domainName);
      if (!o || (o.customer !== undefined && ours.has(o.customer))) continue;
      if (o.customer === undefined && same(o.requestedTenantID, c.tenantId)) continue; // left by an interrupted run: adopted
      conflicts.push(
        `tenant '${c.tenant}': the managed domain ${d.domainName} exists on the appliance ${o.customer === undefined ? 'without a customer' : `under the customer ${o.customer}`}, not created by this deployment; remove it on the appliance (Mail System > Managed Domains) or from the declaration`,
      );
    }
  }
  if (conflicts.length) {
    throw new PlanConflictError(`${gatewayTag} nothing was changed: ${conflicts.length} declared object(s) already exist on the appliance outside this deployment:\n  ${conflicts.join('\n  ')}`);
  }

  const steps: PlannedStep[] = [];
  // 1. customers: create, or correct comment and description
  for (const c of desired) {
    const existing = ours.get(c.name);
    if (!existing) {
      steps.push({ kind: 'customer', tenant: c.tenant, what: `create the customer ${c.name}`, call: { method: 'POST', path: '/customer', body: { name: c.name, comment: c.comment, description: c.description } } });
    } else if (existing.comment !== c.comment || existing.description !== c.description) {
      steps.push({ kind: 'customer', tenant: c.tenant, what: `update the comment and description of the customer ${c.name}`, call: { method: 'PUT', path: `/customer/${enc(c.name)}`, body: { comment: c.comment, description: c.description } } });
    }
  }
  // 2. managed domains: create, or correct forwarding, tenant id and TLS level (mail configuration applied at the end)
  for (const c of desired) {
    for (const d of c.domains) {
      const o = domains.get(d.domainName);
      if (!o) {
        steps.push({ kind: 'domain', tenant: c.tenant, what: `create the managed domain ${d.domainName} (forwarding to ${d.settings.forwarding.host}, tenant ${d.settings.requestedTenantID}, TLS ${d.settings.tls.level})`, call: { method: 'POST', path: '/mailsystem/manageddomain', query: NO_APPLY, body: { domainName: d.domainName, ...d.settings } } });
        continue;
      }
      const diff = domainDifferences(o, d.settings);
      if (diff.length) {
        steps.push({ kind: 'domain', tenant: c.tenant, what: `update the managed domain ${d.domainName}: ${diff.join(', ')}`, call: { method: 'PUT', path: `/mailsystem/manageddomain/${enc(d.domainName)}`, query: NO_APPLY, body: d.settings } });
      }
    }
  }
  // 3. detach from our customers what moves to another customer or is no longer declared
  const stale: ObservedDomain[] = [];
  for (const name of [...ours.keys()].sort()) {
    const listed = observed.domains.filter((d) => d.customer === name);
    const leaving = listed.filter((d) => desiredByDomain.get(d.domainName.toLowerCase())?.name !== name);
    stale.push(...leaving.filter((d) => !desiredByDomain.has(d.domainName.toLowerCase())));
    if (leaving.length) {
      const tenant = desired.find((c) => c.name === name)?.tenant ?? name;
      steps.push({ kind: 'mailroute', tenant, what: `detach ${leaving.map((d) => d.domainName).join(', ')} from the customer ${name}`, call: { method: 'PUT', path: `/customer/${enc(name)}/mailroute`, body: { mailRoutes: leaving.map((d) => d.domainName) } } });
    }
  }
  // 4. attach to each customer the declared domains it does not hold yet
  for (const c of desired) {
    const joining = c.domains.filter((d) => domains.get(d.domainName)?.customer !== c.name).map((d) => d.domainName);
    if (joining.length) {
      steps.push({ kind: 'mailroute', tenant: c.tenant, what: `attach ${joining.join(', ')} to the customer ${c.name}`, call: { method: 'POST', path: `/customer/${enc(c.name)}/mailroute`, body: { mailRoutes: joining } } });
    }
  }
  // 5. remove the managed domains of our customers that are no longer declared
  for (const d of stale) {
    steps.push({ kind: 'domain', tenant: d.customer ?? '', what: `remove the managed domain ${d.domainName} (no longer declared)`, call: { method: 'DELETE', path: `/mailsystem/manageddomain/${enc(d.domainName)}`, query: NO_APPLY } });
  }
  // 6. remove our customers that are no longer declared (their domains are gone by now)
  const declared = new Set(desired.map((c) => c.name));
  for (const name of [...ours.keys()].sort()) {
    if (declared.has(name)) continue;
    steps.push({ kind: 'customer', tenant: name, what: `remove the customer ${name} (no longer declared)`, call: { method: 'DELETE', path: `/customer/${enc(name)}` } });
  }

  const applyNeeded = steps.some((s) => s.kind !== 'customer');
  return { steps, applyNeeded };
}

/**
 * The call that applies the mail configuration once, at the end (gateway-apis.md §1.2: only the
 * managed-domain calls carry `applyMailconfig`, default true): a write of a declared domain's own
 * settings with `applyMailconfig=true`, or, when no domain stays declared, the last removal of a
 * domain sent with `applyMailconfig=true`. Returns the steps to run.
 */
export function withMailConfigApplied(plan: Plan, desired: readonly DesiredCustomer[]): { steps: PlannedStep[]; applied: 'final-write' | 'last-removal' | 'none' } {
  if (!plan.applyNeeded) return { steps: plan.steps, applied: 'none' };
  const first = desired.flatMap((c) => c.domains.map((d) => ({ c, d })))[0];
  if (first) {
    return {
      applied: 'final-write',
      steps: [
        ...plan.steps,
        { kind: 'domain', tenant: first.c.tenant, what: `apply the mail configuration (write ${first.d.domainName} with applyMailconfig=true)`, call: { method: 'PUT', path: `/mailsystem/manageddomain/${enc(first.d.domainName)}`, query: { applyMailconfig: 'true' }, body: first.d.settings } },
      ],
    };
  }
  const steps = [...plan.steps];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.kind === 'domain' && s.call.method === 'DELETE') {
      steps[i] = { ...s, what: `${s.what}, and apply the mail configuration`, call: { ...s.call, query: { applyMailconfig: 'true' } } };
      return { steps, applied: 'last-removal' };
    }
  }
  return { steps, applied: 'none' };
}

/** A declared object is held by something this deployment did not create. */
export class PlanConflictError extends GatewayDeploymentError {}
