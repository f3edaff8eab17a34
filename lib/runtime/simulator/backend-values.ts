/**
 * Stored values of the simulated Exchange Online: how a bound parameter is written into an object
 * in Exchange's stored form, with the per-value rules of exchange-online.md §1 (inbound
 * `SenderDomains` as `smtp:<domain>;1`, ≤ 2243 characters in that form, KB 4014351; wildcards
 * only as `*` or a leading `*.`, §1.5.7; SenderIPAddresses IPv4 /24–/32; AssociatedAcceptedDomains
 * must be accepted domains; a rule's RouteMessageOutboundConnector must name a connector) and
 * `@{Add=…; Remove=…}` edits of a MultiValuedProperty applied in place.
 */
import { findCmdlet } from '../../core/exo-catalogue';
import { ExoObjectKind, ExoValue, ObservedObject } from '../../core/exo-model';
import { MultiValuedEdit, BoundParameters } from './backend-binding';
import { InvalidSenderIpAddressError, InvalidSmtpDomainError, ManagementObjectNotFoundError, PropertyTooLongError } from './errors';
import { clearedMultiValue, findByIdentity } from './objects';
import { TenantState } from './store';

/** Maximum length of SenderDomains in its stored `smtp:<domain>;1` form, separators counted (KB 4014351). */
export const SENDER_DOMAINS_MAX_LENGTH = 2243;

const DOMAIN_LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/i;

/** `contoso.com`, `*.contoso.com`, or (when allowed) `*` alone; never an embedded wildcard. */
export function isValidDomainPattern(value: string, allowAll: boolean): boolean {
  if (value === '*') return allowAll;
  const body = value.startsWith('*.') ? value.slice(2) : value;
  if (body.length === 0 || body.length > 255) return false;
  return body.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** `smtp:contoso.com;1` -> {domain, cost}; a plain domain gets cost 1. */
function parseAddressSpace(value: string): { domain: string; cost: string } {
  const match = /^smtp:(.+);(\d+)$/i.exec(value.trim());
  return match ? { domain: match[1], cost: match[2] } : { domain: value.trim(), cost: '1' };
}

function isValidSenderIp(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!match) return false;
  if (match.slice(1, 5).some((octet) => Number(octet) > 255)) return false;
  if (match[5] === undefined) return true;
  const mask = Number(match[5]);
  return mask >= 24 && mask <= 32;
}

/** Writes bound parameters into `record` in stored form (Name, Identity, Confirm, Priority, Enabled handled elsewhere). */
export function applyParameters(state: TenantState, kind: ExoObjectKind, record: ObservedObject, bound: BoundParameters): void {
  for (const [parameter, value] of Object.entries(bound)) {
    if (['Name', 'Identity', 'Confirm', 'Priority'].includes(parameter)) continue;
    if (kind === 'TransportRule' && parameter === 'Enabled') continue;
    record[parameter] =
      value instanceof MultiValuedEdit ? editedValue(state, kind, parameter, record[parameter], value) : storedValue(state, kind, parameter, value);
  }
}

/**
 * `@{Add=…; Remove=…}`: the current values minus the removed ones plus the added ones, then
 * stored and checked like a whole list (so SenderDomains keeps its `smtp:<domain>;1` form and
 * its 2243-character limit). Values are compared in stored form, case-insensitively. Adding a
 * value already present or removing one that is absent is left alone: Exchange's behaviour for
 * those is not documented.
 */
function editedValue(state: TenantState, kind: ExoObjectKind, parameter: string, current: ExoValue | undefined, edit: MultiValuedEdit): ExoValue {
  const stored = (values: readonly string[]): string[] => {
    if (values.length === 0) return [];
    const result = storedValue(state, kind, parameter, [...values]);
    return Array.isArray(result) ? result : [];
  };
  const removed = new Set(stored(edit.remove).map((value) => value.toLowerCase()));
  const values = (Array.isArray(current) ? current : []).filter((value) => !removed.has(value.toLowerCase()));
  for (const value of stored(edit.add)) {
    if (!values.some((existing) => existing.toLowerCase() === value.toLowerCase())) values.push(value);
  }
  if (values.length === 0) return clearedMultiValue(kind);
  return storedValue(state, kind, parameter, values);
}

/** Normalises one value the way Exchange stores it, checking per-value rules. */
function storedValue(state: TenantState, kind: ExoObjectKind, parameter: string, value: ExoValue): ExoValue {
  if (value === null && isMultiValued(kind, parameter)) return clearedMultiValue(kind);
  switch (parameter) {
    case 'SenderDomains': {
      const stored = (value as string[]).map((item) => {
        const { domain, cost } = parseAddressSpace(item);
        if (!isValidDomainPattern(domain, true)) throw new InvalidSmtpDomainError(parameter, item);
        return `smtp:${domain};${cost}`;
      });
      const length = stored.join('').length + Math.max(0, stored.length - 1);
      if (length > SENDER_DOMAINS_MAX_LENGTH) throw new PropertyTooLongError(parameter, SENDER_DOMAINS_MAX_LENGTH, length);
      return stored;
    }
    case 'RecipientDomains':
      for (const item of value as string[]) if (!isValidDomainPattern(item, true)) throw new InvalidSmtpDomainError(parameter, item);
      return value;
    case 'TlsDomain':
    case 'TlsSenderCertificateName':
      if (typeof value === 'string' && !isValidDomainPattern(value, false)) throw new InvalidSmtpDomainError(parameter, value);
      return value;
    case 'SenderIPAddresses':
      for (const item of value as string[]) if (!isValidSenderIp(item)) throw new InvalidSenderIpAddressError(item);
      return value;
    case 'AssociatedAcceptedDomains':
      return (value as string[]).map((item) => {
        const domain = findByIdentity(state.AcceptedDomain, item);
        if (!domain) throw new ManagementObjectNotFoundError(item);
        return domain.DomainName as string;
      });
    case 'RouteMessageOutboundConnector': {
      if (value === null) return null;
      const connector = findByIdentity(state.OutboundConnector, value as string);
      if (!connector) throw new ManagementObjectNotFoundError(value as string);
      return connector.Name as string;
    }
    default:
      return Array.isArray(value) ? [...value] : value;
  }
}

function isMultiValued(kind: ExoObjectKind, parameter: string): boolean {
  return (
    findCmdlet(`New-${kind}`)?.parameters[parameter]?.type === 'MultiValued' ||
    findCmdlet(`Set-${kind}`)?.parameters[parameter]?.type === 'MultiValued'
  );
}
