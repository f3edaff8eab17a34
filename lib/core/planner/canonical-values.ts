/**
 * Canonical values for the planner's comparisons (normalise.ts): text with its line endings as
 * `\n` (Exchange may hand back `\r\n`), booleans and numbers from their JSON-string forms, dates
 * as the instant they name (also Windows PowerShell's `/Date(<ms>)/` form), sets sorted and
 * lower-cased, domains without the address-space form `smtp:<domain>;<cost>`.
 *
 * Pure: no I/O.
 */
import { ExoValue } from '../exo-model';

/** A value in canonical form: names lower-cased, sets sorted, empties as `null`. */
export type CanonicalValue = string | number | boolean | string[] | null;

/** `smtp:contoso.com;1` -> `contoso.com`; other text unchanged. */
export function stripAddressSpace(value: string): string {
  const m = /^\s*smtp:(.*?)(;\s*\d+)?\s*$/i.exec(value);
  return m ? m[1].trim() : value.trim();
}

/** `true` = `'True'` = `'$true'`; `1`/`0` as true/false; empty as null. */
export function toBoolean(value: ExoValue): CanonicalValue {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : value;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === '') return null;
    if (t === 'true' || t === '$true') return true;
    if (t === 'false' || t === '$false') return false;
    return value.trim(); // unparseable: kept so that it differs from any boolean
  }
  return canonicalText(value);
}

/** `5` = `'5'`; empty as null; other text kept, so it differs from any number. */
export function toNumber(value: ExoValue): CanonicalValue {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return null;
    if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
    return t;
  }
  return canonicalText(value);
}

/** Text as Exchange means it: CRLF and lone CR are the same line break as LF. */
function lineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Trimmed text, line endings as `\n`; empty as null; a one-element list as its element. */
export function canonicalText(value: ExoValue): CanonicalValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    // A single-valued property read back as a list: its one element, or nothing.
    const items = value.map((v) => lineEndings(String(v)).trim()).filter((v) => v !== '');
    if (items.length === 0) return null;
    return items.length === 1 ? items[0] : items.join(',');
  }
  const t = lineEndings(String(value)).trim();
  return t === '' ? null : t;
}

/** ISO 8601 date, or date and time, with an optional zone (`Z`, `+01:00`, `+0100`). */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[t ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The instant a date value names, as an ISO string in UTC: `2027-01-01T10:00:00+01:00` and
 * `2027-01-01T09:00:00Z` are the same; so is Windows PowerShell's JSON form `/Date(1798794000000)/`.
 * An ISO text without a zone is read as UTC. Any other text (e.g. a culture-specific short date,
 * whose meaning depends on the machine that reads it) is kept as it is, so it differs.
 */
export function toDate(value: ExoValue): CanonicalValue {
  const t = canonicalText(value);
  if (typeof t !== 'string') return t;
  const json = /^\\?\/Date\((-?\d+)(?:[+-]\d{4})?\)\\?\/$/.exec(t);
  if (json) return new Date(Number(json[1])).toISOString();
  const iso = ISO_DATE.exec(t);
  if (!iso) return t;
  const zone = iso[3] === undefined ? 'Z' : iso[3].toUpperCase() === 'Z' ? 'Z' : iso[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${iso[1]}T${iso[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

/** A sorted, lower-cased set of the non-empty items (each passed through `item` first); empty as null. */
export function toSet(value: ExoValue, item: (s: string) => string): CanonicalValue {
  if (value === null || value === undefined) return null;
  const list = Array.isArray(value) ? value : [value];
  const items = new Set<string>();
  for (const v of list) {
    if (v === null || v === undefined) continue;
    const s = lineEndings(item(String(v))).trim().toLowerCase();
    if (s !== '') items.add(s);
  }
  if (items.size === 0) return null;
  return [...items].sort();
}
/** True when two canonical values are the same setting. */
export function canonicalEqual(a: CanonicalValue, b: CanonicalValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}
