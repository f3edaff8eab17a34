/**
 * One descriptor per Exchange parameter of a connector part: the part's field, the Exchange
 * parameter it becomes (a `New-`/`Set-` parameter of exo-catalogue.ts), the kind of value, and
 * the field of the public custom-profile struct that sets it. The part types (exo-parts.ts), the
 * custom profile's mapping from public props (lib/constructs) and the part builders
 * (lib/profiles/custom.ts) all derive from these lists; a test checks every descriptor against
 * the catalogue and every public struct field against a descriptor. Adding a parameter is one
 * line here plus the field of the public struct.
 *
 * The order is the order the builders emit the parameters in.
 */

/** How a value is carried from the public prop to the part and to Exchange. */
export type ParameterValueKind =
  | 'boolean' // as given
  | 'flag' // true, or not emitted (false leaves Exchange's default)
  | 'enum' // one of the enum's string values, as given
  | 'text' // as given
  | 'texts' // a list, copied
  | 'name' // a DNS name, in normal form (lib/core/idn.ts)
  | 'names'; // DNS names, in normal form

/** The value of each kind on a part. */
export interface ParameterValueOf {
  readonly boolean: boolean;
  readonly flag: boolean;
  readonly enum: string;
  readonly text: string;
  readonly texts: readonly string[];
  readonly name: string;
  readonly names: readonly string[];
}

/** One Exchange parameter of a connector part. */
export interface ConnectorParameter {
  /** The field of the part (exo-parts.ts). */
  readonly part: string;
  /** The Exchange Online parameter name, as the catalogue spells it. */
  readonly exchange: string;
  readonly kind: ParameterValueKind;
  /** The field of the public custom-profile struct; absent: the profile fills it per tenant. */
  readonly prop?: string;
  /** The value when the public field is left out; absent: not emitted, Exchange's default applies. */
  readonly defaultValue?: boolean | string | readonly string[];
}

/** `New-InboundConnector` parameters after Name, Comment and ConnectorSource. */
export const INBOUND_CONNECTOR_PARAMETERS = [
  { part: 'connectorType', exchange: 'ConnectorType', kind: 'enum', prop: 'connectorType' },
  { part: 'enabled', exchange: 'Enabled', kind: 'boolean' },
  { part: 'senderDomains', exchange: 'SenderDomains', kind: 'names', prop: 'senderDomains', defaultValue: ['*'] },
  { part: 'tlsSenderCertificateName', exchange: 'TlsSenderCertificateName', kind: 'name' },
  { part: 'senderIpAddresses', exchange: 'SenderIPAddresses', kind: 'texts', prop: 'senderIpAddresses' },
  { part: 'requireTls', exchange: 'RequireTls', kind: 'boolean', prop: 'requireTls', defaultValue: true },
  { part: 'restrictDomainsToCertificate', exchange: 'RestrictDomainsToCertificate', kind: 'boolean', prop: 'restrictDomainsToCertificate' },
  { part: 'restrictDomainsToIpAddresses', exchange: 'RestrictDomainsToIPAddresses', kind: 'boolean', prop: 'restrictDomainsToIpAddresses' },
  { part: 'cloudServicesMailEnabled', exchange: 'CloudServicesMailEnabled', kind: 'boolean', prop: 'cloudServicesMailEnabled' },
  { part: 'treatMessagesAsInternal', exchange: 'TreatMessagesAsInternal', kind: 'boolean', prop: 'treatMessagesAsInternal' },
  { part: 'efSkipLastIp', exchange: 'EFSkipLastIP', kind: 'boolean', prop: 'efSkipLastIp' },
  { part: 'efSkipIps', exchange: 'EFSkipIPs', kind: 'texts', prop: 'efSkipIps' },
] as const;

/** `New-OutboundConnector` parameters after Name, Comment and ConnectorSource. */
export const OUTBOUND_CONNECTOR_PARAMETERS = [
  { part: 'connectorType', exchange: 'ConnectorType', kind: 'enum', prop: 'connectorType' },
  { part: 'enabled', exchange: 'Enabled', kind: 'boolean' },
  { part: 'recipientDomains', exchange: 'RecipientDomains', kind: 'names', prop: 'recipientDomains' },
  { part: 'isTransportRuleScoped', exchange: 'IsTransportRuleScoped', kind: 'flag', prop: 'transportRuleScoped' },
  // default per tenant: the gateway fqdn unless UseMXRecord (lib/profiles/custom.ts)
  { part: 'smartHosts', exchange: 'SmartHosts', kind: 'names', prop: 'smartHosts' },
  { part: 'useMxRecord', exchange: 'UseMXRecord', kind: 'boolean', prop: 'useMxRecord', defaultValue: false },
  { part: 'tlsSettings', exchange: 'TlsSettings', kind: 'enum', prop: 'tlsSettings', defaultValue: 'DomainValidation' },
  // default per tenant: the gateway's certificate name with DomainValidation (lib/profiles/custom.ts)
  { part: 'tlsDomain', exchange: 'TlsDomain', kind: 'name', prop: 'tlsDomain' },
  { part: 'cloudServicesMailEnabled', exchange: 'CloudServicesMailEnabled', kind: 'boolean', prop: 'cloudServicesMailEnabled' },
  { part: 'routeAllMessagesViaOnPremises', exchange: 'RouteAllMessagesViaOnPremises', kind: 'boolean', prop: 'routeAllMessagesViaOnPremises' },
  { part: 'allAcceptedDomains', exchange: 'AllAcceptedDomains', kind: 'boolean', prop: 'allAcceptedDomains' },
  { part: 'senderRewritingEnabled', exchange: 'SenderRewritingEnabled', kind: 'boolean', prop: 'senderRewritingEnabled' },
] as const;

/**
 * Fields of the public connector structs that are no Exchange parameter of their own: the name
 * and the comment (emitted with the managed marker), and `identifyByCertificate`, which puts the
 * tenant's CBC name into `TlsSenderCertificateName`.
 */
export const SHAPED_CONNECTOR_FIELDS: readonly string[] = ['name', 'comment', 'identifyByCertificate'];

/** The optional part fields a descriptor list declares, typed by their kind. */
export type DescribedFields<D extends readonly ConnectorParameter[]> = {
  readonly [P in D[number] as P['part']]?: ParameterValueOf[P['kind']];
};
