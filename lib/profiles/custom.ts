/**
 * The typed parts every profile is built from, and the custom profile that exposes them.
 *
 * A part is one Exchange Online object described with its real parameter names and values
 * (exo-catalogue.ts): an inbound connector (`New-InboundConnector`), an outbound connector
 * (`New-OutboundConnector`) or a transport rule (`New-TransportRule`). The builders below turn a
 * part into a {@link DesiredObject}; a parameter left undefined is not emitted, so Exchange's
 * default applies and the planner never compares it. The SEPPmail.cloud, NoSpamProxy and FTAPI
 * profiles are written with these builders, and `GatewayProduct.CUSTOM` lets a user assemble the
 * same parts (MailGatewayProps.customProfile): whatever is built is checked by the connector
 * matrix (lib/core/connector-matrix.ts) and the loop rules at synth.
 * No cdktf import: plain data.
 */
import { DesiredObject, ExoObjectKind, ExoParameters, MANAGED_MARKER, markerWithId } from '../core/exo-model';
import { stableObjectId } from '../core/desired-state';
import { ConnectorParameter, INBOUND_CONNECTOR_PARAMETERS, OUTBOUND_CONNECTOR_PARAMETERS } from '../core/connector-parameters';
import type { InboundConnectorPart, OutboundConnectorPart, RoutingRulePart } from '../core/exo-parts';
import { CUSTOM_DEFAULT_COMMENTS } from '../core/custom-profile-model';
import { defaultConnectorOptions } from '../core/fleet';
import type { TenantModel } from '../core/fleet';
import { ERRORS, libraryError } from '../core/errors';

export type {
  CustomInboundModel,
  CustomOutboundModel,
  CustomProfileModel,
  CustomRuleModel,
  HeaderTest,
  InboundConnectorPart,
  OutboundConnectorPart,
  RoutingRulePart,
  ScopeValue,
} from '../core/exo-parts';
export type { ConnectorTypeValue, SenderAddressLocationValue, TlsSettingsValue } from '../core/enums';

/**
 * Comment text with the managed marker and the object's stable id appended (what
 * desired-state.ts withStableId would add; written here so the document needs no copy of it).
 */
function marked(text: string, kind: ExoObjectKind, name: string): string {
  return `${text} ${markerWithId(MANAGED_MARKER, stableObjectId(kind, name))}`;
}

/** Adds `value` under `name` when it is defined (arrays are copied). */
function put(parameters: ExoParameters, name: string, value: string | number | boolean | readonly string[] | undefined): void {
  if (value === undefined) return;
  parameters[name] = Array.isArray(value) ? [...value] : (value as string | number | boolean);
}

/** Adds the described parameters of a part, in the descriptors' order. */
function putDescribed(parameters: ExoParameters, descriptors: readonly ConnectorParameter[], part: object): void {
  for (const d of descriptors) put(parameters, d.exchange, (part as { [field: string]: string | boolean | readonly string[] | undefined })[d.part]);
}

/** The desired `InboundConnector` of a part. */
export function inboundConnectorObject(part: InboundConnectorPart): DesiredObject {
  const p: ExoParameters = { Name: part.name, Comment: marked(part.comment, 'InboundConnector', part.name) };
  put(p, 'ConnectorSource', part.connectorSource ?? 'Default');
  putDescribed(p, INBOUND_CONNECTOR_PARAMETERS, part);
  return { kind: 'InboundConnector', name: part.name, parameters: p };
}

/** The desired `OutboundConnector` of a part. */
export function outboundConnectorObject(part: OutboundConnectorPart): DesiredObject {
  const p: ExoParameters = { Name: part.name, Comment: marked(part.comment, 'OutboundConnector', part.name) };
  put(p, 'ConnectorSource', part.connectorSource ?? 'Default');
  putDescribed(p, OUTBOUND_CONNECTOR_PARAMETERS, part);
  return { kind: 'OutboundConnector', name: part.name, parameters: p };
}

/** The desired `TransportRule` of a part (`Enabled` on New only; no `Priority`: the order of the objects decides). */
export function routingRuleObject(part: RoutingRulePart): DesiredObject {
  const p: ExoParameters = { Name: part.name };
  put(p, 'FromScope', part.fromScope);
  put(p, 'SentToScope', part.sentToScope);
  put(p, 'RecipientDomainIs', part.recipientDomainIs);
  put(p, 'SenderDomainIs', part.senderDomainIs);
  if (part.headerContains) {
    p.HeaderContainsMessageHeader = part.headerContains.header;
    p.HeaderContainsWords = [...part.headerContains.values];
  }
  put(p, 'SubjectContainsWords', part.subjectContainsWords);
  put(p, 'SubjectOrBodyContainsWords', part.subjectOrBodyContainsWords);
  if (part.exceptIfHeaderMatches) {
    p.ExceptIfHeaderMatchesMessageHeader = part.exceptIfHeaderMatches.header;
    p.ExceptIfHeaderMatchesPatterns = [...part.exceptIfHeaderMatches.values];
  }
  if (part.exceptIfHeaderContains) {
    p.ExceptIfHeaderContainsMessageHeader = part.exceptIfHeaderContains.header;
    p.ExceptIfHeaderContainsWords = [...part.exceptIfHeaderContains.values];
  }
  put(p, 'ExceptIfMessageTypeMatches', part.exceptIfMessageTypeMatches);
  put(p, 'ExceptIfSCLOver', part.exceptIfSclOver);
  put(p, 'RouteMessageOutboundConnector', part.routeMessageOutboundConnector);
  put(p, 'SetHeaderName', part.setHeaderName);
  put(p, 'SetHeaderValue', part.setHeaderValue);
  put(p, 'RemoveHeader', part.removeHeader);
  put(p, 'SenderAddressLocation', part.senderAddressLocation);
  put(p, 'StopRuleProcessing', part.stopRuleProcessing);
  put(p, 'SetAuditSeverity', part.setAuditSeverity);
  put(p, 'Mode', part.mode ?? 'Enforce');
  p.Enabled = part.enabled;
  p.Comments = marked(part.comment, 'TransportRule', part.name);
  return { kind: 'TransportRule', name: part.name, parameters: p };
}

/** The tenant's managed domains, lower case, in declaration order. */
export function managedDomainsOf(tenant: TenantModel): string[] {
  return tenant.domains.map((d) => d.domain.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// The custom profile: parts declared by the user (MailGatewayProps.customProfile)
// ---------------------------------------------------------------------------------------------

/** The desired objects of a tenant on a custom gateway: inbound connector, outbound connector, then the rules in order. */
export function customProfileObjects(tenant: TenantModel): DesiredObject[] {
  const gateway = tenant.gateway;
  const profile = gateway.customProfile;
  if (!profile) throw libraryError(ERRORS.INTERNAL, `the custom gateway ${gateway.path} has no customProfile`);
  const options = tenant.connector ?? defaultConnectorOptions(tenant.path);
  const connectorsEnabled = options.connectorsEnabled;
  const rulesEnabled = options.rulesEnabled;
  const domains = managedDomainsOf(tenant);
  const objects: DesiredObject[] = [];
  const i = profile.inboundConnector;
  if (i) {
    const { identifyByCertificate, ...part } = i;
    objects.push(
      inboundConnectorObject({
        ...part,
        comment: i.comment ?? CUSTOM_DEFAULT_COMMENTS.inbound(gateway.fqdn, identifyByCertificate ? tenant.cbcCertificateName : undefined),
        enabled: connectorsEnabled,
        tlsSenderCertificateName: identifyByCertificate ? tenant.cbcCertificateName : undefined,
      }),
    );
  }
  const o = profile.outboundConnector;
  if (o) {
    objects.push(
      outboundConnectorObject({
        ...o,
        comment: o.comment ?? CUSTOM_DEFAULT_COMMENTS.outbound(gateway.fqdn),
        enabled: connectorsEnabled,
        smartHosts: o.smartHosts ?? (o.useMxRecord === true ? undefined : [gateway.fqdn]),
        tlsDomain: o.tlsDomain ?? (o.tlsSettings === 'DomainValidation' ? gateway.tlsCertificateName : undefined),
      }),
    );
  }
  for (const r of profile.routingRules) {
    const inbound = r.direction === 'inbound';
    objects.push(
      routingRuleObject({
        name: r.name,
        comment: r.comment ?? CUSTOM_DEFAULT_COMMENTS.rule(r.direction, r.scopeToManagedDomains, gateway.fqdn),
        enabled: rulesEnabled,
        fromScope: inbound ? 'NotInOrganization' : 'InOrganization',
        sentToScope: inbound ? 'InOrganization' : 'NotInOrganization',
        recipientDomainIs: inbound && r.scopeToManagedDomains ? domains : undefined,
        senderDomainIs: !inbound && r.scopeToManagedDomains ? domains : undefined,
        headerContains: r.headerContains,
        subjectOrBodyContainsWords: r.subjectOrBodyContainsWords,
        exceptIfHeaderContains: r.exceptIfHeaderContains,
        exceptIfHeaderMatches: r.exceptIfHeaderMatches,
        exceptIfMessageTypeMatches: r.exceptIfOutOfOffice ? 'OOF' : undefined,
        exceptIfSclOver: r.exceptIfSclOver,
        routeMessageOutboundConnector: r.routeToGateway ? o?.name : undefined,
        setHeaderName: r.setHeaderName,
        setHeaderValue: r.setHeaderValue,
        removeHeader: r.removeHeader,
        senderAddressLocation: r.senderAddressLocation,
        stopRuleProcessing: r.stopRuleProcessing,
      }),
    );
  }
  return objects;
}
