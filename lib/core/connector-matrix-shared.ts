/**
 * Shared parts of the connector matrix (connector-matrix.ts): the shape of an entry and of a
 * violation, and the predicates the entries use on a desired object's parameters (values as
 * lists or text, domain patterns, sender IPs, private ranges, header condition pairs).
 *
 * Sources: the cmdlet reference (MicrosoftDocs office-docs-powershell, New-/Set-InboundConnector,
 * New-/Set-OutboundConnector, New-TransportRule; shared reference exchange-online.md §1.5).
 *
 * No cdktf import, no I/O.
 */
import { isIP } from 'node:net';
import { DesiredObject, ExoObjectKind, ExoValue } from './exo-model';
import { FindingLevel } from './findings';
import { certificateNameProblem } from './names';
import { filled, isOnPremises, isPartner } from './desired-object';

/** One cell of the matrix that a desired object violates. */
export interface MatrixViolation {
  /** Stable id of the matrix entry, e.g. `outbound.tls-domain`. */
  readonly entry: string;
  readonly level: FindingLevel;
  readonly kind: ExoObjectKind;
  /** Name of the offending object. */
  readonly object: string;
  /** The parameter(s) concerned. */
  readonly parameter: string;
  /** The offending value, as text. */
  readonly value: string;
  readonly message: string;
  readonly fix: string;
}

/** One entry of the matrix: a pure check of one object against all objects of the tenant. */
export interface MatrixEntry {
  readonly id: string;
  readonly level: FindingLevel;
  readonly kind: ExoObjectKind;
  /** What the entry requires, in one line. */
  readonly rule: string;
  /** Where the rule comes from. */
  readonly source: string;
  readonly check: (object: DesiredObject, all: readonly DesiredObject[]) => MatrixProblem[];
}

/** What one entry reports on one object (the matrix adds entry, level, kind and object). */
export type MatrixProblem = Omit<MatrixViolation, 'entry' | 'level' | 'kind' | 'object'>;

export function param(o: DesiredObject, name: string): ExoValue | undefined {
  return o.parameters[name];
}
export function isTrue(v: ExoValue | undefined): boolean {
  return v === true;
}
export function list(v: ExoValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v === '' ? [] : [v];
  return [String(v)];
}
export function text(v: ExoValue | undefined): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** `smtp:<domain>;<cost>` -> `<domain>`. */
export function addressSpaceDomain(value: string): string {
  const m = /^\s*smtp:(.*?)(;\s*\d+)?\s*$/i.exec(value);
  return m ? m[1] : value;
}
/** Why a domain pattern (`*`, `domain`, `*.domain`) is not valid, or undefined. */
export function domainPatternProblem(value: string): string | undefined {
  const d = addressSpaceDomain(value);
  if (d === '*') return undefined;
  return certificateNameProblem(d);
}

/** IPv4 address or CIDR with a prefix of /24 to /32 (New-InboundConnector SenderIPAddresses). */
export function senderIpProblem(value: string): string | undefined {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || isIP(address) !== 4) return isIP(address) === 6 ? 'IPv6 is not accepted (IPv4 only)' : 'not an IPv4 address or CIDR range';
  if (prefix === undefined) return undefined;
  const n = Number(prefix);
  if (!/^\d+$/.test(prefix) || n < 24 || n > 32) return `prefix /${prefix} is outside /24 to /32`;
  return undefined;
}

/**
 * An Enhanced Filtering skip entry: an IP address, a range `a-b` of one family, or a CIDR range
 * (New-InboundConnector EFSkipIPs; exchange-online.md §1.2, EFSkipIPs row).
 */
export function efSkipIpProblem(value: string): string | undefined {
  const range = value.split('-');
  if (range.length === 2) {
    const [from, to] = range.map((part) => part.trim());
    return isIP(from) !== 0 && isIP(from) === isIP(to) ? undefined : 'not a range of two addresses of one family (a-b)';
  }
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (range.length > 2 || extra !== undefined || family === 0) return 'not an IP address, a range a-b or a CIDR range';
  if (prefix === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && Number(prefix) <= max ? undefined : `prefix /${prefix} is not between /0 and /${max}`;
}

/** RFC 1918 private ranges (Enhanced Filtering "not supported"). */
export function isPrivateIpv4(value: string): boolean {
  const address = value.split('/')[0].split('-')[0].trim();
  if (isIP(address) !== 4) return false;
  const [a, b] = address.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Header conditions and exceptions whose two halves go together (New-TransportRule). */
export const headerPairs: [string, string][] = [
  ['HeaderContainsMessageHeader', 'HeaderContainsWords'],
  ['HeaderMatchesMessageHeader', 'HeaderMatchesPatterns'],
  ['ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderContainsWords'],
  ['ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns'],
];

/**
 * A check that `flag` $true together with a filled `listed` is a problem, reported on `listed`
 * with its values: the two settings contradict each other, and `listed` is the one not used.
 */
export function flagWithList(flag: string, listed: string, message: string, fix: string): MatrixEntry['check'] {
  return (o) => (isTrue(param(o, flag)) && filled(param(o, listed)) ? [{ parameter: listed, value: text(param(o, listed)), message, fix }] : []);
}

/** Every value of a list parameter has a form: one finding per value that has not (`problemOf` says why). */
export function eachValue(parameter: string, problemOf: (value: string) => string | undefined, message: (value: string, problem: string) => string, fix: string): MatrixEntry['check'] {
  return (o) =>
    list(param(o, parameter)).flatMap((value) => {
      const problem = problemOf(value);
      return problem ? [{ parameter, value, message: message(value, problem), fix }] : [];
    });
}

/**
 * The entry that requires ConnectorType Partner or OnPremises: the two connectors an admin can add
 * in each direction; Internet -> Office 365 and Office 365 -> Internet exist by default (seed;
 * New-InboundConnector / New-OutboundConnector -ConnectorType).
 */
export function connectorTypeEntry(id: string, kind: 'InboundConnector' | 'OutboundConnector', rule: string, fix: string): MatrixEntry {
  return {
    id,
    level: 'error',
    kind,
    rule,
    source: `seed; New-${kind} -ConnectorType`,
    check: (o) => (isOnPremises(o) || isPartner(o) ? [] : [{ parameter: 'ConnectorType', value: text(param(o, 'ConnectorType')), message: 'has no ConnectorType Partner or OnPremises', fix }]),
  };
}
