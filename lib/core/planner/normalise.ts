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
 * Pure: no I/O.
 */
import { EXO_CATALOGUE, ParameterSpec, cmdletFor } from '../exo-catalogue';
import { ExoObjectKind, ExoParameters, ExoValue, ObservedObject } from '../exo-model';

/** A value in canonical form: names lower-cased, sets sorted, empties as `null`. */
export type CanonicalValue = string | number | boolean | string[] | null;

/** An object with every property in canonical form. */
export type NormalisedObject = { [property: string]: CanonicalValue };

/** How a property is compared. */
export type ValueKind =
  | 'text' // free text: trimmed, case-sensitive
  | 'name' // identifier, enum value, host or domain: trimmed, case-insensitive
  | 'domain' // SMTP domain, also in address-space form `smtp:<domain>;1`
  | 'boolean'
  | 'number'
  | 'date' // an instant: offsets and JSON forms ignored
  | 'set' // multi-valued, case-insensitive, order and duplicates ignored
  | 'domainSet'; // multi-valued SMTP domains, address-space form accepted

/** Enum values Exchange reads back under another name than the one it accepts. */
const ENUM_ALIASES: { readonly [parameter: string]: { readonly [readBack: string]: string } } = {
  connectorsource: { adminui: 'default' },
};

const CONNECTOR_COMMON: { readonly [parameter: string]: ValueKind } = {
  Name: 'name',
  Identity: 'name',
  Comment: 'text',
  Enabled: 'boolean',
  ConnectorType: 'name',
  ConnectorSource: 'name',
  CloudServicesMailEnabled: 'boolean',
};

/** What each property of an inbound connector is (Set-/New-InboundConnector). */
export const INBOUND_CONNECTOR_PROPERTIES: { readonly [parameter: string]: ValueKind } = {
  ...CONNECTOR_COMMON,
  SenderDomains: 'domainSet',
  TlsSenderCertificateName: 'domain',
  RequireTls: 'boolean',
  RestrictDomainsToCertificate: 'boolean',
  RestrictDomainsToIPAddresses: 'boolean',
  SenderIPAddresses: 'set',
  TrustedOrganizations: 'domainSet',
  AssociatedAcceptedDomains: 'domainSet',
  TreatMessagesAsInternal: 'boolean',
  EFSkipLastIP: 'boolean',
  EFSkipIPs: 'set',
  EFUsers: 'set',
  EFTestMode: 'boolean',
  EFSkipMailGateway: 'set',
  ScanAndDropRecipients: 'set',
  ClientHostNames: 'set',
};

/** What each property of an outbound connector is (Set-/New-OutboundConnector). */
export const OUTBOUND_CONNECTOR_PROPERTIES: { readonly [parameter: string]: ValueKind } = {
  ...CONNECTOR_COMMON,
  RecipientDomains: 'domainSet',
  SmartHosts: 'set',
  UseMXRecord: 'boolean',
  TlsSettings: 'name',
  TlsDomain: 'domain',
  IsTransportRuleScoped: 'boolean',
  RouteAllMessagesViaOnPremises: 'boolean',
  AllAcceptedDomains: 'boolean',
  SenderRewritingEnabled: 'boolean',
  TestMode: 'boolean',
  MtaStsMode: 'name',
  SmtpDaneMode: 'name',
  IsValidated: 'boolean',
  ValidationRecipients: 'set',
};

/** What each gateway-relevant property of a transport rule is (Set-/New-TransportRule). */
export const TRANSPORT_RULE_PROPERTIES: { readonly [parameter: string]: ValueKind } = {
  Name: 'name',
  Identity: 'name',
  Comments: 'text',
  Enabled: 'boolean',
  Priority: 'number',
  Mode: 'name',
  StopRuleProcessing: 'boolean',
  RuleErrorAction: 'name',
  SenderAddressLocation: 'name',
  FromScope: 'name',
  ExceptIfFromScope: 'name',
  SentToScope: 'name',
  ExceptIfSentToScope: 'name',
  RecipientDomainIs: 'domainSet',
  ExceptIfRecipientDomainIs: 'domainSet',
  SenderDomainIs: 'domainSet',
  ExceptIfSenderDomainIs: 'domainSet',
  HeaderContainsMessageHeader: 'name',
  HeaderContainsWords: 'set',
  ExceptIfHeaderContainsMessageHeader: 'name',
  ExceptIfHeaderContainsWords: 'set',
  HeaderMatchesMessageHeader: 'name',
  HeaderMatchesPatterns: 'set',
  ExceptIfHeaderMatchesMessageHeader: 'name',
  ExceptIfHeaderMatchesPatterns: 'set',
  SetHeaderName: 'name',
  SetHeaderValue: 'text',
  RemoveHeader: 'name',
  RouteMessageOutboundConnector: 'name',
  RouteMessageOutboundRequireTls: 'boolean',
  SenderIpRanges: 'set',
  ExceptIfSenderIpRanges: 'set',
  SetSCL: 'number',
  SCLOver: 'number',
  ExceptIfSCLOver: 'number',
  MessageTypeMatches: 'name',
  ExceptIfMessageTypeMatches: 'name',
  SetAuditSeverity: 'name',
  ActivationDate: 'date',
  ExpiryDate: 'date',
};

const PROPERTIES: { readonly [K in ExoObjectKind]: { readonly [parameter: string]: ValueKind } } = {
  InboundConnector: INBOUND_CONNECTOR_PROPERTIES,
  OutboundConnector: OUTBOUND_CONNECTOR_PROPERTIES,
  TransportRule: TRANSPORT_RULE_PROPERTIES,
};

function lookup<T>(table: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  if (!table) return undefined;
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(table)) {
    if (k.toLowerCase() === lower) return table[k];
  }
  return undefined;
}

function fromCatalogue(spec: ParameterSpec): ValueKind {
  const exchangeType = (spec.exchangeType ?? '').toLowerCase();
  if (exchangeType === 'headername') return 'name';
  if (exchangeType.startsWith('smtpdomain') || exchangeType === 'tlscertificate') return 'domain';
  switch (spec.type) {
    case 'Boolean':
    case 'Switch':
      return 'boolean';
    case 'Int32':
      return 'number';
    case 'DateTime':
      return 'date';
    case 'MultiValued':
      return 'set';
    case 'Enum':
    case 'Identity':
      return 'name';
    case 'String':
    default:
      return 'text';
  }
}

/**
 * How `parameter` of `kind` is compared: from this module's table, else from the catalogue's
 * type for New-/Set-<kind>, else from the JavaScript type of `like` (the declared value).
 */
export function valueKindOf(kind: ExoObjectKind, parameter: string, like?: ExoValue): ValueKind {
  const known = lookup(PROPERTIES[kind], parameter);
  if (known) return known;
  for (const action of ['New', 'Set'] as const) {
    const spec = lookup(EXO_CATALOGUE[cmdletFor(action, kind)]?.parameters, parameter);
    if (spec) return fromCatalogue(spec);
  }
  if (typeof like === 'boolean') return 'boolean';
  if (typeof like === 'number') return 'number';
  if (Array.isArray(like)) return 'set';
  return 'text';
}

/** `smtp:contoso.com;1` -> `contoso.com`; other text unchanged. */
export function stripAddressSpace(value: string): string {
  const m = /^\s*smtp:(.*?)(;\s*\d+)?\s*$/i.exec(value);
  return m ? m[1].trim() : value.trim();
}

function toBoolean(value: ExoValue): CanonicalValue {
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

function toNumber(value: ExoValue): CanonicalValue {
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

function canonicalText(value: ExoValue): CanonicalValue {
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
function toDate(value: ExoValue): CanonicalValue {
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

function toSet(value: ExoValue, item: (s: string) => string): CanonicalValue {
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

/** True when two canonical values are the same setting. */
export function canonicalEqual(a: CanonicalValue, b: CanonicalValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
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
