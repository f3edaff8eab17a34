/**
 * Normalisation of Exchange Online read-back forms, so that the planner compares like with like.
 *
 * Exchange does not give back what it was given: `SenderDomains *` reads `smtp:*;1`, connectors
 * made in the admin center read `ConnectorSource AdminUI`, transport rules expose `State` instead
 * of `Enabled`, booleans and numbers may cross the JSON boundary as strings, and a list set to
 * nothing reads back as `null`. Each normaliser turns one object (read back, or declared) into a
 * canonical form in which two values are equal exactly when Exchange would treat them as the
 * same setting:
 *
 * - text (Comment, Comments, header values): trimmed, case kept, line endings as `\n` (Exchange
 *   may hand back `\r\n` for `\n`); `null` = `''`;
 * - names (enum values, domains, host names, header names, object identities): trimmed and
 *   compared case-insensitively; `null` = `''`;
 * - enum aliases: `ConnectorSource AdminUI` = `Default`;
 * - documented defaults: a read-back `null` or empty value of a parameter whose Exchange default
 *   is a value (ParameterSpec.defaultValue in the catalogue, e.g. `ConnectorSource Default`,
 *   `Mode Enforce`) is that value;
 * - dates (DateTime parameters, e.g. a rule's ActivationDate/ExpiryDate): the instant, whatever
 *   offset it is written in (`10:00+01:00` = `09:00Z`), also in the `/Date(<ms>)/` JSON form;
 * - multi-valued properties: sets (order, case and duplicates ignored); `null` = `''` = `[]`;
 * - domains: the address-space form `smtp:<domain>;<cost>` = `<domain>`;
 * - booleans: `true` = `'True'` = `'$true'`; numbers: `5` = `'5'`;
 * - transport rules: `State Enabled|Disabled` = `Enabled $true|$false`; `Priority` as a number.
 *
 * Pure: no I/O. *
 * The value kind of each property lives in property-kinds.ts, the canonical forms of values in
 * canonical-values.ts.
 */
import { EXO_CATALOGUE, cmdletFor } from '../exo-catalogue';
import { ExoObjectKind, ExoParameters, ExoValue, ObservedObject } from '../exo-model';
import { CanonicalValue, canonicalText, stripAddressSpace, toBoolean, toDate, toNumber, toSet } from './canonical-values';
import { ENUM_ALIASES, lookup, valueKindOf } from './property-kinds';

export type { CanonicalValue } from './canonical-values';
export { canonicalEqual, stripAddressSpace } from './canonical-values';
export type { ValueKind } from './property-kinds';
export { INBOUND_CONNECTOR_PROPERTIES, OUTBOUND_CONNECTOR_PROPERTIES, TRANSPORT_RULE_PROPERTIES, valueKindOf } from './property-kinds';

/** An object with every property in canonical form. */
export type NormalisedObject = { [property: string]: CanonicalValue };

/**
 * The canonical form of one value of `parameter` on an object of `kind`. `like` (the declared
 * value) decides the comparison for parameters this module and the catalogue do not know.
 */
export function normaliseValue(
  kind: ExoObjectKind,
  parameter: string,
  value: ExoValue | undefined,
  like?: ExoValue,
): CanonicalValue {
  const v: ExoValue = value === undefined ? null : value;
  const canonical = canonicalOf(kind, parameter, v, like);
  if (canonical !== null) return canonical;
  // Nothing read back: the documented default, where Exchange has one.
  const fallback = documentedDefault(kind, parameter);
  return fallback === undefined ? null : canonicalOf(kind, parameter, fallback, like);
}

/** The value Exchange documents as the default of `parameter` on New-/Set-<kind>, if any. */
export function documentedDefault(kind: ExoObjectKind, parameter: string): ExoValue | undefined {
  for (const action of ['New', 'Set'] as const) {
    const spec = lookup(EXO_CATALOGUE[cmdletFor(action, kind)]?.parameters, parameter);
    if (spec?.defaultValue !== undefined) return spec.defaultValue;
  }
  return undefined;
}

function canonicalOf(kind: ExoObjectKind, parameter: string, v: ExoValue, like?: ExoValue): CanonicalValue {
  switch (valueKindOf(kind, parameter, like)) {
    case 'boolean':
      return toBoolean(v);
    case 'number':
      return toNumber(v);
    case 'date':
      return toDate(v);
    case 'set':
      return toSet(v, (s) => s);
    case 'domainSet':
      return toSet(v, stripAddressSpace);
    case 'domain': {
      const t = canonicalText(v);
      return typeof t === 'string' ? stripAddressSpace(t).toLowerCase() : t;
    }
    case 'name': {
      const t = canonicalText(v);
      if (typeof t !== 'string') return t;
      const lower = t.toLowerCase();
      const alias = lookup(ENUM_ALIASES[parameter.toLowerCase()], lower);
      return alias ?? lower;
    }
    case 'text':
    default:
      return canonicalText(v);
  }
}

/** The raw value of `property` on an object, its name matched case-insensitively. */
export function readProperty(object: ObservedObject | ExoParameters, property: string): ExoValue | undefined {
  return lookup(object, property);
}

function normaliseWith(kind: ExoObjectKind, object: ObservedObject | ExoParameters, like?: ExoParameters): NormalisedObject {
  const out: NormalisedObject = {};
  for (const key of Object.keys(object)) {
    out[key] = normaliseValue(kind, key, object[key], like ? readProperty(like, key) : undefined);
  }
  return out;
}

/**
 * Canonical form of an inbound connector, read back or declared. `like` is the declared
 * parameter set, used to type properties nobody knows.
 */
export function normaliseInboundConnector(object: ObservedObject | ExoParameters, like?: ExoParameters): NormalisedObject {
  return normaliseWith('InboundConnector', object, like);
}

/** Canonical form of an outbound connector, read back or declared. */
export function normaliseOutboundConnector(object: ObservedObject | ExoParameters, like?: ExoParameters): NormalisedObject {
  return normaliseWith('OutboundConnector', object, like);
}

/**
 * Canonical form of a transport rule, read back or declared. A read-back `State`
 * (`Enabled`/`Disabled`) becomes `Enabled` (true/false), which is what New-TransportRule takes.
 */
export function normaliseTransportRule(object: ObservedObject | ExoParameters, like?: ExoParameters): NormalisedObject {
  const out = normaliseWith('TransportRule', object, like);
  const state = readProperty(object, 'State');
  if (typeof state === 'string') {
    const s = state.trim().toLowerCase();
    if (s === 'enabled') out.Enabled = true;
    else if (s === 'disabled') out.Enabled = false;
  }
  return out;
}

/** One normaliser per kind. */
export const NORMALISERS: {
  readonly [K in ExoObjectKind]: (object: ObservedObject | ExoParameters, like?: ExoParameters) => NormalisedObject;
} = {
  InboundConnector: normaliseInboundConnector,
  OutboundConnector: normaliseOutboundConnector,
  TransportRule: normaliseTransportRule,
};

/** The property of `kind` that carries the managed marker. */
export function commentProperty(kind: ExoObjectKind): 'Comment' | 'Comments' {
  return kind === 'TransportRule' ? 'Comments' : 'Comment';
}
