/**
 * The one description of the fleet file (fleet.yaml / fleet.json): the loader validates against
 * it field by field (lib/core/fleet-file-parse.ts) and the published JSON Schema
 * (schema/fleet.schema.json, written by `npm run docs`) is generated from it, so the two cannot
 * disagree.
 */
import { ExchangeTransport, NoSpamProxyOutboundRouting, RulePlacement, SeppmailCloudRegion, SeppmailCloudRouting, enumValues } from './enums';

/** A field's type in the fleet file. */
export type FieldType =
  | { readonly kind: 'string'; readonly pattern?: string; readonly patternHint?: string; readonly values?: readonly string[]; readonly maxLength?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly minimum: number; readonly maximum: number }
  | { readonly kind: 'list'; readonly items: FieldType; readonly maxItems: number }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Field>> }
  | { readonly kind: 'map'; readonly keyPattern: string; readonly keyHint: string; readonly values: FieldType; readonly maxEntries: number };

/** A named field of an object. */
export interface Field {
  readonly type: FieldType;
  readonly required?: boolean;
  readonly doc: string;
}

/** A construct name: a letter, then letters, digits, - or _. */
export const NAME = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
/** How {@link NAME} is described in messages. */
export const NAME_HINT = 'a letter followed by up to 63 letters, digits, - or _';
/** A DNS host name, optionally a wildcard. */
export const HOST = '^(?=.{1,253}$)(\\*\\.)?([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9-]{2,63}\\.?$';
const ENV = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';
/** A GUID. */
export const GUID = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';

const str = (maxLength = 512): FieldType => ({ kind: 'string', maxLength });
const host: FieldType = { kind: 'string', pattern: HOST, patternHint: 'a DNS name such as mail.example.com' };
const env: FieldType = { kind: 'string', pattern: ENV, patternHint: 'an environment variable name such as EXO_APP_CERT' };
const guid: FieldType = { kind: 'string', pattern: GUID, patternHint: 'a GUID such as 00000000-0000-4000-8000-000000000001' };
const bool: FieldType = { kind: 'boolean' };
const oneOf = (...values: string[]): FieldType => ({ kind: 'string', values });
const obj = (fields: Record<string, Field>): FieldType => ({ kind: 'object', fields });

/** The profile names of the file and the GatewayProfile factory each selects. */
export const PROFILES = ['seppmail-appliance', 'postfix', 'seppmail-cloud', 'nospamproxy', 'ftapi', 'custom'] as const;

/** Largest fleet file read, in bytes. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The access fields of the fleet file (also the tenant list of `exo-gateway export`). */
export const ACCESS = obj({
  appId: { type: guid, required: true, doc: 'Application (client) id of your own Exchange automation app, consented in the tenant.' },
  certificateFile: { type: str(), doc: 'PFX file of the app certificate on the runner (relative to the fleet file). Give this or certificateEnv.' },
  certificateEnv: { type: env, doc: 'Name of the environment variable holding the base64 PFX of the app certificate. Give this or certificateFile.' },
  passwordEnv: { type: env, doc: 'Name of the environment variable holding the PFX password.' },
});

const TENANT = obj({
  tenantId: { type: guid, required: true, doc: 'Entra tenant id.' },
  initialDomain: { type: host, required: true, doc: 'The tenant\'s <name>.onmicrosoft.com domain.' },
  domains: { type: { kind: 'list', items: host, maxItems: 1000 }, doc: 'Mail domains routed through the gateway (TenantGateway.addManagedDomain).' },
  gateway: { type: { kind: 'string', pattern: NAME, patternHint: NAME_HINT }, doc: 'Name of the gateway under gateways:; may be left out when there is one.' },
  cbcCertificateName: { type: host, doc: 'Name on the certificate the gateway presents to this tenant (not for SEPPmail.cloud, which derives it).' },
  cbcCertificate: {
    type: obj({
      pemFile: { type: str(), doc: 'PEM certificate file (relative to the fleet file).' },
      keyFile: { type: str(), doc: 'PEM private key file, with pemFile, for gateway deployments.' },
      pfxFile: { type: str(), doc: 'PFX file (relative to the fleet file). Give this or pemFile.' },
      passwordEnv: { type: env, doc: 'Environment variable holding the PFX password.' },
    }),
    doc: 'The certificate file itself, inspected at synth (CertificateSource).',
  },
  access: { type: ACCESS, doc: 'How the apply step reaches this tenant; defaults.access when left out.' },
  exoMxHost: { type: host, doc: 'Exchange Online MX host of the tenant when it is not derived from the initial domain.' },
  transport: { type: oneOf(...enumValues(ExchangeTransport)), doc: 'How the apply step reaches Exchange Online (ExchangeTransport).' },
  retired: { type: bool, doc: 'Remove this tenant\'s objects from Exchange Online and keep nothing.' },
  adoptExisting: { type: bool, doc: 'Claim objects that already carry the library\'s names.' },
  shard: { type: { kind: 'integer', minimum: 0, maximum: 999 }, doc: 'Keep the tenant in this shard whatever its assignment.' },
  connector: {
    type: obj({
      rulesEnabled: { type: bool, doc: 'Create the transport rules enabled.' },
      rulePlacement: { type: oneOf(...enumValues(RulePlacement)), doc: 'Where the rules go among the tenant\'s rules (RulePlacement).' },
      strict: { type: bool, doc: 'Treat rule warnings of this tenant as errors.' },
      cryptoContentOnly: { type: bool, doc: 'SEPPmail: route only encrypted or signed inbound mail to the gateway (default true).' },
      inboundConnectorName: { type: str(64), doc: 'Name of the inbound connector when it is not the profile\'s (an adopted connector made by hand).' },
      outboundConnectorName: { type: str(64), doc: 'Name of the outbound connector when it is not the profile\'s (an adopted connector made by hand).' },
    }),
    doc: 'Options of the tenant\'s connector pair (CbcConnector).',
  },
});

const GATEWAY = obj({
  profile: { type: oneOf(...PROFILES), required: true, doc: 'The gateway product (GatewayProfile factory); custom, and a profile with a gateway deployment, are built in code (FleetFile gatewayProfiles).' },
  fqdn: { type: host, doc: 'Public DNS name of the gateway (required except for seppmail-cloud).' },
  tlsCertificateName: { type: host, doc: 'Name on the gateway\'s TLS certificate; defaults to fqdn.' },
  transport: { type: oneOf(...enumValues(ExchangeTransport)), doc: 'Transport of every tenant of this gateway that does not choose its own.' },
  certificateExpiryWarningDays: { type: { kind: 'integer', minimum: 8, maximum: 365 }, doc: 'Warn when a certificate expires within this many days.' },
  seppmailCloud: {
    type: obj({
      region: { type: oneOf(...enumValues(SeppmailCloudRegion)), required: true, doc: 'SEPPmail.cloud region.' },
      routing: { type: oneOf(...enumValues(SeppmailCloudRouting)), required: true, doc: 'parallel (MX at Microsoft) or inline (MX at SEPPmail.cloud).' },
      inboundOnly: { type: bool, doc: 'Inline only: no outbound connector.' },
      tenantPrerequisitesConfirmed: { type: bool, doc: 'The tenant prerequisites of SEPPmail.cloud are done.' },
    }),
    doc: 'Options of profile seppmail-cloud (required with it).',
  },
  noSpamProxy: {
    type: obj({
      outboundRouting: { type: oneOf(...enumValues(NoSpamProxyOutboundRouting)), doc: 'How outbound mail reaches NoSpamProxy.' },
      enhancedFilteringSkipIps: { type: { kind: 'list', items: str(64), maxItems: 100 }, doc: 'Gateway addresses Enhanced Filtering skips.' },
      restrictToCertificate: { type: bool, doc: 'Restrict the inbound connector to the certificate.' },
      externalClientCertificateName: { type: host, doc: 'Name on the certificate NoSpamProxy presents as a client.' },
      presentsNoExternalClientCertificate: { type: bool, doc: 'NoSpamProxy presents no client certificate.' },
    }),
    doc: 'Options of profile nospamproxy.',
  },
  ftapi: {
    type: obj({
      domainValidation: { type: bool, doc: 'Validate the gateway\'s TLS domain on the outbound connector.' },
      receivedHeaderMarker: { type: str(253), doc: 'Text of the Received header that marks mail from the gateway.' },
    }),
    doc: 'Options of profile ftapi.',
  },
});

/** The fleet file's top level. */
export const FLEET_FILE: FieldType = obj({
  $schema: { type: str(), doc: 'The JSON Schema of this file, for editors.' },
  version: { type: { kind: 'integer', minimum: 1, maximum: 1 }, required: true, doc: 'Format version: 1.' },
  shardCount: { type: { kind: 'integer', minimum: 1, maximum: 1000 }, doc: 'Split the tenants into this many stacks (FleetShards).' },
  stackIdPrefix: { type: { kind: 'string', pattern: NAME, patternHint: NAME_HINT }, doc: 'Prefix of the shard stacks\' ids.' },
  gateways: { type: { kind: 'map', keyPattern: NAME, keyHint: NAME_HINT, values: GATEWAY, maxEntries: 50 }, required: true, doc: 'The gateways, by construct name.' },
  defaults: { type: obj({ access: { type: ACCESS, doc: 'Access of every tenant that gives none.' } }), doc: 'Values every tenant gets unless it sets its own.' },
  tenants: { type: { kind: 'map', keyPattern: NAME, keyHint: NAME_HINT, values: TENANT, maxEntries: 20000 }, required: true, doc: 'The tenants, by construct name.' },
});

function toJsonSchema(t: FieldType, doc?: string): Record<string, unknown> {
  const d = doc === undefined ? {} : { description: doc };
  switch (t.kind) {
    case 'string':
      return { type: 'string', ...d, ...(t.values ? { enum: [...t.values] } : {}), ...(t.pattern ? { pattern: t.pattern } : {}), ...(t.maxLength ? { maxLength: t.maxLength } : {}) };
    case 'boolean':
      return { type: 'boolean', ...d };
    case 'integer':
      return { type: 'integer', ...d, minimum: t.minimum, maximum: t.maximum };
    case 'list':
      return { type: 'array', ...d, items: toJsonSchema(t.items), maxItems: t.maxItems };
    case 'map':
      return { type: 'object', ...d, propertyNames: { pattern: t.keyPattern }, additionalProperties: toJsonSchema(t.values), maxProperties: t.maxEntries };
    case 'object': {
      const required = Object.entries(t.fields).filter(([, f]) => f.required).map(([k]) => k);
      return {
        type: 'object',
        ...d,
        properties: Object.fromEntries(Object.entries(t.fields).map(([k, f]) => [k, toJsonSchema(f.type, f.doc)])),
        ...(required.length ? { required } : {}),
        additionalProperties: false,
      };
    }
  }
}

/** The JSON Schema of the fleet file, as published in schema/fleet.schema.json. */
export function fleetJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://cdktf-exo-gateway.invalid/schema/fleet.schema.json',
    title: 'cdktf-exo-gateway fleet file',
    ...toJsonSchema(FLEET_FILE, 'The gateways and tenants of a fleet, loaded by the FleetFile construct. Generated from lib/core/fleet-file-schema.ts by npm run docs.'),
  };
}

/** The text of schema/fleet.schema.json. */
export function fleetJsonSchemaText(): string {
  return JSON.stringify(fleetJsonSchema(), null, 2) + '\n';
}
