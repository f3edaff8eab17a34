/**
 * The two deployment options the wire tests use, as a user declares them: a tenant's
 * `exoMxHost` (Microsoft's newer `*.mx.microsoft` MX hosts, or the address of a front door) and a
 * deployment's `exoCaFile` (the CAs that verify Exchange Online's server certificate).
 */
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, PostfixDeployment, TenantGateway } from '../../lib';
import { GatewayDocument } from '../../lib/gateways/types';
import { renderPostfix } from '../../lib/gateways/postfix/render';
import { AUTOMATION_APP_ID, CHECK_CONTEXT, PKI } from '../helpers/wire-harness';

function fleet(deployment: PostfixDeployment, mxHosts: { [tenant: string]: string | undefined }) {
  const app = Testing.app({ context: CHECK_CONTEXT });
  const stack = new TerraformStack(app, 's');
  const gateway = new MailGateway(stack, 'Postfix', { profile: GatewayProfile.postfix({ deployment }), fqdn: 'securemail.provider.example' });
  const tenants = [
    { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', domain: 'contoso.com', name: 'seppmail.contoso.com', certificate: 'contoso' },
    { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', domain: 'fabrikam.com', name: 'seppmail.fabrikam.com', certificate: 'fabrikam' },
    { id: 'Tailspin', tenantId: '9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603', domain: 'tailspintoys.com', name: 'seppmail.tailspintoys.com', certificate: 'tailspin' },
  ];
  for (const t of tenants) {
    new TenantGateway(stack, t.id, {
      gateway,
      tenantId: t.tenantId,
      initialDomain: `${t.id.toLowerCase()}.onmicrosoft.com`,
      cbcCertificateName: t.name,
      cbcCertificate: CertificateSource.fromPemFile(path.join(PKI, `${t.certificate}.pem`), { keyFile: path.join(PKI, `${t.certificate}.key.pem`) }),
      access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, 'EXO_APP_CERT_PFX_B64'),
      ...(mxHosts[t.id] !== undefined ? { exoMxHost: mxHosts[t.id] } : {}),
    }).addManagedDomain('Main', { domain: t.domain });
  }
  const doc = gateway._gatewayDocument() as GatewayDocument;
  const rendering = renderPostfix(doc, () => 'chain');
  const file = (name: string) => rendering.files.find((f) => f.path === name)!.content;
  return { doc, rendering, file };
}

describe('exoMxHost and exoCaFile', () => {
  test('exoMxHost replaces the derived MX host in the transport and TLS policy tables, per tenant', () => {
    const { doc, file } = fleet(PostfixDeployment.files({ outputDir: '/tmp/unused' }), { Contoso: 'Contoso-com.A1B2C3.MX.Microsoft.', Fabrikam: '192.0.2.25' });
    expect(doc.tenants.map((t) => [t.name, t.exoMxHost])).toEqual([
      ['Contoso', 'contoso-com.a1b2c3.mx.microsoft'],
      ['Fabrikam', '192.0.2.25'],
      ['Tailspin', 'tailspintoys-com.mail.protection.outlook.com'],
    ]);
    expect(file('transport')).toContain('contoso.com       t-contoso:[contoso-com.a1b2c3.mx.microsoft]');
    expect(file('transport')).toContain('fabrikam.com      t-fabrikam:[192.0.2.25]');
    expect(file('tls_policy')).toContain('[contoso-com.a1b2c3.mx.microsoft]               secure match=.mx.microsoft:.mail.protection.outlook.com');
    expect(file('tls_policy')).toContain('[192.0.2.25]                                    secure match=.mail.protection.outlook.com');
    expect(file('tls_policy')).toContain('[tailspintoys-com.mail.protection.outlook.com]  secure match=.mail.protection.outlook.com');
  });

  test('without exoMxHost and exoCaFile the rendering is unchanged: derived host, no CA file on the tenant transports', () => {
    const { doc, rendering } = fleet(PostfixDeployment.files({ outputDir: '/tmp/unused' }), {});
    expect(doc.tenants.map((t) => t.exoMxHost)).toEqual(['contoso-com.mail.protection.outlook.com', 'fabrikam-com.mail.protection.outlook.com', 'tailspintoys-com.mail.protection.outlook.com']);
    expect('exoCaFile' in doc.deployment).toBe(false);
    expect(rendering.services).toHaveLength(3);
    for (const s of rendering.services) expect(s.entry).not.toContain('smtp_tls_CAfile');
  });

  test('exoCaFile is set on each tenant transport only, never in main.cf', () => {
    const { rendering, file } = fleet(PostfixDeployment.host({ configDir: '/tmp/unused-config', exoCaFile: path.join(PKI, 'root.pem') }), {});
    for (const s of rendering.services) expect(s.entry).toContain(`-o smtp_tls_CAfile=${path.join(PKI, 'root.pem')}`);
    expect(file('master.cf.fragment')).toContain(`  -o smtp_tls_CAfile=${path.join(PKI, 'root.pem')}\n`);
    expect(rendering.mainCf.map(([n]) => n)).not.toContain('smtp_tls_CAfile');
    expect(file('main.cf.fragment')).not.toContain('CAfile');
  });

  test.each(['contoso', '*.mail.protection.outlook.com', 'contoso_com.mail.protection.outlook.com', '[192.0.2.1]', '192.0.2.1:2525', 'host.123'])('fails for exoMxHost %p', (value) => {
    expect(() => fleet(PostfixDeployment.files({ outputDir: '/tmp/unused' }), { Contoso: value })).toThrow(/TenantGateway at s\/Contoso: exoMxHost '.*' is not a DNS host name or an IPv4 address/);
  });

  test('fails for an exoCaFile on the gateway that is not an absolute path', () => {
    expect(() => PostfixDeployment.files({ outputDir: '/tmp/unused', exoCaFile: 'certs/root.pem' })).toThrow(/exoCaFile 'certs\/root.pem' must be an absolute path on the gateway/);
  });
});
