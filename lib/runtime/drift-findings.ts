/**
 * `exo-gateway drift`'s findings: the differences between a tenant's declaration and what was
 * read of it, from the planner's steps and blockers, the accepted domains and the conditions and
 * actions added to managed rules by hand. Pure.
 */
import { ExoObjectKind, ObservedObject, ObservedState, PlanStep, TenantDesiredState, TenantPlan } from '../core/exo-model';
import { applyRuleSteps, formatValue, observedName, observedRuleOrder, planTenant, readProperty, undeclaredRuleSettings } from '../core/planner';
import { unmanagedAcceptedDomains } from './converge';
import { DriftFinding, ObservedTenant } from './drift-model';

const key = (s: string) => s.trim().toLowerCase();
const FOREIGN_NAMESAKE = /^(InboundConnector|OutboundConnector|TransportRule) '([^']*)' already exists in the tenant without the marker/;

/**
 * The differences between `doc` and `observed`, each once: what the planner would do, turned
 * into findings, plus the conditions and actions added to managed rules. Pure.
 */
export function driftFindings(doc: TenantDesiredState, observed: ObservedTenant): DriftFinding[] {
  // Plan as converge does; a plan with blockers still lists what it would do about the rest.
  let plan: TenantPlan;
  try {
    plan = planTenant(doc, observed, { keepStepsWhenBlocked: true });
  } catch {
    plan = planTenant(doc, observed); // what is left after the blockers did not plan: the blockers alone
  }
  const findings: DriftFinding[] = [];
  const declared = new Map(doc.objects.map((o) => [`${o.kind}:${key(o.name)}`, o] as const));
  const isDeclared = (kind: ExoObjectKind, name: string, p: string) => {
    const o = declared.get(`${kind}:${key(name)}`);
    return o !== undefined && readProperty(o.parameters, p) !== undefined;
  };
  let ruleMoves = false;
  for (const s of plan.steps) {
    const what = `${s.kind} '${s.name}'`;
    if (s.action === 'New') {
      findings.push({ finding: 'missing', objectKind: s.kind, object: s.name, converge: 'creates', message: `${what} is missing` });
    } else if (s.action === 'Remove') {
      findings.push({ finding: 'notDeclared', objectKind: s.kind, object: s.name, converge: 'removes', message: `${what} carries the marker but is no longer declared` });
    } else if (s.action === 'Enable' || s.action === 'Disable') {
      const want = s.action === 'Enable';
      findings.push({ finding: 'changed', objectKind: s.kind, object: s.name, property: 'Enabled', declared: formatValue(want), found: formatValue(!want), converge: 'changes', message: `${what}: Enabled is ${formatValue(!want)}, declared ${formatValue(want)}` });
    } else {
      for (const c of s.changes ?? []) {
        if (c.parameter === 'Name') {
          findings.push({ finding: 'renamed', objectKind: s.kind, object: s.name, property: 'Name', declared: formatValue(c.desired), found: formatValue(c.current), converge: 'renames', message: `${what} was renamed to ${formatValue(c.current)}` });
        } else if (s.kind === 'TransportRule' && c.parameter === 'Priority' && !isDeclared(s.kind, s.name, 'Priority')) {
          ruleMoves = true;
        } else if (!isDeclared(s.kind, s.name, c.parameter)) {
          // A strict rule's undeclared setting being cleared: reported below as undeclaredSetting.
          continue;
        } else {
          findings.push({
            finding: 'changed',
            objectKind: s.kind,
            object: s.name,
            property: c.parameter,
            declared: formatValue(c.desired),
            found: formatValue(c.current),
            converge: 'changes',
            message: `${what}: ${c.parameter} is ${formatValue(c.current)}, declared ${formatValue(c.desired)}`,
          });
        }
      }
    }
  }
  if (ruleMoves) findings.push(ruleOrderFinding(doc, observed, plan.steps));
  findings.push(...acceptedDomainFindings(doc, observed));
  for (const b of plan.blockers) {
    const m = FOREIGN_NAMESAKE.exec(b);
    if (m) {
      findings.push({ finding: 'foreignNamesake', objectKind: m[1] as ExoObjectKind, object: m[2], converge: 'blocks', message: b });
    } else {
      findings.push({ finding: 'blocked', object: '', converge: 'blocks', message: b, ...blockedObject(b) });
    }
  }
  // Conditions and actions added to managed rules by hand.
  if (!doc.retired) {
    for (const d of doc.objects.filter((o) => o.kind === 'TransportRule')) {
      const o = matchedRule(doc, observed, d.name, plan.steps);
      if (!o) continue;
      for (const u of undeclaredRuleSettings(d, o)) {
        const strict = d.strict === true;
        findings.push({
          finding: 'undeclaredSetting',
          objectKind: 'TransportRule',
          object: d.name,
          property: u.parameter,
          declared: '(not declared)',
          found: formatValue(u.found),
          converge: strict ? 'clears' : 'leaves',
          message: `TransportRule '${d.name}': ${u.parameter} ${formatValue(u.found)} was added but is not declared; ${strict ? 'converge clears it (strict)' : 'converge leaves it (declare the connector strict to have it cleared)'}`,
        });
      }
    }
  }
  return findings;
}

/** Converge refuses a tenant whose managed domains are not all accepted (and, for some layouts, one with unrouted accepted domains). */
function acceptedDomainFindings(doc: TenantDesiredState, observed: ObservedTenant): DriftFinding[] {
  if (doc.retired || !observed.acceptedDomains) return [];
  const accepted = new Set(observed.acceptedDomains);
  const out: DriftFinding[] = [];
  const missing = doc.tenant.managedDomains.filter((d) => !accepted.has(d.toLowerCase()));
  if (missing.length) {
    out.push({ finding: 'blocked', object: '', property: 'AcceptedDomain', declared: `[${missing.join(', ')}]`, found: '(not accepted)', converge: 'blocks', message: `managed domain(s) ${missing.join(', ')} are no longer accepted domains of ${doc.access.organization}; converge refuses the tenant until they are added again or removed from the declaration` });
  }
  if (doc.requireAllAcceptedDomainsManaged === true) {
    const unrouted = unmanagedAcceptedDomains([...accepted], doc.tenant.managedDomains);
    if (unrouted.length) {
      out.push({ finding: 'blocked', object: '', property: 'AcceptedDomain', declared: '(routed through the gateway)', found: `[${unrouted.join(', ')}]`, converge: 'blocks', message: `accepted domain(s) ${unrouted.join(', ')} of ${doc.access.organization} are not routed through the gateway, which this layout requires; converge refuses the tenant` });
    }
  }
  return out;
}

/** The observed rule that is the managed `name` (by the name it has now, renamed or not). */
function matchedRule(doc: TenantDesiredState, observed: ObservedState, name: string, steps: readonly PlanStep[]): ObservedObject | undefined {
  const rename = steps.find((s) => s.kind === 'TransportRule' && s.action === 'Set' && key(s.name) === key(name) && s.changes?.some((c) => c.parameter === 'Name'));
  const current = rename ? String(rename.parameters.Identity) : name;
  const rule = (observed.TransportRule ?? []).find((r) => key(observedName(r)) === key(current));
  if (!rule) return undefined;
  const comments = readProperty(rule, 'Comments');
  return typeof comments === 'string' && doc.marker !== '' && comments.includes(doc.marker) ? rule : undefined;
}

function blockedObject(blocker: string): { objectKind?: ExoObjectKind; object?: string } {
  const m = /^(InboundConnector|OutboundConnector|TransportRule) '([^']*)'/.exec(blocker);
  return m ? { objectKind: m[1] as ExoObjectKind, object: m[2] } : {};
}

/** One finding for all rule moves: the managed rules' priorities now and after converge. */
function ruleOrderFinding(doc: TenantDesiredState, observed: ObservedState, steps: readonly PlanStep[]): DriftFinding {
  const ours = new Set(doc.objects.filter((o) => o.kind === 'TransportRule').map((o) => key(o.name)));
  const renames = new Map<string, string>();
  for (const s of steps) for (const c of s.changes ?? []) if (s.kind === 'TransportRule' && c.parameter === 'Name') renames.set(key(String(c.current)), s.name);
  const now = observedRuleOrder(observed.TransportRule ?? []).map((n) => renames.get(key(n)) ?? n);
  let after: string[];
  try {
    after = applyRuleSteps(now, steps);
  } catch {
    after = now;
  }
  const positions = (list: string[]) =>
    list
      .map((n, i) => ({ n, i }))
      .filter((x) => ours.has(key(x.n)))
      .map((x) => `${x.n}@${x.i}`)
      .join(', ');
  const found = positions(now);
  const declared = positions(after);
  return { finding: 'ruleOrder', objectKind: 'TransportRule', object: '(managed rules)', property: 'Priority', declared, found, converge: 'reorders', message: `managed transport rules are not at their declared places (${doc.rulePlacement}); found ${found}` };
}
