/**
 * The shape of the objects the simulated Exchange Online stores and returns: which properties
 * each kind reads back, their defaults, and the bookkeeping every object carries (Identity,
 * Guid, WhenCreated, WhenChanged). Shared by backend.ts (cmdlets) and store.ts (seeding and
 * the test API for "an admin changed something by hand").
 *
 * Read-back forms (exchange-online.md §1.7): transport rules expose `State` (`Enabled` /
 * `Disabled`) and `Priority`, never `Enabled`; inbound `SenderDomains` are stored as
 * `smtp:<domain>;1`; unset multi-valued properties read back as an empty list on connectors and
 * as null on rules (rule predicates are absent, not empty).
 */
import { EXO_CATALOGUE, ParameterSpec } from '../../core/exo-catalogue';
import { ExoObjectKind, ExoValue, ObservedObject } from '../../core/exo-model';

/** How each kind is called in messages. */
export const KIND_NOUN: { readonly [kind in ExoObjectKind]: string } = {
  InboundConnector: 'inbound connector',
  OutboundConnector: 'outbound connector',
  TransportRule: 'transport rule',
};

/** Documented defaults that are not false / null / empty (cmdlet reference, "This value is the default"). */
const DEFAULTS: { readonly [kind in ExoObjectKind]: { readonly [property: string]: ExoValue } } = {
  // ConnectorType's default is not stated in the doc; Partner is what a plain New-InboundConnector makes.
  InboundConnector: { ConnectorType: 'Partner', ConnectorSource: 'Default', Enabled: true, RequireTls: true },
  OutboundConnector: {
    ConnectorType: 'Partner',
    ConnectorSource: 'Default',
    Enabled: true,
    UseMXRecord: true,
    MtaStsMode: 'Opportunistic',
    SmtpDaneMode: 'Opportunistic',
  },
  TransportRule: { Mode: 'Enforce', RuleErrorAction: 'Ignore', SenderAddressLocation: 'Header' },
};

/** Parameters that are not stored properties: the object's key, the prompt switch, New-only state. */
const NOT_PROPERTIES = new Set(['Identity', 'Confirm', 'Name']);

/** The catalogue spec of `property` for `kind` (from New-<kind>, else Set-<kind>). */
export function propertySpec(kind: ExoObjectKind, property: string): ParameterSpec | undefined {
  return EXO_CATALOGUE[`New-${kind}`]?.parameters[property] ?? EXO_CATALOGUE[`Set-${kind}`]?.parameters[property];
}

/** Properties stored and read back for `kind`, besides Identity/Name/Guid/State/Priority/When*. */
export function storedProperties(kind: ExoObjectKind): string[] {
  const names = new Set<string>();
  for (const cmdlet of [`New-${kind}`, `Set-${kind}`]) {
    for (const name of Object.keys(EXO_CATALOGUE[cmdlet].parameters)) {
      if (NOT_PROPERTIES.has(name)) continue;
      if (kind === 'TransportRule' && (name === 'Enabled' || name === 'Priority')) continue;
      names.add(name);
    }
  }
  return [...names];
}

/** The value `property` of a new `kind` object has when New-<kind> does not set it. */
export function defaultValue(kind: ExoObjectKind, property: string): ExoValue {
  const documented = DEFAULTS[kind][property];
  if (documented !== undefined) return documented;
  const spec = propertySpec(kind, property);
  if (spec?.type === 'Boolean') return false;
  if (spec?.type === 'MultiValued') return kind === 'TransportRule' ? null : [];
  return null;
}

/** The value a multi-valued property holds after being set to $null. */
export function clearedMultiValue(kind: ExoObjectKind): ExoValue {
  return kind === 'TransportRule' ? null : [];
}

/**
 * A new object of `kind` with every property at its default, in read-back order:
 * Identity, Name, Guid, [Priority, State], properties…, WhenCreated, WhenChanged.
 */
export function newObjectRecord(kind: ExoObjectKind, name: string, guid: string, now: string): ObservedObject {
  const record: ObservedObject = { Identity: name, Name: name, Guid: guid };
  if (kind === 'TransportRule') {
    record.Priority = 0;
    record.State = 'Enabled';
  }
  for (const property of storedProperties(kind)) record[property] = cloneValue(defaultValue(kind, property));
  record.WhenCreated = now;
  record.WhenChanged = now;
  return record;
}

/** Accepted domain as Get-AcceptedDomain returns it (the properties the library reads). */
export function acceptedDomainRecord(
  domainName: string,
  guid: string,
  now: string,
  options: { domainType?: string; isDefault?: boolean; initial?: boolean } = {},
): ObservedObject {
  return {
    Identity: domainName,
    Name: domainName,
    Guid: guid,
    DomainName: domainName,
    DomainType: options.domainType ?? 'Authoritative',
    Default: options.isDefault ?? false,
    InitialDomain: options.initial ?? false,
    MatchSubDomains: false,
    // Set-AcceptedDomain.md (Exchange Online): OutboundOnly default $false; the Sending*Disabled
    // switches block sending from / delivery to the domain when $true.
    OutboundOnly: false,
    SendingFromDomainDisabled: false,
    SendingToDomainDisabled: false,
    WhenCreated: now,
    WhenChanged: now,
  };
}

export function cloneValue(value: ExoValue): ExoValue {
  return Array.isArray(value) ? [...value] : value;
}

export function cloneObject(object: ObservedObject): ObservedObject {
  const copy: ObservedObject = {};
  for (const [key, value] of Object.entries(object)) copy[key] = cloneValue(value);
  return copy;
}

/** Finds an object by Name, Identity or Guid, case-insensitively (what *IdParameter accepts). */
export function findByIdentity<T extends ObservedObject>(objects: readonly T[], identity: string): T | undefined {
  const wanted = identity.toLowerCase();
  return (
    objects.find((object) => typeof object.Name === 'string' && object.Name.toLowerCase() === wanted) ??
    objects.find((object) => typeof object.Identity === 'string' && object.Identity.toLowerCase() === wanted) ??
    objects.find((object) => typeof object.Guid === 'string' && object.Guid.toLowerCase() === wanted)
  );
}

/** Renumbers transport rules after a change: Priority = position, 0 = highest. */
export function renumberRules(rules: ObservedObject[]): void {
  rules.forEach((rule, index) => {
    rule.Priority = index;
  });
}
