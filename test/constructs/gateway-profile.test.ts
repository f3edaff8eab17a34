/**
 * GatewayProfile: each factory makes the profile of its product, MailGateway takes the product,
 * options and deployment from it, and the deployments belong to their product.
 */
import { Testing, TerraformStack } from 'cdktf';
import {
  ConnectorType,
  GatewayProduct,
  GatewayProfile,
  MailGateway,
  NoSpamProxyOutboundRouting,
  PostfixDeployment,
  SeppmailApplianceDeployment,
  SeppmailCloudRegion,
  SeppmailCloudRouting,
} from '../../lib';
import { terraformData } from '../helpers/synth';

const CLOUD = { region: SeppmailCloudRegion.DE, routing: SeppmailCloudRouting.INLINE };

test.each<[string, GatewayProfile, GatewayProduct]>([
  ['seppmailAppliance', GatewayProfile.seppmailAppliance(), GatewayProduct.SEPPMAIL_APPLIANCE],
  ['postfix', GatewayProfile.postfix(), GatewayProduct.POSTFIX],
  ['seppmailCloud', GatewayProfile.seppmailCloud(CLOUD), GatewayProduct.SEPPMAIL_CLOUD],
  ['noSpamProxy', GatewayProfile.noSpamProxy(), GatewayProduct.NOSPAMPROXY],
  ['ftapi', GatewayProfile.ftapi({ domainValidation: false }), GatewayProduct.FTAPI],
  ['custom', GatewayProfile.custom({ inboundConnector: { name: 'In', connectorType: ConnectorType.PARTNER } }), GatewayProduct.CUSTOM],
])('GatewayProfile.%s makes a gateway of its product', (_factory, profile, product) => {
  const stack = new TerraformStack(Testing.app(), 's');
  const gateway = new MailGateway(stack, 'Gw', { profile, fqdn: product === GatewayProduct.SEPPMAIL_CLOUD ? undefined : 'gw.provider.example' });
  expect(profile.product).toBe(product);
  expect(gateway.product).toBe(product);
  expect(gateway._toModel().product).toBe(product);
});

test("a factory's options reach the gateway model of its product only", () => {
  const stack = new TerraformStack(Testing.app(), 's');
  const nsp = new MailGateway(stack, 'Nsp', { profile: GatewayProfile.noSpamProxy({ outboundRouting: NoSpamProxyOutboundRouting.TRANSPORT_RULE }), fqdn: 'nsp.provider.example' });
  const cloud = new MailGateway(stack, 'Cloud', { profile: GatewayProfile.seppmailCloud(CLOUD) });
  expect(nsp._toModel()).toMatchObject({ noSpamProxy: { outboundRouting: 'transport-rule' } });
  expect(nsp._toModel().seppmailCloud).toBeUndefined();
  expect(cloud._toModel()).toMatchObject({ seppmailCloud: { region: 'de', routing: 'inline' }, fqdn: 'relay.seppmail.cloud', tlsCertificateName: '*.de.seppmail.cloud' });
  expect(cloud._toModel().noSpamProxy).toBeUndefined();
});

test('a deployment is made for its product and deploys that gateway', () => {
  const files = PostfixDeployment.files({ outputDir: '/srv/gateway-files' });
  const host = PostfixDeployment.host({ configDir: '/etc/postfix' });
  const rest = SeppmailApplianceDeployment.restApi({ apiUrl: 'https://gw.provider.example:8445/v1', tokenEnv: 'SM_TOKEN', secretEnv: 'SM_SECRET' });
  expect([files, host, rest].map((d) => [d.kind, d.product])).toEqual([
    ['postfix-files', 'postfix'],
    ['postfix-host', 'postfix'],
    ['seppmail-rest', 'seppmail-appliance'],
  ]);
  const stack = new TerraformStack(Testing.app(), 's');
  new MailGateway(stack, 'Pf', { profile: GatewayProfile.postfix({ deployment: files }), fqdn: 'gw.provider.example' });
  new MailGateway(stack, 'Plain', { profile: GatewayProfile.postfix(), fqdn: 'gw2.provider.example' });
  const resources = Object.keys(terraformData(JSON.parse(Testing.synth(stack))));
  expect(resources.filter((k) => k.startsWith('Pf_GatewaySync'))).toHaveLength(1);
  expect(resources.filter((k) => k.startsWith('Plain_'))).toEqual([]);
});
