/**
 * What the first converge of an exported entry would do, for review before adopting: the planner
 * (lib/core/planner, the same one converge runs) on the entry's desired document against what was
 * read, with `adoptExisting`; which objects it claims (found by name, without the marker); and the
 * layout's objects the profile does not declare. Plain data, no I/O.
 */
import { ObservedState, TenantDesiredState, TenantPlan, MANAGED_MARKER } from '../exo-model';
import { describePlan, isManaged, observedName, planTenant } from '../planner';
import { isInDomain } from '../names';
import { ObjectRef } from './layouts';
import { Recognition, UnmappedObject } from './recognise';

/** The review of one exported tenant. */
export interface ExportReview {
  /** The planner's answer for the entry's document against what was read. */
  readonly plan: TenantPlan;
  /** Declared objects that exist without the marker: adoptExisting takes them over. */
  readonly claims: ObjectRef[];
  /** Objects of the layout the profile does not declare: left as they are. */
  readonly undeclared: UnmappedObject[];
  /** The plan as text: claims, then the planner's description. */
  readonly lines: string[];
}

/**
 * Plans `doc` (the document synth writes for the exported entry) against `observed`, as the first
 * converge would: the accepted-domains check converge makes before planning, then the planner.
 */
export function reviewExport(recognition: Recognition, doc: TenantDesiredState, observed: ObservedState, acceptedDomains: readonly string[]): ExportReview {
  const blockers: string[] = [];
  if (doc.requireAllAcceptedDomainsManaged === true) {
    // As converge.ts does before planning (unmanagedAcceptedDomains).
    const managed = new Set(doc.tenant.managedDomains);
    const unrouted = acceptedDomains.map((d) => d.toLowerCase()).filter((d) => d !== '' && !isInDomain(d, 'onmicrosoft.com') && !managed.has(d));
    if (unrouted.length) blockers.push(`accepted domain(s) ${unrouted.join(', ')} are not declared, but this layout needs every accepted domain routed through the gateway; converge would refuse the tenant`);
  }
  const planned = planTenant(doc, observed);
  const plan: TenantPlan = blockers.length ? { steps: [], blockers: [...blockers, ...planned.blockers] } : planned;
  const declared = new Set(doc.objects.map((d) => `${d.kind}:${d.name.toLowerCase()}`));
  const claims: ObjectRef[] = [];
  for (const d of doc.objects) {
    const found = observed[d.kind].find((x) => observedName(x).toLowerCase() === d.name.toLowerCase());
    if (found && !isManaged(d.kind, found, doc.marker || MANAGED_MARKER)) claims.push({ kind: d.kind, name: observedName(found) });
  }
  const priorityOf = (name: string) => Number(observed.TransportRule.find((r) => observedName(r).toLowerCase() === name.toLowerCase())?.Priority ?? Number.NaN);
  const declaredRulePriorities = doc.objects.filter((d) => d.kind === 'TransportRule').map((d) => priorityOf(d.name)).filter((p) => !Number.isNaN(p));
  const above = (name: string) => declaredRulePriorities.some((p) => priorityOf(name) < p);
  const undeclared: UnmappedObject[] = recognition.mapped
    .filter((m) => !declared.has(`${m.kind}:${m.name.toLowerCase()}`))
    .map((m) => ({
      ...m,
      reason: m.kind === 'TransportRule'
        ? `belongs to the ${recognition.layout} layout but the profile declares no rule of this name (its rules: ${doc.objects.filter((d) => d.kind === 'TransportRule').map((d) => `'${d.name}'`).join(', ') || 'none'}); it stays as it is and keeps working: remove it by hand once the profile's rules replace it${above(m.name) && doc.rulePlacement === 'Top' ? '; it runs before some of them now, and the plan moves the profile\'s rules above it (see the Priority changes)' : ''}`
        : `belongs to the ${recognition.layout} layout but the profile declares no ${m.kind === 'InboundConnector' ? 'inbound' : 'outbound'} connector of this name; it stays as it is`,
    }));
  const lines = [
    ...claims.map((c) => `claim ${c.kind} '${c.name}' (no marker: adoptExisting takes it over)`),
    ...describePlan(plan, doc.tenant.name),
  ];
  return { plan, claims, undeclared, lines };
}
