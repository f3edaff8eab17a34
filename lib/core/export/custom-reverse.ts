/**
 * Reading connectors and transport rules back into the options of `GatewayProfile.custom`, for
 * `exo-gateway export` (custom-layout.ts): each read-back value goes back through the descriptor
 * that emits it (lib/core/connector-parameters.ts) in reverse, and a value left out is one the
 * options give by default. A parameter of the object's cmdlets (exo-catalogue.ts) that holds a
 * value no option expresses is a problem, named with the reason: the layout is not guessed.
 * Plain data, no I/O.
 */
import { ConnectorParameter } from '../connector-parameters';
import { EXO_CATALOGUE } from '../exo-catalogue';
import { ExoObjectKind, ExoValue, MANAGED_MARKER, ObservedObject } from '../exo-model';
import { readProperty, stripAddressSpace } from '../planner/normalise';
import { flag, list, text } from './observed-objects';

/** A value read back and not expressible, with the reason. */
export type Problems = string[];

/**
 * Exchange's documented defaults that are not false, null or empty (cmdlet reference, "This
 * value is the default"; shared reference exchange-online.md §1.3-§1.5): a parameter at its
 * default needs no option.
 */
const EXCHANGE_DEFAULTS: { readonly [kind in ExoObjectKind]: { readonly [parameter: string]: string } } = {
  InboundConnector: {},
  OutboundConnector: { MtaStsMode: 'Opportunistic', SmtpDaneMode: 'Opportunistic' },
  TransportRule: { Mode: 'Enforce', RuleErrorAction: 'Ignore', SenderAddressLocation: 'Header' },
};

/** Parameters that are no setting: the key, the prompt switch, validation bookkeeping (Set-OutboundConnector). */
const BOOKKEEPING = ['Identity', 'Confirm', 'Name', 'IsValidated', 'LastValidationTimestamp', 'ValidationRecipients'];

/** Whether a read-back value holds something: not null, blank, empty, false or the documented default. */
export function holdsValue(kind: ExoObjectKind, parameter: string, v: ExoValue | undefined): boolean {
  if (v === null || v === undefined || v === false || v === '') return false;
  if (Array.isArray(v)) return v.some((x) => String(x).trim() !== '');
  if (typeof v === 'string' && v.trim().toLowerCase() === 'false') return false;
  const d = EXCHANGE_DEFAULTS[kind][parameter];
  return d === undefined || String(v).toLowerCase() !== d.toLowerCase();
}

/** The settable parameters of `kind` (New- and Set- of the catalogue) not in `handled`, that hold a value on `o`. */
export function unexpressed(kind: ExoObjectKind, o: ObservedObject, handled: readonly string[]): Problems {
  const skip = new Set([...BOOKKEEPING, ...handled].map((p) => p.toLowerCase()));
  const names = new Set([...Object.keys(EXO_CATALOGUE[`New-${kind}`].parameters), ...Object.keys(EXO_CATALOGUE[`Set-${kind}`].parameters)]);
  return [...names]
    .filter((p) => !skip.has(p.toLowerCase()) && holdsValue(kind, p, readProperty(o, p)))
    .map((p) => `${p} ${JSON.stringify(readProperty(o, p))}: GatewayProfile.custom has no option for ${p}`);
}

/** The text before the managed marker (a comment export adopts keeps its own words), undefined when blank. */
export function ownComment(o: ObservedObject, property: 'Comment' | 'Comments'): string | undefined {
  const c = text(o, property);
  const own = c === undefined ? undefined : c.split(MANAGED_MARKER)[0].trim();
  return own ? own : undefined;
}

/** A read-back value of an enum, spelled as the enum's value; undefined when it is none of them. */
export function enumValue(values: readonly string[], v: string | undefined): string | undefined {
  return v === undefined ? undefined : values.find((x) => x.toLowerCase() === v.toLowerCase());
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The options of a connector's described parameters from what it reads back: `defaults` are the
 * values the profile fills in when an option is left out (per tenant: smart hosts, TlsDomain),
 * `enums` the values of each enum parameter. Problems are added for values no option expresses.
 */
export function describedOptions(
  o: ObservedObject,
  descriptors: readonly ConnectorParameter[],
  defaults: { readonly [prop: string]: boolean | string | readonly string[] | undefined },
  enums: { readonly [exchange: string]: readonly string[] },
  problems: Problems,
): { [prop: string]: boolean | string | string[] } {
  const options: { [prop: string]: boolean | string | string[] } = {};
  for (const d of descriptors) {
    if (d.prop === undefined) continue;
    const given = d.prop in defaults ? defaults[d.prop] : d.defaultValue;
    const raw = readProperty(o, d.exchange);
    if (d.kind === 'boolean' || d.kind === 'flag') {
      const v = flag(o, d.exchange) ?? false;
      if (v !== (given ?? false) && !(d.kind === 'flag' && !v)) options[d.prop] = v;
    } else if (d.kind === 'enum') {
      const v = enumValue(enums[d.exchange] ?? [], text(o, d.exchange));
      if (v === undefined) problems.push(`${d.exchange} ${JSON.stringify(raw ?? null)}: GatewayProfile.custom's ${d.prop} takes ${(enums[d.exchange] ?? []).join(', ')}`);
      else if (v !== given || d.defaultValue === undefined) options[d.prop] = v;
    } else if (d.kind === 'texts' || d.kind === 'names') {
      const v = list(o, d.exchange).map((x) => (d.kind === 'names' ? stripAddressSpace(x).toLowerCase() : x));
      const fallback = Array.isArray(given) ? (given as string[]) : [];
      if (v.length === 0 && fallback.length > 0) problems.push(`${d.exchange} is empty: GatewayProfile.custom's ${d.prop} gives ${fallback.join(', ')} when left out and cannot be empty`);
      else if (!sameList(v, fallback)) options[d.prop] = v;
    } else {
      const v = d.kind === 'name' ? text(o, d.exchange)?.toLowerCase() : text(o, d.exchange);
      if (v === undefined && given !== undefined) problems.push(`${d.exchange} is not set: GatewayProfile.custom's ${d.prop} gives ${String(given)} when left out`);
      else if (v !== undefined && v !== given) options[d.prop] = v;
    }
  }
  return options;
}
