/**
 * Converges one tenant: connect, verify it is the declared tenant, read, plan, then print the
 * plan (what-if) or run it step by step, stopping at the first failure.
 */
import { DOCUMENT_SCHEMA, ExoObjectKind, ObservedObject, ObservedState, TenantDesiredState, TenantPlan } from '../core/exo-model';
import { describePlan, describeStep, planTenant } from '../core/planner';
import { BlockedPlanError, ConnectError, DocumentError, StepFailedError, TenantMismatchError } from './errors';
import { ConnectRetry, openWithRetry, SINGLE_ATTEMPT } from './connect';
import { readKind } from './reads';
import { ExchangeSession } from './session-client';

/** Opens a session for a tenant's access reference (real or simulated, chosen by the caller). */
export type SessionOpener = (doc: TenantDesiredState) => Promise<ExchangeSession>;

export interface ConvergeOptions {
  /** Print the plan and change nothing. */
  readonly whatIf: boolean;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
  /**
   * Whether to try again after a failed connect.
   * @default SINGLE_ATTEMPT (the apply program passes connectRetry(env), 5 attempts by default)
   */
  readonly connectRetry?: ConnectRetry;
}

export interface ConvergeResult {
  readonly tenant: string;
  readonly plan: TenantPlan;
  readonly applied: number;
}

/** Parses and checks a desired-state document. */
export function parseDocument(text: string | undefined, origin: string): TenantDesiredState {
  if (text === undefined || text.trim() === '') {
    throw new DocumentError(`no desired-state document in ${origin}; this program is run by the stack's terraform_data resources`);
  }
  let doc: TenantDesiredState;
  try {
    doc = JSON.parse(text) as TenantDesiredState;
  } catch (e) {
    throw new DocumentError(`the desired-state document in ${origin} is not JSON: ${(e as Error).message}`);
  }
  if (doc.schema !== DOCUMENT_SCHEMA) {
    throw new DocumentError(`the document in ${origin} has schema '${String(doc.schema)}'; this program reads '${DOCUMENT_SCHEMA}'. Re-synthesize the stack with the same package version.`);
  }
  return doc;
}


/**
 * Accepted domains that are neither managed nor `*.onmicrosoft.com` (the initial and MOERA
 * domains, which never carry an MX of their own).
 */
export function unmanagedAcceptedDomains(accepted: readonly string[], managed: readonly string[]): string[] {
  const routed = new Set(managed.map((d) => d.toLowerCase()));
  return accepted
    .map((d) => d.toLowerCase())
    .filter((d) => d !== '' && d !== 'onmicrosoft.com' && !d.endsWith('.onmicrosoft.com') && !routed.has(d))
    .sort();
}

/**
 * Reads what the planner compares: the tenant's inbound and outbound connectors and transport
 * rules, in that order. A failed read is a ConnectError naming the cmdlet.
 */
export async function readObservedState(session: ExchangeSession, name: string, organization: string): Promise<ObservedState> {
  const read = async (kind: ExoObjectKind): Promise<ObservedObject[]> => {
    const r = await readKind((c, p) => session.read(c, p), kind);
    if (!r.objects) throw new ConnectError(name, organization, `${r.cmdlet} failed: ${r.failure?.error?.message}`);
    return r.objects;
  };
  const InboundConnector = await read('InboundConnector');
  const OutboundConnector = await read('OutboundConnector');
  const TransportRule = await read('TransportRule');
  return { InboundConnector, OutboundConnector, TransportRule };
}

/** Converges one tenant to `doc`. Throws an ExoGatewayError naming the tenant on any failure. */
export async function convergeTenant(doc: TenantDesiredState, open: SessionOpener, options: ConvergeOptions): Promise<ConvergeResult> {
  const name = doc.tenant.name;
  const log = (line: string) => options.log(`[${name}] ${line}`);
  log(`connecting to ${doc.access.organization} (app ${doc.access.appId})${doc.retired ? ' to tear down' : ''}`);
  const session = await openWithRetry(open, doc, options.connectRetry ?? SINGLE_ATTEMPT, options.log);
  try {
    if (session.hello.type !== 'ready') {
      throw new ConnectError(name, doc.access.organization, session.hello.error?.message ?? 'the session did not say why');
    }
    const connected = (session.hello.tenantId ?? '').toLowerCase();
    if (!connected) {
      // Never treat an unknown id as a mismatch: teardown skips mismatched tenants, and an
      // unknown id must not let live connectors be forgotten.
      throw new ConnectError(name, doc.access.organization, 'the session did not report the connected tenant id (Get-ConnectionInformation returned none); nothing was changed');
    }
    if (connected !== doc.tenant.tenantId.toLowerCase()) {
      throw new TenantMismatchError(name, `connected to tenant id '${connected || 'unknown'}' but the declared tenant id is '${doc.tenant.tenantId}' (organization ${doc.access.organization}); check tenantId and initialDomain`);
    }
    if (!doc.retired && (doc.tenant.managedDomains.length > 0 || doc.requireAllAcceptedDomainsManaged === true)) {
      const domains = await readKind((c, p) => session.read(c, p), 'AcceptedDomain');
      if (!domains.objects) throw new ConnectError(name, doc.access.organization, `${domains.cmdlet} failed: ${domains.failure?.error?.message}`);
      const accepted = new Set(domains.objects.map((d) => String(d.DomainName ?? d.Name ?? '').toLowerCase()));
      const missing = doc.tenant.managedDomains.filter((d) => !accepted.has(d.toLowerCase()));
      if (missing.length) {
        throw new TenantMismatchError(name, `managed domain(s) ${missing.join(', ')} are not accepted domains of ${doc.access.organization}; add and verify them in Microsoft 365 first, or remove them from the declaration`);
      }
      if (doc.requireAllAcceptedDomainsManaged === true) {
        const unrouted = unmanagedAcceptedDomains([...accepted], doc.tenant.managedDomains);
        if (unrouted.length) {
          throw new BlockedPlanError(name, [
            `accepted domain(s) ${unrouted.join(', ')} of ${doc.access.organization} are not routed through the gateway, but this layout (MX at the gateway, inbound connector restricted to its certificate) makes Exchange Online refuse their mail from anywhere else (550 5.7.51 TenantInboundAttribution); declare them with addManagedDomain and move their MX to the gateway, or remove them from the tenant`,
          ]);
        }
      }
    }
    const observed = await readObservedState(session, name, doc.access.organization);
    const plan = planTenant(doc, observed);
    if (plan.blockers.length) throw new BlockedPlanError(name, plan.blockers);
    if (plan.steps.length === 0) {
      log('in sync, no change');
      return { tenant: name, plan, applied: 0 };
    }
    if (options.whatIf) {
      log(`what-if: ${plan.steps.length} change(s) would be made:`);
      for (const l of describePlan(plan, name)) options.log(`  ${l}`);
      return { tenant: name, plan, applied: 0 };
    }
    log(`${plan.steps.length} change(s):`);
    let applied = 0;
    for (const [i, step] of plan.steps.entries()) {
      options.log(`  [${i + 1}/${plan.steps.length}] ${describeStep(step)}`);
      const reply = await session.invoke(step.cmdlet, step.parameters);
      if (!reply.ok) {
        throw new StepFailedError(name, i + 1, plan.steps.length, step.cmdlet, step.name, reply.error?.message ?? 'no message');
      }
      const disabled = (reply.warnings ?? []).find((w) => /disabled state|can't enable/i.test(w));
      const wantsEnabled = step.parameters.Enabled === true;
      const result = reply.result && !Array.isArray(reply.result) ? reply.result : undefined;
      if (wantsEnabled && step.kind !== 'TransportRule' && (disabled || (result && result.Enabled === false))) {
        throw new StepFailedError(name, i + 1, plan.steps.length, step.cmdlet, step.name, `Exchange Online left the connector disabled${disabled ? `: ${disabled}` : ''} (service-offering restriction; contact Microsoft support to enable it)`);
      }
      applied++;
    }
    log(`converged, ${applied} change(s) applied`);
    return { tenant: name, plan, applied };
  } finally {
    await session.close();
  }
}
