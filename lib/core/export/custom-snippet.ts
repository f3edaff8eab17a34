/**
 * The TypeScript `exo-gateway export` writes next to the fleet file for its custom gateways: one
 * `GatewayProfile.custom({...})` per gateway with `profile: custom`, with the options read back
 * (custom-layout.ts), enum values written as the enums' members, for the FleetFile's
 * `gatewayProfiles`. Plain data, no I/O.
 */
import { CustomProfileFields } from '../custom-profile-model';
import { ConnectorType, OutboundTlsSettings, RoutingDirection, SenderAddressLocation } from '../enums';

/** The options that hold an enum value, and the enum (its name as exported, its members). */
const ENUM_OPTIONS: { readonly [option: string]: readonly [string, { readonly [member: string]: string }] } = {
  connectorType: ['ConnectorType', ConnectorType],
  tlsSettings: ['OutboundTlsSettings', OutboundTlsSettings],
  direction: ['RoutingDirection', RoutingDirection],
  senderAddressLocation: ['SenderAddressLocation', SenderAddressLocation],
};

/** A value as a TypeScript literal; `option` is the field it is the value of. */
function literal(value: unknown, indent: string, option?: string): string {
  const e = option !== undefined ? ENUM_OPTIONS[option] : undefined;
  const member = e ? Object.entries(e[1]).find(([, v]) => v === value)?.[0] : undefined;
  if (e && member) return `${e[0]}.${member}`;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, indent)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const inner = `${indent}  `;
    const fields = Object.entries(value as object).filter(([, v]) => v !== undefined);
    return `{\n${fields.map(([k, v]) => `${inner}${k}: ${literal(v, inner, k)},`).join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The TypeScript file of the custom profiles, by gateway name; `fleetFile` is the written fleet file's name. */
export function customProfilesSnippet(profiles: readonly (readonly [string, CustomProfileFields])[], fleetFile: string): string {
  return [
    `// Written by exo-gateway export: the custom profiles of the gateways of ${fleetFile}, rebuilt from the`,
    '// connectors and rules the tenants hold. Give them to the FleetFile that reads the file:',
    `//   new FleetFile(stack, 'Fleet', { path: '${fleetFile}', gatewayProfiles: exportedGatewayProfiles() });`,
    "import { ConnectorType, GatewayProfile, OutboundTlsSettings, RoutingDirection, SenderAddressLocation } from 'cdktf-exo-gateway';",
    '',
    '// Every enum is imported, whether a profile uses it or not.',
    'void [ConnectorType, OutboundTlsSettings, RoutingDirection, SenderAddressLocation];',
    '',
    '/** The custom profiles of the exported gateways, by gateway name. */',
    'export function exportedGatewayProfiles(): { [gateway: string]: GatewayProfile } {',
    '  return {',
    ...profiles.map(([name, options]) => `    ${name}: GatewayProfile.custom(${literal(options, '    ')}),`),
    '  };',
    '}',
    '',
  ].join('\n');
}
