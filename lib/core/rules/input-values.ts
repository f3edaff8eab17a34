/**
 * Values an untyped caller (JavaScript, Python through jsii) can pass that TypeScript would
 * refuse: a string outside an enum, a number outside its range or not a number, an empty marker
 * header or word. The constructs hand such values to the model unchanged and these rules report
 * them, each with the construct path and the prop, instead of a profile silently taking another
 * branch or deploying an empty value.
 */
import { Finding, RuleDefinition } from '../findings';
import { GATEWAY_PRODUCTS, GatewayModel, NOSPAMPROXY_ROUTINGS, SEPPMAIL_CLOUD_REGIONS, SEPPMAIL_CLOUD_ROUTINGS } from '../fleet';
import type { HeaderTest } from '../exo-parts';
import { ValidationContext } from './context';
import { finding } from './helpers';

/** The values each public enum stands for (the enums live in lib/constructs; core knows the values). */
const CONNECTOR_TYPES = ['Partner', 'OnPremises'];
const TLS_SETTINGS = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'];
const DIRECTIONS = ['inbound', 'outbound'];
const SENDER_ADDRESS_LOCATIONS = ['Header', 'Envelope', 'HeaderOrEnvelope'];
const RULE_PLACEMENTS = ['Top', 'Bottom'];
const SIGN_IN_AUDIENCES = ['AzureADMultipleOrgs', 'AzureADMyOrg'];
const ROLE_GRANTS = ['ExchangeAdministrator', 'ExchangeRoleGroup'];

/** The SCL thresholds SEPPmail365 accepts for `ExceptIfSCLOver` (`-SCLInboundValue`). */
export const ALLOWED_SCL_THRESHOLDS: readonly number[] = [-1, 0, 5, 6, 8, 9];

function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function blank(v: unknown): boolean {
  return typeof v !== 'string' || v.trim() === '';
}

export const EnumValues: RuleDefinition<ValidationContext> = {
  code: 'CBC017',
  level: 'error',
  title: 'Every enum prop holds a member of its enum',
  explanation: 'A value outside the enum, as JavaScript or Python callers can pass, would silently take the branch of another member, e.g. deploy another product layout or rule placement.',
  check: (ctx) => {
    const out: Finding[] = [];
    const check = (path: string, prop: string, enumName: string, value: unknown, allowed: readonly string[], optional = false) => {
      if (optional && value === undefined) return;
      if (typeof value === 'string' && allowed.includes(value)) return;
      out.push(finding('CBC017', 'error', path, String(value), `${prop} ${shown(value)} is not a member of ${enumName}`, `use one of the ${enumName} members, whose values are ${allowed.map((a) => `'${a}'`).join(', ')}`));
    };
    for (const g of ctx.fleet.gateways) {
      check(g.path, 'product', 'GatewayProduct', g.product, GATEWAY_PRODUCTS);
      if (g.seppmailCloud) {
        check(g.path, 'seppmailCloud.region', 'SeppmailCloudRegion', g.seppmailCloud.region, SEPPMAIL_CLOUD_REGIONS);
        check(g.path, 'seppmailCloud.routing', 'SeppmailCloudRouting', g.seppmailCloud.routing, SEPPMAIL_CLOUD_ROUTINGS);
      }
      if (g.noSpamProxy) check(g.path, 'noSpamProxy.outboundRouting', 'NoSpamProxyOutboundRouting', g.noSpamProxy.outboundRouting, NOSPAMPROXY_ROUTINGS);
      const c = g.customProfile;
      if (c) {
        if (c.inboundConnector) check(g.path, 'customProfile.inboundConnector.connectorType', 'ConnectorType', c.inboundConnector.connectorType, CONNECTOR_TYPES);
        if (c.outboundConnector) {
          check(g.path, 'customProfile.outboundConnector.connectorType', 'ConnectorType', c.outboundConnector.connectorType, CONNECTOR_TYPES);
          check(g.path, 'customProfile.outboundConnector.tlsSettings', 'OutboundTlsSettings', c.outboundConnector.tlsSettings, TLS_SETTINGS);
        }
        c.routingRules.forEach((r, n) => {
          const at = `customProfile.routingRules[${n}]`;
          check(g.path, `${at}.direction`, 'RoutingDirection', r.direction, DIRECTIONS);
          check(g.path, `${at}.senderAddressLocation`, 'SenderAddressLocation', r.senderAddressLocation, SENDER_ADDRESS_LOCATIONS, true);
        });
      }
    }
    const apps = new Set<string>();
    for (const t of ctx.fleet.tenants) {
      if (t.connector) check(t.connector.path, 'rulePlacement', 'RulePlacement', t.connector.rulePlacement, RULE_PLACEMENTS, true);
      if (t.directoryAccess) check(t.directoryAccess.path, 'roleGrant', 'ExchangeRoleGrant', t.directoryAccess.roleGrant, ROLE_GRANTS, true);
      const app = t.directoryAccess?.app;
      if (app && !apps.has(app.path)) {
        apps.add(app.path); // one app serves many tenants: reported once
        check(app.path, 'signInAudience', 'SignInAudience', app.signInAudience, SIGN_IN_AUDIENCES);
      }
    }
    return out;
  },
};

export const NumericRanges: RuleDefinition<ValidationContext> = {
  code: 'CBC018',
  level: 'error',
  title: 'Every numeric prop is a number in its range',
  explanation: 'An SCL threshold or expiry horizon outside its range, or a string or NaN from an untyped caller, would be refused by Exchange Online half way through an apply, or silently disable the check.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const g of ctx.fleet.gateways) {
      const days = g.certificatePolicy.expiryWarningDays;
      if (typeof days !== 'number' || !Number.isFinite(days) || days < g.certificatePolicy.expiryErrorDays) {
        out.push(finding('CBC018', 'error', g.path, String(days), `certificateExpiryWarningDays ${String(days)} is not a number of days at or above the error horizon of ${g.certificatePolicy.expiryErrorDays} days`, `use ${g.certificatePolicy.expiryErrorDays} or more, or leave it out (30)`));
      }
      g.customProfile?.routingRules.forEach((r, n) => {
        const scl = r.exceptIfSclOver;
        if (scl !== undefined && (typeof scl !== 'number' || !Number.isInteger(scl) || scl < -1 || scl > 9)) {
          out.push(finding('CBC018', 'error', g.path, String(scl), `customProfile.routingRules[${n}] '${r.name}': exceptIfSclOver ${String(scl)} is not a spam confidence level from -1 to 9`, 'use a whole number from -1 to 9, or leave it out'));
        }
      });
    }
    for (const t of ctx.fleet.tenants) {
      const scl = t.connector?.sclInboundThreshold;
      if (t.connector && (typeof scl !== 'number' || !ALLOWED_SCL_THRESHOLDS.includes(scl))) {
        out.push(finding('CBC018', 'error', t.connector.path, String(scl), `sclInboundThreshold ${String(scl)} is not one of the values SEPPmail365 accepts for ExceptIfSCLOver`, `use one of ${ALLOWED_SCL_THRESHOLDS.join(', ')} (a number), or leave it out (5)`));
      }
    }
    return out;
  },
};

/** The props of a custom rule's header tests, as the user wrote them. */
const HEADER_TEST_PROPS: { [k in 'headerContains' | 'exceptIfHeaderContains' | 'exceptIfHeaderMatches']: [string, string] } = {
  headerContains: ['headerContainsName', 'headerContainsWords'],
  exceptIfHeaderContains: ['exceptIfHeaderContainsName', 'exceptIfHeaderContainsWords'],
  exceptIfHeaderMatches: ['exceptIfHeaderMatchesName', 'exceptIfHeaderMatchesPatterns'],
};

function markerProblems(g: GatewayModel): [string, string][] {
  const out: [string, string][] = [];
  const m = g.markers;
  for (const which of ['incoming', 'outgoing', 'internal'] as const) {
    if (blank(m[which].name)) out.push([`markerHeaders.${which}.name`, 'the header name is empty']);
    if (blank(m[which].value)) out.push([`markerHeaders.${which}.value`, `the value that marks processed mail in ${m[which].name || 'the header'} is empty, so every message would match`]);
  }
  if (blank(m.direction)) out.push(['markerHeaders.directionHeader', 'the direction header name is empty']);
  m.cleanOutbound.forEach((h, n) => {
    if (blank(h)) out.push([`markerHeaders.cleanOutboundHeaders[${n}]`, 'a header name to remove is empty']);
  });
  if (g.ftapi && blank(g.ftapi.receivedMarker)) out.push(['ftapi.receivedHeaderMarker', 'the word looked for in Received headers is empty, so every message would match']);
  g.customProfile?.routingRules.forEach((r, n) => {
    const at = `customProfile.routingRules[${n}] '${r.name}'`;
    for (const [key, [nameProp, valuesProp]] of Object.entries(HEADER_TEST_PROPS)) {
      const test = (r as unknown as { [k: string]: HeaderTest | undefined })[key];
      if (!test) continue;
      if (blank(test.header)) out.push([`${at} ${nameProp}`, 'the header name is empty']);
      if (test.values.length === 0) out.push([`${at} ${valuesProp}`, 'the list is empty; a header test needs at least one word or pattern']);
      test.values.forEach((v, i) => {
        if (blank(v)) out.push([`${at} ${valuesProp}[${i}]`, 'the word or pattern is empty, so it matches every message']);
      });
    }
    if (r.subjectOrBodyContainsWords !== undefined) {
      if (r.subjectOrBodyContainsWords.length === 0) out.push([`${at} subjectOrBodyContainsWords`, 'the list is empty']);
      r.subjectOrBodyContainsWords.forEach((w, i) => {
        if (blank(w)) out.push([`${at} subjectOrBodyContainsWords[${i}]`, 'the word is empty, so it matches every message']);
      });
    }
    if (r.setHeaderName !== undefined && blank(r.setHeaderName)) out.push([`${at} setHeaderName`, 'the header name is empty']);
    if (r.setHeaderValue !== undefined && blank(r.setHeaderValue)) out.push([`${at} setHeaderValue`, 'the value is empty']);
    if (r.removeHeader !== undefined && blank(r.removeHeader)) out.push([`${at} removeHeader`, 'the header name is empty']);
  });
  return out;
}

export const MarkerValues: RuleDefinition<ValidationContext> = {
  code: 'CBC019',
  level: 'error',
  title: 'Marker headers, their values and the words of header tests are not empty',
  explanation: 'An empty marker value or word (ExceptIfHeaderContainsWords "") is deployed as written: the exception matches every message or none, so mail loops through the gateway or bypasses it.',
  check: (ctx) =>
    ctx.fleet.gateways.flatMap((g) =>
      markerProblems(g).map(([prop, problem]) => finding('CBC019', 'error', g.path, prop, `${prop}: ${problem}`, 'give a non-empty value, or leave the prop out for its default')),
    ),
};
