/**
 * Internationalised domain names: the normal form in which names enter the fleet model (lower
 * case, no trailing dot, ASCII `xn--` labels), the Unicode form messages show, and the IDNA
 * checks of `xn--` labels. Kept apart from names.ts so the apply-time program, which reads names
 * already in normal form, does not bundle the IDNA tables.
 */
import { certificateNameProblem, hostNameProblem } from './names';

/** The part of `tr46` (UTS #46, IDNA compatibility processing) used here; the package ships no types. */
interface Tr46 {
  toASCII(domain: string, options: object): string | null;
  toUnicode(domain: string, options: object): { domain: string; error: boolean };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tr46 = require('tr46') as Tr46;

/**
 * IDNA as browsers and mail software apply it (UTS #46 non-transitional: `ß` stays `ß`), with
 * host-name (STD3) rules, the joiner and bidi checks, and no length check here (hostNameProblem
 * reports lengths with its own words).
 */
const IDNA = { processingOption: 'nontransitional', useSTD3ASCIIRules: true, checkBidi: true, checkJoiners: true, checkHyphens: false, verifyDNSLength: false } as const;

const NON_ASCII = /[^\x00-\x7f]/;
const ACE_LABEL = /(^|\.)xn--/;

/** The ASCII form of a lower-case name without trailing dot, or undefined when IDNA refuses it. */
function idnaAscii(name: string): string | undefined {
  const wildcard = name.startsWith('*.');
  const rest = wildcard ? name.slice(2) : name;
  if (rest.includes('*')) return undefined;
  const ascii = tr46.toASCII(rest, IDNA);
  if (ascii === null || ascii === '') return undefined;
  return wildcard ? `*.${ascii}` : ascii;
}

/**
 * The normal form of a DNS name (domain, host name, certificate name or `*.` pattern): lower
 * case, no trailing dot, internationalised labels in ASCII (`xn--`) form, as Exchange Online
 * parameters and gateway files need it. Names enter the fleet model through this, once; a name
 * that cannot be normalised (surrounding spaces, an invalid internationalised name) is returned
 * as written, for the rules to report.
 */
export function normalName(name: string): string {
  if (typeof name !== 'string' || name === '' || name.trim() !== name) return name;
  const lower = name.toLowerCase();
  const bare = lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (!NON_ASCII.test(bare)) return bare;
  return idnaAscii(bare) ?? name;
}

/** Normalises each name of a list (see {@link normalName}). */
export function normalNames(names: readonly string[]): string[] {
  return names.map(normalName);
}

/**
 * A name as messages show it: with internationalised labels, the Unicode form followed by the
 * ASCII form that is deployed, e.g. `bücher.example (xn--bcher-kva.example)`; else as it is.
 */
export function shownName(name: string): string {
  if (typeof name !== 'string' || !ACE_LABEL.test(name.toLowerCase())) return name;
  const wildcard = name.startsWith('*.');
  const { domain, error } = tr46.toUnicode(wildcard ? name.slice(2) : name, IDNA);
  if (error) return name;
  return `${wildcard ? '*.' : ''}${domain} (${name})`;
}

/** Why an `xn--` label of `name` is not valid IDNA (its punycode decodes to nothing IDNA allows), or undefined. */
function aceProblem(name: string): string | undefined {
  if (!/xn--/i.test(name)) return undefined;
  for (const label of name.toLowerCase().replace(/^\*\./, '').split('.')) {
    if (label.startsWith('xn--') && tr46.toUnicode(label, IDNA).error) {
      return `its label '${label}' is not a valid internationalised (xn--) label: the punycode does not decode to a name IDNA allows`;
    }
  }
  return undefined;
}

/** {@link hostNameProblem}, and the IDNA check of `xn--` labels. */
export function dnsHostNameProblem(name: string): string | undefined {
  return hostNameProblem(name) ?? aceProblem(name);
}

/** {@link certificateNameProblem}, and the IDNA check of `xn--` labels. */
export function dnsCertificateNameProblem(name: string): string | undefined {
  return certificateNameProblem(name) ?? aceProblem(name);
}
