/**
 * How the apply program reads a tenant: which read cmdlets with which parameters, and how their
 * answers combine. Decided here, in TypeScript; the session only runs the calls.
 */
import { ExoParameters, ExoReadableKind, ObservedObject, SessionError, SessionReply } from '../core/exo-model';

/** One read call. */
export interface ReadCall {
  readonly cmdlet: string;
  readonly parameters: ExoParameters;
}

/**
 * The calls that list every object of a kind. Get-OutboundConnector is called both ways with
 * -IncludeTestModeConnectors: its reference says $true lists only test-mode connectors, other
 * sources use it to list all (shared reference exchange-online.md §1.2); the answers are merged,
 * so every connector is seen whichever reading is right.
 */
export const READ_CALLS: { readonly [K in ExoReadableKind]: readonly ReadCall[] } = {
  InboundConnector: [{ cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } }],
  OutboundConnector: [
    { cmdlet: 'Get-OutboundConnector', parameters: { ResultSize: 'Unlimited', IncludeTestModeConnectors: false } },
    { cmdlet: 'Get-OutboundConnector', parameters: { ResultSize: 'Unlimited', IncludeTestModeConnectors: true } },
  ],
  TransportRule: [{ cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } }],
  AcceptedDomain: [{ cmdlet: 'Get-AcceptedDomain', parameters: { ResultSize: 'Unlimited' } }],
};

/** The identity an object is merged by: its Guid, else its Identity or Name. */
function objectKey(o: ObservedObject): string {
  return String(o.Guid ?? o.Identity ?? o.Name ?? JSON.stringify(o)).toLowerCase();
}

/** Objects of several answers, each object once (first answer wins). */
export function mergeAnswers(answers: readonly (readonly ObservedObject[])[]): ObservedObject[] {
  const seen = new Map<string, ObservedObject>();
  for (const list of answers) {
    for (const o of list) {
      const key = objectKey(o);
      if (!seen.has(key)) seen.set(key, o);
    }
  }
  return [...seen.values()];
}

/** Reads every object of `kind` through `read`; the first failed call is returned as the failure. */
export async function readKind(read: (cmdlet: string, parameters: ExoParameters) => Promise<SessionReply>, kind: ExoReadableKind): Promise<{ objects?: ObservedObject[]; failure?: SessionReply; cmdlet: string }> {
  const answers: ObservedObject[][] = [];
  for (const call of READ_CALLS[kind]) {
    const reply = await read(call.cmdlet, call.parameters);
    if (!reply.ok) return { failure: reply, cmdlet: call.cmdlet };
    const r = reply.result;
    answers.push(r === undefined || r === null ? [] : Array.isArray(r) ? r : [r]);
  }
  return { objects: mergeAnswers(answers), cmdlet: READ_CALLS[kind][0].cmdlet };
}

/**
 * Exchange's error as the session reported it, with the form the ExchangeOnlineManagement module
 * uses for server-side errors, `<code>|<Namespace.ExceptionType>|<message>`, split into the
 * exception type and the message.
 */
export function exchangeError(error: SessionError): SessionError {
  const m = /^[^|]*\|([A-Za-z0-9_.]+)\|([\s\S]*)$/.exec(error.message);
  if (!m) return error;
  return { type: m[1].split('.').pop()!, message: m[2].trim() };
}
