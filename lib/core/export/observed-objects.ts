/**
 * Reading the connectors and transport rules export reads back from a tenant: their names, text,
 * list and flag properties, whether a rule is enabled, and which product an object's own names,
 * hosts or headers belong to (what the vendors' tools set, shared reference seppmail365.md §2, §3,
 * and what our profiles declare, lib/profiles). Used by recognise.ts and its parts. Plain data, no
 * I/O.
 */
import { ExoObjectKind, ExoValue, ObservedObject, ObservedState } from '../exo-model';
import { isInDomain } from '../names';
import { readProperty } from '../planner/normalise';
import { ExportProfile, LAYOUT_NAMES, SEPPMAIL_CLOUD_LAYOUT, SEPPMAIL_CLOUD_ZONE, SEPPMAIL_HEADERS } from './layouts';
import { UnmappedObject } from './recognition-types';

/** The kinds export reads and maps. */
export const KINDS: readonly ExoObjectKind[] = ['InboundConnector', 'OutboundConnector', 'TransportRule'];

/** An object's name (Name, else Identity); '' when it has neither. */
export function nameOf(o: ObservedObject): string {
  const n = readProperty(o, 'Name') ?? readProperty(o, 'Identity');
  return n === null || n === undefined ? '' : String(n);
}

/** A text property, trimmed; undefined when absent or blank. */
export function text(o: ObservedObject, property: string): string | undefined {
  const v = readProperty(o, property);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A multi-valued property (an array or a comma-separated string), trimmed, blanks left out. */
export function list(o: ObservedObject, property: string): string[] {
  const v: ExoValue | undefined = readProperty(o, property);
  if (v === null || v === undefined) return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [String(v)];
  return items.map((x) => String(x).trim()).filter((x) => x !== '');
}

/** A boolean property (a boolean or 'true'/'false'); undefined when it is neither. */
export function flag(o: ObservedObject, property: string): boolean | undefined {
  const v = readProperty(o, property);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return undefined;
}

/** Whether two names are both given and equal, ignoring case. */
export const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const startsWith = (name: string, prefix: string): boolean => name.toLowerCase().startsWith(prefix.toLowerCase());
const inZone = (host: string | undefined): boolean => host !== undefined && isInDomain(host.replace(/^\*\./, '').toLowerCase(), SEPPMAIL_CLOUD_ZONE);
/** Whether a domain is a tenant's own onmicrosoft.com domain. */
export const isOnMicrosoft = (d: string): boolean => isInDomain(d, 'onmicrosoft.com');

/** Whether a rule is enabled: rules read back `State` (exchange-online.md §1.7), a declared one `Enabled`. */
export function ruleEnabled(o: ObservedObject): boolean {
  const state = text(o, 'State');
  if (state !== undefined) return state.toLowerCase() === 'enabled';
  return flag(o, 'Enabled') !== false;
}

/** The headers a rule sets, tests or removes. */
function ruleHeaders(o: ObservedObject): string[] {
  const props = ['SetHeaderName', 'RemoveHeader', 'HeaderContainsMessageHeader', 'HeaderMatchesMessageHeader', 'ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderMatchesMessageHeader'];
  return props.map((p) => text(o, p)?.toLowerCase()).filter((h): h is string => h !== undefined);
}

/** The product an object's own name, hosts or headers belong to, if any. */
export function productOf(kind: ExoObjectKind, o: ObservedObject): ExportProfile | 'seppmail' | undefined {
  const name = nameOf(o);
  if (startsWith(name, SEPPMAIL_CLOUD_LAYOUT.namePrefix)) return 'seppmail-cloud';
  for (const [product, names] of Object.entries(LAYOUT_NAMES) as [ExportProfile, typeof LAYOUT_NAMES[ExportProfile]][]) {
    if (startsWith(name, names.namePrefix)) return product;
  }
  if (kind === 'TransportRule') return ruleHeaders(o).some((h) => SEPPMAIL_HEADERS.includes(h)) ? 'seppmail' : undefined;
  if ([...list(o, 'SmartHosts'), text(o, 'TlsDomain'), text(o, 'TlsSenderCertificateName')].some((h) => inZone(h))) return 'seppmail-cloud';
  return undefined;
}

/** Everything not mapped, with one reason for all. */
export function allUnmapped(o: ObservedState, reason: (kind: ExoObjectKind, object: ObservedObject) => string): UnmappedObject[] {
  return KINDS.flatMap((kind) => (o[kind] ?? []).map((x) => ({ kind, name: nameOf(x), reason: reason(kind, x) })));
}
