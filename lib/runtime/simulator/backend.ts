/**
 * The simulated Exchange Online backend: every cmdlet semantic the library depends on, over the
 * per-tenant state of store.ts (moto's models.py). It binds parameters like PowerShell against
 * the catalogue (unknown names, missing mandatory parameters, type conversion, enum values
 * case-insensitive and stored in Exchange's spelling), then applies the documented behaviour of
 * exchange-online.md §1:
 *
 * - names unique per kind (case-insensitive); Name ≤ 64 on connectors and rules, rule
 *   Comments ≤ 1024; every length error names its parameter;
 * - inbound `SenderDomains` stored as `smtp:<domain>;1` (≤ 2243 characters in that form,
 *   KB 4014351); wildcards only as `*` or a leading `*.` (§1.5.7); SenderIPAddresses IPv4 /24–/32;
 *   AssociatedAcceptedDomains must be accepted domains;
 * - §1.5 combinations: TreatMessagesAsInternal, UseMXRecord $false without SmartHosts,
 *   AllAcceptedDomains / RouteAllMessagesViaOnPremises / SenderRewritingEnabled without
 *   OnPremises, SetHeaderName without SetHeaderValue (checked on the resulting object, so Set
 *   sees what New set earlier);
 * - rule Priority exactly as §1.3: New at an occupied value shifts that rule and all lower ones by
 *   one (range 0..n, default n = last); Set moves the rule within 0..n-1; out of range fails with
 *   Exchange's text;
 * - rules read back `State`, never `Enabled`; Set-TransportRule has no -Enabled (the catalogue
 *   rejects it); Enable-TransportRule [-Mode] / Disable-TransportRule change State;
 * - Set overwrites multi-valued properties given as a list, and edits a MultiValuedProperty in
 *   place when given `@{Add=…; Remove=…}` (a JSON object with Add/Remove keys on the protocol);
 *   a Set that changes nothing warns like Exchange and leaves WhenChanged alone; New-* returns
 *   the new object, other cmdlets return nothing;
 * - an outbound connector still named by a rule's RouteMessageOutboundConnector cannot be
 *   removed; renaming it updates the rules that name it;
 * - TlsDomain only with TlsSettings DomainValidation; header conditions with both halves of
 *   their pair (…MessageHeader with …Words / …Patterns);
 * - a restricted service offering (§2.5): New-InboundConnector creates the connector disabled and
 *   warns; Set-InboundConnector -Enabled $true warns and leaves it disabled;
 * - accepted domains exist only as seeded (New-/Remove-AcceptedDomain are on-premises only);
 *   Set-AcceptedDomain changes DomainType / MatchSubDomains / OutboundOnly / Sending*Disabled for
 *   admins' edits and tests. It is served by the backend only: the library's session allow-list
 *   (the catalogue) does not contain it.
 *
 * Not modelled (documented as unconfirmed or irrelevant): RecipientDomains on a rule-scoped
 * connector, SmartHosts with UseMXRecord $true, rule size and regex limits.
 *
 * The cmdlets live by behaviour in backend-binding.ts (parameter binding), backend-values.ts
 * (stored values), backend-validate.ts (combination rules), backend-get.ts,
 * backend-connectors.ts, backend-transport-rules.ts, backend-steps.ts (shared steps) and
 * backend-warnings.ts; this module dispatches a cmdlet to them and re-exports their public names.
 */
import { randomUUID } from 'crypto';
import { ExoParameters, ExoReadableKind, ObservedObject } from '../../core/exo-model';
import { BoundParameters, bindParameters, SimParameters } from './backend-binding';
import { newConnector, setAcceptedDomain, setConnector } from './backend-connectors';
import { getCmdlet } from './backend-get';
import { HandlerContext, HandlerResult, removeObject } from './backend-steps';
import { newRule, setRule, setRuleState } from './backend-transport-rules';
import { CommandNotFoundError } from './errors';
import { cloneObject } from './objects';
import { SimulatorStore, TenantState } from './store';

export type { BoundParameters, SimParameters, SimValue } from './backend-binding';
export { bindParameters, MultiValuedEdit, simulatorCmdlet } from './backend-binding';
export { isValidDomainPattern, SENDER_DOMAINS_MAX_LENGTH } from './backend-values';
export {
  INBOUND_CREATED_DISABLED_WARNING,
  INBOUND_ENABLE_RESTRICTED_WARNING,
  MORE_RESULTS_WARNING,
  noChangeWarning,
  TEST_MODE_CONNECTORS_WARNING,
} from './backend-warnings';

/** What an invoke returns: the cmdlet's output (New-*: the object; Get-*: a list; others: null) and its warnings. */
export interface InvokeOutcome {
  readonly result: ObservedObject | ObservedObject[] | null;
  readonly warnings: string[];
}

export interface ExoSimBackendOptions {
  /** Clock for WhenCreated/WhenChanged. @default - the system clock */
  readonly now?: () => Date;
  /** Guid factory. @default crypto.randomUUID */
  readonly newGuid?: () => string;
}

type Handler = (state: TenantState, bound: BoundParameters) => HandlerResult;

export class ExoSimBackend {
  readonly store: SimulatorStore;
  private readonly handlers: { [cmdlet: string]: Handler };

  constructor(store: SimulatorStore, options: ExoSimBackendOptions = {}) {
    this.store = store;
    const context: HandlerContext = { now: options.now ?? (() => new Date()), newGuid: options.newGuid ?? (() => randomUUID()) };
    this.handlers = {
      'Get-InboundConnector': (state, bound) => getCmdlet(state, 'InboundConnector', bound),
      'Get-OutboundConnector': (state, bound) => getCmdlet(state, 'OutboundConnector', bound),
      'Get-TransportRule': (state, bound) => getCmdlet(state, 'TransportRule', bound),
      'Get-AcceptedDomain': (state, bound) => getCmdlet(state, 'AcceptedDomain', bound),
      'New-InboundConnector': (state, bound) => newConnector(context, state, 'InboundConnector', bound),
      'Set-InboundConnector': (state, bound) => setConnector(context, state, 'InboundConnector', bound),
      'Remove-InboundConnector': (state, bound) => removeObject(state, 'InboundConnector', bound),
      'New-OutboundConnector': (state, bound) => newConnector(context, state, 'OutboundConnector', bound),
      'Set-OutboundConnector': (state, bound) => setConnector(context, state, 'OutboundConnector', bound),
      'Remove-OutboundConnector': (state, bound) => removeObject(state, 'OutboundConnector', bound),
      'New-TransportRule': (state, bound) => newRule(context, state, bound),
      'Set-TransportRule': (state, bound) => setRule(context, state, bound),
      'Remove-TransportRule': (state, bound) => removeObject(state, 'TransportRule', bound),
      'Enable-TransportRule': (state, bound) => setRuleState(context, state, bound, 'Enabled'),
      'Disable-TransportRule': (state, bound) => setRuleState(context, state, bound, 'Disabled'),
      'Set-AcceptedDomain': (state, bound) => setAcceptedDomain(context, state, bound),
    };
  }

  /** Every object of `kind` in the tenant, test-mode connectors included (inspection API for tests). */
  get(organization: string, kind: ExoReadableKind): ObservedObject[] {
    return this.store.requireTenant(organization)[kind].map(cloneObject);
  }

  /** Runs `cmdlet` with named `parameters` in the tenant; throws an ExoSimError on failure. */
  invoke(organization: string, cmdlet: string, parameters: SimParameters | ExoParameters): InvokeOutcome {
    const { spec, bound } = bindParameters(cmdlet, parameters);
    const handler = this.handlers[spec.cmdlet];
    if (!handler) throw new CommandNotFoundError(cmdlet);
    const state = this.store.requireTenant(organization);
    const outcome = handler(state, bound);
    if (outcome.changed) this.store.writeTenant(state);
    return { result: outcome.result, warnings: outcome.warnings };
  }
}
