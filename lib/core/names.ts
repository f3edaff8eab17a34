/**
 * DNS names as Exchange Online and TLS see them: host-name syntax, certificate name matching
 * (RFC 6125: a wildcard stands for exactly one left-most label, no partial wildcards) and
 * overlap between two names that may both be wildcards.
 */
import { isIP } from 'node:net';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PUNY_OR_LABEL = /^(xn--)?[a-z0-9-]+$/;
/**
 * A name every check of {@link hostNameProblem} passes, in one expression: two or more LDH labels
 * of 1-63 characters without a hyphen at either end, the last one not all digits, one optional
 * trailing dot. Most names in a fleet are such names; the others take the checks one by one, which
 * say what is wrong.
 */
const PLAIN_HOST = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?=[a-z0-9-]{1,63}\.?$)(?!-)[a-z0-9-]*[a-z-][a-z0-9-]*(?<!-)\.?$/i;

/**
 * Lower-cases and drops one trailing dot: the form names are compared in. Names in the fleet
 * model are already in their normal form (lib/core/idn.ts normalName: also ASCII `xn--` labels).
 */
export function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Why `name` is not a DNS host name (at least two labels, LDH, last label not numeric), or undefined. */
export function hostNameProblem(name: string): string | undefined {
  if (name.length <= 253 + (name.endsWith('.') ? 1 : 0) && PLAIN_HOST.test(name)) return undefined;
  if (name.trim() !== name || name.length === 0) return 'it is empty or has surrounding spaces';
  if (isIP(name) !== 0 || /^\[.*\]$/.test(name)) return 'it is an IP address, and Exchange Online needs a DNS host name';
  if (name.includes('://') || name.includes('/') || name.includes(':')) return 'it looks like a URL or has a port; give the bare host name';
  if (/[^\x20-\x7e]/.test(name)) {
    // Names enter the model in ASCII form (lib/core/idn.ts); one that still has other characters was refused by IDNA.
    return 'it is not a valid internationalised domain name (IDNA, UTS #46: a character that is not allowed in host names, a misplaced joiner, or mixed text directions)';
  }
  const canon = canonicalName(name);
  if (canon.length > 253) return 'it is longer than 253 characters';
  const labels = canon.split('.');
  if (labels.length < 2) return 'it has a single label; a fully qualified name such as mail.example.com is needed';
  for (const label of labels) {
    if (label === '*') return 'it contains a wildcard label';
    if (!LABEL.test(label) || !PUNY_OR_LABEL.test(label)) {
      return `its label '${label}' is not a valid DNS label (letters, digits and hyphens, 1-63 characters, no hyphen at either end)`;
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return 'its last label is numeric';
  return undefined;
}

/** Why `name` is not a valid certificate/domain pattern (`host` or `*.host`), or undefined. */
export function certificateNameProblem(name: string): string | undefined {
  if (name.startsWith('*.')) {
    const rest = name.slice(2);
    if (rest.includes('*')) return 'only one wildcard, as the whole left-most label (*.example.com), is allowed';
    const p = hostNameProblem(rest);
    if (p) return p;
    if (canonicalName(rest).split('.').length < 2) return 'a wildcard must stand above at least two labels (*.example.com)';
    return undefined;
  }
  if (name.includes('*')) {
    return 'partial or embedded wildcards (like mail*.example.com or a.*.example.com) are refused by Exchange Online and RFC 6125; use *.example.com';
  }
  return hostNameProblem(name);
}

/** True when `pattern` (host or `*.host`) is a wildcard. */
export function isWildcard(pattern: string): boolean {
  return pattern.startsWith('*.');
}

/**
 * True when certificate name `pattern` covers host `host` (RFC 6125 §6.4.3: `*` matches exactly
 * one whole left-most label). Both are compared case-insensitively.
 */
export function nameCovers(pattern: string, host: string): boolean {
  const p = canonicalName(pattern);
  const h = canonicalName(host);
  if (h.startsWith('*.')) {
    // A wildcard host is covered only by an equal wildcard.
    return p === h;
  }
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const first = h.slice(0, h.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

/**
 * True when some host name could be matched by both patterns: equal names, a wildcard that
 * covers the other name, or two equal wildcards.
 */
export function namesOverlap(a: string, b: string): boolean {
  const x = canonicalName(a);
  const y = canonicalName(b);
  if (x === y) return true;
  return nameCovers(x, y) || nameCovers(y, x);
}

/**
 * True when host or pattern `name` lies in DNS domain `domain` (equal, or a subdomain of it).
 * Used for "the certificate name is a domain of the tenant": `*.contoso.com` and
 * `mail.contoso.com` are in `contoso.com`.
 */
export function isInDomain(name: string, domain: string): boolean {
  const n = canonicalName(name).replace(/^\*\./, '');
  const d = canonicalName(domain);
  return n === d || n.endsWith(`.${d}`);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID in the 8-4-4-4-12 form (Entra tenant and application ids). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Exchange Online's MX host of a domain: `<domain, dots as dashes>.mail.protection.outlook.com`. */
export function exoMxHost(domain: string): string {
  return `${canonicalName(domain).replace(/\./g, '-')}.mail.protection.outlook.com`;
}
