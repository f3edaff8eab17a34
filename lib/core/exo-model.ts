/**
 * The Exchange Online vocabulary shared by every layer: object kinds, parameter values, the
 * per-tenant desired-state document that synth writes and the apply-time program reads, the
 * steps the planner emits, and the line protocol spoken with an Exchange session.
 *
 * Plain data only: no cdktf import, no I/O. Parameter names are the exact Exchange Online
 * cmdlet parameter names (see exo-catalogue.ts).
 */

import { ExchangeTransportValue, RulePlacementValue } from './enums';

export type { ExchangeTransportValue, RulePlacementValue } from './enums';

/** The kinds of Exchange Online object this library manages, named as the cmdlet noun. */
export type ExoObjectKind = 'InboundConnector' | 'OutboundConnector' | 'TransportRule';

/** Kinds the session can read; AcceptedDomain is read-only in Exchange Online. */
export type ExoReadableKind = ExoObjectKind | 'AcceptedDomain';

/** A parameter value as it crosses the JSON boundary (MultiValuedProperty = string[]). */
export type ExoValue = string | number | boolean | string[] | null;

/** Named cmdlet parameters, splatted as they are by the session. */
export type ExoParameters = { [parameter: string]: ExoValue };

/** Text put into an object's Comment (connectors) or Comments (rules) to mark it as ours. */
export const MANAGED_MARKER = '#managed-by:cdktf-exo-gateway';

/**
 * The marker followed by the object's stable id, as the desired state writes it:
 * `#managed-by:cdktf-exo-gateway id=<id>`. The id survives a rename by hand, so the planner can
 * find the object again and rename it back instead of creating a second one. The marker text
 * itself is unchanged, so whatever looks for {@link MANAGED_MARKER} still finds it.
 */
export function markerWithId(marker: string, id: string): string {
  return `${marker} id=${id}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The id pattern per marker: a fleet has one marker, and each object of each tenant is looked up. */
const idPatterns = new Map<string, RegExp>();

/** The stable id written right after `marker` in `text` (see {@link markerWithId}); undefined when there is none. */
export function managedIdIn(text: ExoValue | undefined, marker: string): string | undefined {
  if (typeof text !== 'string' || marker === '') return undefined;
  const at = text.indexOf(marker);
  if (at < 0) return undefined;
  let pattern = idPatterns.get(marker);
  if (pattern === undefined) {
    pattern = new RegExp(`${escapeRegExp(marker)} id=([0-9A-Za-z_-]+)`);
    if (idPatterns.size < 100) idPatterns.set(marker, pattern);
  }
  const m = pattern.exec(text);
  return m ? m[1] : undefined;
}

/** Identifies the desired-state document format. */
export const DOCUMENT_SCHEMA = 'cdktf-exo-gateway/tenant-desired-state@1';

/**
 * The folder of a synthesized stack that holds every tenant's desired-state document, one file
 * per document named by its content hash (`<sha256>.json`). Terraform holds only the hash.
 */
export const DOCUMENTS_FOLDER = 'exo-gateway-documents';

/**
 * The file that takes the documents' place in {@link DOCUMENTS_FOLDER} when synth reported error
 * findings and went on anyway (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS): it lists the errors,
 * and a converge step that finds it instead of its document refuses to run.
 */
export const SYNTH_ERRORS_FILE = 'synth-errors.txt';

/**
 * The app id written into a document whose app is declared in the same stack: Terraform knows
 * the id only at apply time and hands it to the program beside the document (`EXO_APP_ID`).
 */
export const APP_ID_FROM_TERRAFORM = 'cdktf-exo-gateway:app-id-from-terraform';

/** Where the apply step finds the app-only certificate on the runner: references, never the secret. */
export interface ExchangeAccessReference {
  /** Application (client) id of the Entra app used for app-only Exchange Online access. */
  readonly appId: string;
  /** The tenant's initial `*.onmicrosoft.com` domain, passed as `-Organization`. */
  readonly organization: string;
  /** Path on the runner of a PFX file with the app certificate and its private key. */
  readonly certificateFile?: string;
  /** Name of an environment variable on the runner holding the PFX, base64-encoded. */
  readonly certificateEnv?: string;
  /** Name of an environment variable on the runner holding the PFX password (optional). */
  readonly certificatePasswordEnv?: string;
  /**
   * How the apply program reaches Exchange Online: absent or `powershell` = a PowerShell session
   * with the ExchangeOnlineManagement module; `adminApi` = the REST admin endpoint
   * (`/adminapi/beta/{tenant}/InvokeCommand`) with an app-only token.
   */
  readonly transport?: ExchangeTransportValue;
}


/** One object of the desired state, with its exact New-* parameters (Name included). */
export interface DesiredObject {
  readonly kind: ExoObjectKind;
  /** Unique name within its kind in the tenant (Exchange limit 64 characters). */
  readonly name: string;
  /**
   * Parameters as they would be passed to `New-<kind>`, including `Name` and the
   * `Comment`/`Comments` that carries {@link MANAGED_MARKER}. For transport rules `Enabled` is
   * included (New-TransportRule only). The profiles declare no `Priority`: the planner derives
   * priorities from the order of the rules in {@link TenantDesiredState.objects} and
   * {@link TenantDesiredState.rulePlacement}. A rule that does declare one (a whole number from 0)
   * is kept at that priority of the tenant's rule list, the other managed rules placed around it.
   */
  readonly parameters: ExoParameters;
  /**
   * Transport rules only: converge clears conditions, exceptions and actions found on the rule
   * that are not declared (added by hand). Absent (the default): they are left and reported by drift.
   */
  readonly strict?: boolean;
}


/** The per-tenant desired-state document written into the synthesized stack. */
export interface TenantDesiredState {
  readonly schema: string;
  readonly tenant: {
    /** Human name of the tenant (the construct id), used in messages. */
    readonly name: string;
    /** Entra tenant id (GUID, lower case). */
    readonly tenantId: string;
    /** The tenant's initial `*.onmicrosoft.com` domain. */
    readonly initialDomain: string;
    /** Mail domains of this tenant served by the gateway; each must be an accepted domain. */
    readonly managedDomains: string[];
  };
  readonly access: ExchangeAccessReference;
  /** The marker text that identifies objects managed by this library. */
  readonly marker: string;
  /** True when the tenant is retired: converge removes every managed object and creates none. */
  readonly retired: boolean;
  /** True to take over unmarked objects whose names are declared here (migration from a vendor module). */
  readonly adoptExisting: boolean;
  readonly rulePlacement: RulePlacementValue;
  /** Objects in creation order: inbound connector, outbound connector, then rules in priority order. */
  readonly objects: DesiredObject[];
  /**
   * Set (true) for layouts where every mail domain of the tenant must reach Exchange Online through
   * the gateway (MX at the gateway behind a certificate-restricted Partner connector: SEPPmail.cloud
   * inline, NoSpamProxy): converge then refuses, before any change, a tenant with an accepted domain
   * outside `managedDomains` other than `*.onmicrosoft.com`. Absent in every other document.
   */
  readonly requireAllAcceptedDomainsManaged?: boolean;
}

/** An object as read back from Exchange (property name -> value), normalised to JSON values. */
export type ObservedObject = { [property: string]: ExoValue };

/** What the tenant holds now, per kind, as the session returned it. */
export interface ObservedState {
  readonly InboundConnector: ObservedObject[];
  readonly OutboundConnector: ObservedObject[];
  readonly TransportRule: ObservedObject[];
}

/** One parameter that differs between Exchange and the desired state. */
export interface ParameterChange {
  readonly parameter: string;
  readonly current: ExoValue;
  readonly desired: ExoValue;
}

export type PlanAction = 'New' | 'Set' | 'Enable' | 'Disable' | 'Remove';

/** One allow-listed cmdlet call with named parameters. */
export interface PlanStep {
  readonly action: PlanAction;
  readonly kind: ExoObjectKind;
  readonly name: string;
  /** e.g. `Set-InboundConnector`. */
  readonly cmdlet: string;
  /** Named parameters, splatted as they are (Identity for Set/Enable/Disable/Remove). */
  readonly parameters: ExoParameters;
  /** For Set steps: what differs. */
  readonly changes?: ParameterChange[];
}

/** The planner's answer for one tenant. */
export interface TenantPlan {
  readonly steps: PlanStep[];
  /** Problems that forbid running any step (e.g. an unmanaged object holds a declared name). */
  readonly blockers: string[];
}

// ---------------------------------------------------------------------------------------------
// Session line protocol (one JSON object per line, both directions)
// ---------------------------------------------------------------------------------------------

/** First line a session writes after connecting (or failing to). */
export interface SessionHello {
  readonly type: 'ready' | 'fatal';
  /** Tenant id of the connected organization (from Get-ConnectionInformation). */
  readonly tenantId?: string;
  readonly organization?: string;
  readonly error?: SessionError;
}

export type SessionRequest =
  | { readonly id: number; readonly op: 'get'; readonly cmdlet: string; readonly parameters: ExoParameters }
  | { readonly id: number; readonly op: 'invoke'; readonly cmdlet: string; readonly parameters: ExoParameters }
  | { readonly id: number; readonly op: 'close' };

export interface SessionError {
  /** Exception type or error category, e.g. `ParameterBindingException`. */
  readonly type: string;
  readonly message: string;
}

export interface SessionReply {
  readonly id: number;
  readonly ok: boolean;
  /** `get`: array of objects; `invoke`: the object the cmdlet returned, or null. */
  readonly result?: ObservedObject[] | ObservedObject | null;
  readonly error?: SessionError;
  /** Warnings Exchange printed (e.g. "created in a disabled state"). */
  readonly warnings?: string[];
}
