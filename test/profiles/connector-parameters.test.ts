/**
 * The connector parameter descriptors are the one source of a custom connector's parameters:
 * each names a real cmdlet parameter of the right type, every field of the public connector
 * structs has a descriptor (or is one of the shaped fields), and what a user sets reaches the
 * Exchange object under the described name.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { INBOUND_CONNECTOR_PARAMETERS, OUTBOUND_CONNECTOR_PARAMETERS, ConnectorParameter, SHAPED_CONNECTOR_FIELDS } from '../../lib/core/connector-parameters';
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { gatewayProfileModels } from '../../lib/constructs/private/gateway-profile-models';
import { ConnectorType, GatewayProduct } from '../../lib';
import { customProfileObjects } from '../../lib/profiles/custom';
import { customGateway, gatewayTenant } from './fixtures';

const OPTIONS_FILE = path.resolve(__dirname, '..', '..', 'lib', 'constructs', 'custom-profile-options.ts');
const CATALOGUE_TYPE: { [kind: string]: string } = { boolean: 'Boolean', flag: 'Boolean', enum: 'Enum', text: 'String', name: 'String', texts: 'MultiValued', names: 'MultiValued' };

/** The field names of an exported interface of the public options file, those it inherits from interfaces of that file included. */
function structFields(name: string): string[] {
  const source = ts.createSourceFile(OPTIONS_FILE, ts.sys.readFile(OPTIONS_FILE)!, ts.ScriptTarget.ES2022, true);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no interface ${name} in ${OPTIONS_FILE}`);
  const inherited = (decl.heritageClauses ?? []).flatMap((clause) => clause.types.flatMap((type) => structFields(type.expression.getText(source))));
  return [...decl.members.map((m) => (m.name as ts.Identifier).text), ...inherited].sort();
}

const SIDES: [string, string, readonly ConnectorParameter[]][] = [
  ['InboundConnector', 'CustomInboundConnectorProps', INBOUND_CONNECTOR_PARAMETERS],
  ['OutboundConnector', 'CustomOutboundConnectorProps', OUTBOUND_CONNECTOR_PARAMETERS],
];

describe.each(SIDES)('%s descriptors', (kind, struct, descriptors) => {
  test.each(descriptors.map((d) => [d.exchange, d]))('%s is a New- and Set- parameter of the described type', (_name, d) => {
    for (const verb of ['New', 'Set']) {
      const spec = EXO_CATALOGUE[`${verb}-${kind}`].parameters[d.exchange];
      expect({ cmdlet: `${verb}-${kind}`, parameter: d.exchange, type: spec?.type }).toEqual({ cmdlet: `${verb}-${kind}`, parameter: d.exchange, type: CATALOGUE_TYPE[d.kind] });
    }
  });

  test(`every field of ${struct} has a descriptor, and every descriptor prop is a field`, () => {
    const described = descriptors.flatMap((d) => (d.prop ? [d.prop] : []));
    const shaped = structFields(struct).filter((f) => SHAPED_CONNECTOR_FIELDS.includes(f));
    expect([...described, ...shaped].sort()).toEqual(structFields(struct));
    expect(new Set(descriptors.map((d) => d.part)).size).toBe(descriptors.length);
  });
});

test('a value set on each described prop reaches its Exchange parameter', () => {
  const sample = (d: ConnectorParameter) => (d.kind === 'boolean' || d.kind === 'flag' ? true : d.kind === 'texts' ? ['192.0.2.7'] : d.kind === 'names' ? ['Host.Example.net'] : d.kind === 'name' ? 'Host.Example.net' : undefined);
  const props = (descriptors: readonly ConnectorParameter[], base: object) => Object.fromEntries([...Object.entries(base), ...descriptors.filter((d) => d.prop && sample(d) !== undefined).map((d) => [d.prop!, sample(d)])]);
  const models = gatewayProfileModels('MailGateway at t', 'gw.example.net', {
    product: GatewayProduct.CUSTOM,
    customProfile: {
      inboundConnector: props(INBOUND_CONNECTOR_PARAMETERS, { name: 'In', connectorType: ConnectorType.PARTNER }) as any,
      outboundConnector: props(OUTBOUND_CONNECTOR_PARAMETERS, { name: 'Out', connectorType: ConnectorType.ON_PREMISES }) as any,
    },
  });
  const [inbound, outbound] = customProfileObjects(gatewayTenant('T', customGateway(models.customProfile!)));
  for (const [object, descriptors] of [[inbound, INBOUND_CONNECTOR_PARAMETERS], [outbound, OUTBOUND_CONNECTOR_PARAMETERS]] as const) {
    for (const d of descriptors as readonly ConnectorParameter[]) {
      const value = sample(d);
      if (!d.prop || value === undefined) continue;
      const expected = d.kind === 'names' ? ['host.example.net'] : d.kind === 'name' ? 'host.example.net' : value;
      expect({ parameter: d.exchange, value: object.parameters[d.exchange] }).toEqual({ parameter: d.exchange, value: expected });
    }
  }
});
