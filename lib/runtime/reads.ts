/**
 * How the apply program reads a tenant: which read cmdlets with which parameters, and how their
 * answers combine. Decided here, in TypeScript; the session only runs the calls.
 */
import { ExoParameters, ExoReadableKind, ExoValue, ObservedObject, SessionError, SessionReply } from '../core/exo-model';

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

/** What reading a kind gave: the merged objects, or the first failed call; and the warnings of the calls. */
export interface KindRead {
  readonly objects?: ObservedObject[];
  readonly failure?: SessionReply;
  readonly cmdlet: string;
  /** Warnings Exchange printed while reading, each prefixed by its cmdlet (`Get-X: text`). */
  readonly warnings: string[];
}

/** Reads every object of `kind` through `read`; the first failed call is returned as the failure. */
export async function readKind(read: (cmdlet: string, parameters: ExoParameters) => Promise<SessionReply>, kind: ExoReadableKind): Promise<KindRead> {
  const answers: ObservedObject[][] = [];
  const warnings: string[] = [];
  for (const call of READ_CALLS[kind]) {
    const reply = await read(call.cmdlet, call.parameters);
    for (const warning of reply.warnings ?? []) warnings.push(`${call.cmdlet}: ${warning}`);
    if (!reply.ok) return { failure: reply, cmdlet: call.cmdlet, warnings };
    const r = reply.result;
    answers.push(r === undefined || r === null ? [] : Array.isArray(r) ? r : [r]);
  }
  return { objects: mergeAnswers(answers), cmdlet: READ_CALLS[kind][0].cmdlet, warnings };
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

/** Exchange's length error (KB 4014351); it does not say which parameter was too long. */
const LENGTH_ERROR = /The maximum length is (\d+) and the length of the value provided is (\d+)\./;

/**
 * `exchangeError`, and for a length error that does not name its parameter, the parameter(s) of
 * the request whose value has the reported length (or, failing that, is over the maximum),
 * appended as `(parameter 'X')`. Lengths are counted as given and, for lists, also in the
 * `smtp:<domain>;1` form Exchange counts SenderDomains in (KB 4014351, separators counted).
 */
export function exchangeErrorFor(error: SessionError, parameters: ExoParameters): SessionError {
  const e = exchangeError(error);
  const m = LENGTH_ERROR.exec(e.message);
  if (!m || /\(parameters? '[^']+'/.test(e.message)) return e;
  const maximum = Number(m[1]);
  const length = Number(m[2]);
  const entries = Object.entries(parameters ?? {});
  let names = entries.filter(([, value]) => valueLengths(value).includes(length)).map(([name]) => name);
  if (names.length === 0) names = entries.filter(([, value]) => valueLengths(value).some((l) => l > maximum)).map(([name]) => name);
  if (names.length === 0) return e;
  return { type: e.type, message: `${e.message} (parameter${names.length > 1 ? 's' : ''} ${names.map((name) => `'${name}'`).join(', ')})` };
}

function valueLengths(value: ExoValue): number[] {
  if (typeof value === 'string') return [value.length];
  if (!Array.isArray(value)) return [];
  const asGiven = value.join(',').length;
  const addressSpace = value.map((item) => (/^smtp:/i.test(item) ? item : `smtp:${item};1`)).join(',').length;
  return [asGiven, addressSpace];
}
