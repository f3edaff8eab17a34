import { Testing, TerraformStack } from 'cdktf';
import { ExchangeAccess, ExchangeTransport, GatewayProfile, MailGateway, TenantGateway } from '../../lib';

const APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';

function tenants(gatewayTransport: ExchangeTransport | undefined, tenantTransports: (ExchangeTransport | undefined)[]) {
  const stack = new TerraformStack(Testing.app(), 'msp');
  const gateway = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.example-msp.net', tlsCertificateName: '*.example-msp.net', transport: gatewayTransport });
  return tenantTransports.map((transport, i) => {
    const t = new TenantGateway(stack, `T${i}`, {
      gateway,
      tenantId: `00000000-0000-4000-8000-00000000000${i}`,
      initialDomain: `t${i}.onmicrosoft.com`,
      cbcCertificateName: `mail.t${i}.com`,
      access: ExchangeAccess.certificateFromEnvironment(APP_ID, 'EXO_CERT'),
      transport,
    });
    t.addManagedDomain('D', { domain: `t${i}.com` });
    return JSON.parse(t.renderDesiredState()).access;
  });
}

describe('ExchangeTransport', () => {
  test('the PowerShell session is the default, and leaves the access section as it was', () => {
    const [access] = tenants(undefined, [undefined]);
    expect(access).toEqual({ appId: APP_ID, organization: 't0.onmicrosoft.com', certificateEnv: 'EXO_CERT' });
  });

  test('a fleet-wide adminApi default, overridden per tenant', () => {
    const [fleetDefault, ownChoice] = tenants(ExchangeTransport.ADMIN_API, [undefined, ExchangeTransport.POWERSHELL]);
    expect(fleetDefault.transport).toBe('adminApi');
    expect(ownChoice.transport).toBeUndefined();
  });

  test('one tenant on adminApi in a PowerShell fleet', () => {
    const [a, b] = tenants(undefined, [ExchangeTransport.ADMIN_API, undefined]);
    expect(a.transport).toBe('adminApi');
    expect(b.transport).toBeUndefined();
  });
});
