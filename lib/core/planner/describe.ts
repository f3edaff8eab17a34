/**
 * The plan as people read it: one line per step (`+` new, `~` change, `-` remove) and a summary.
 *
 * Pure: no I/O.
 */
import { ExoValue, PlanStep, TenantPlan } from '../exo-model';
import { formatForMessage } from './plan-objects';

/** A value as the what-if output shows it. */
export function formatValue(value: ExoValue | undefined): string {
  return formatForMessage(value);
}

const SYMBOL: { readonly [A in PlanStep['action']]: string } = { New: '+', Set: '~', Enable: '~', Disable: '~', Remove: '-' };

/** One line for one step, e.g. `~ Set-OutboundConnector '[SEPPmail] ExchangeOnline -> Appliance': SmartHosts [a] -> [b]`. */
export function describeStep(s: PlanStep): string {
  let line = `${SYMBOL[s.action]} ${s.cmdlet} '${s.name}'`;
  if (s.action === 'New' && s.parameters.Priority !== undefined && s.parameters.Priority !== null) {
    line += ` (Priority ${s.parameters.Priority})`;
  }
  if (s.action === 'Set' && s.changes && s.changes.length > 0) {
    line += ': ' + s.changes.map((c) => `${c.parameter} ${formatValue(c.current)} -> ${formatValue(c.desired)}`).join('; ');
  }
  return line;
}

/**
 * The plan as human-readable lines for what-if output: a summary line, then one line per
 * blocker (`! …`) or per step (`+` new, `~` change, `-` remove). Steps carry no secrets, and
 * nothing of the desired state's access section is printed.
 */
export function describePlan(plan: TenantPlan, tenantName: string): string[] {
  if (plan.blockers.length > 0) {
    return [
      `Tenant '${tenantName}': blocked, nothing will be changed (${plan.blockers.length} problem${plan.blockers.length === 1 ? '' : 's'})`,
      ...plan.blockers.map((b) => `! ${b}`),
    ];
  }
  if (plan.steps.length === 0) return [`Tenant '${tenantName}': no changes; Exchange Online matches the desired state`];
  const count = (actions: PlanStep['action'][]): number => plan.steps.filter((s) => actions.includes(s.action)).length;
  return [
    `Tenant '${tenantName}': ${count(['New'])} to add, ${count(['Set', 'Enable', 'Disable'])} to change, ${count(['Remove'])} to remove`,
    ...plan.steps.map(describeStep),
  ];
}
