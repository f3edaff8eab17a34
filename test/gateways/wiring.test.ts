/**
 * How a gateway deployment is wired into the stack (Testing.synth), the Postfix profile's
 * Exchange Online objects (bound against the cmdlet catalogue), and the rules CBC030-CBC032.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { POSTFIX_TENANTS, PostfixMspStack } from '../../examples/postfix-msp/fleet';
import { profileTraits } from '../../lib/profiles/traits';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, PostfixDeployment, TenantGateway } from '../../lib';
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { MANAGED_MARKER } from '../../lib/core/exo-model';
import { postfixObjects } from '../../lib/profiles/postfix';
import { tenant as tenantModel, GATEWAY } from '../helpers/fleet-fixtures';
import { convergeDocument, synthWithAnnotations, terraformData } from '../helpers/synth';
import { CHECK_CONTEXT, PKI } from './helpers';

function entry(json: any, prefix: string): [string, any] {
  const found = Object.entries(terraformData(json)).filter(([k]) => k.startsWith(`${prefix}_`));
  if (found.length !== 1) throw new Error(`expected one ${prefix}_*, found ${found.map(([k]) => k).join(', ')}`);
  return found[0];
}

describe('gateway deployment wiring', () => {
  const app = Testing.app({ context: CHECK_CONTEXT });
  const stack = new PostfixMspStack(app, 'pf', { deployment: PostfixDeployment.files({ outputDir: '/srv/gateway-files' }) });
  const { json, errors, warnings } = synthWithAnnotations(stack);
  const [syncId, sync] = entry(json, 'Postfix_GatewaySync');
  const [teardownId, teardown] = entry(json, 'Postfix_GatewayTeardown');
  const [registryId] = entry(json, 'ExoGatewayFleet_Registry');

  test('the example synthesizes without errors', () => {
    expect(errors).toEqual([]);
    expect(warnings.every((w) => w.includes('CBC013'))).toBe(true);
  });

  test('every Converge depends on GatewaySync, every Teardown on GatewayTeardown', () => {
    for (const t of POSTFIX_TENANTS) {
      expect(entry(json, `${t.id}_Converge`)[1].depends_on).toContain(`terraform_data.${syncId}`);
      expect(entry(json, `${t.id}_Teardown`)[1].depends_on).toEqual([`terraform_data.${teardownId}`]);
    }
  });

  test('GatewaySync depends on GatewayTeardown and on the fleet registry', () => {
    expect(sync.depends_on).toEqual([`terraform_data.${teardownId}`, `terraform_data.${registryId}`]);
  });

  test('GatewaySync: trigger = document hash, create-time command is constant text, the document travels in input', () => {
    expect(sync.triggers_replace).toMatch(/^[0-9a-f]{64}$/);
    expect(sync.input.hash).toBe(sync.triggers_replace);
    const exec = sync.provisioner[0]['local-exec'];
    expect(exec.when).toBeUndefined();
    expect(exec.command).toMatch(/^node "assets\/ExoGatewayRuntime\/[0-9A-F]+\/exo-apply\.js" gateway-sync$/);
    expect(exec.environment).toEqual({ EXO_GATEWAY_DOCUMENT: '${self.input.document}' });
    const doc = JSON.parse(sync.input.document);
    expect(doc.deployment).toEqual({ kind: 'postfix-files', outputDir: '/srv/gateway-files', gatewayDir: '/etc/postfix/cdktf-exo-gateway', tableType: 'hash' });
    expect(doc.tenants.map((t: any) => [t.name, t.exoMxHost, t.certificate.kind])).toEqual([
      ['Contoso', 'contoso-com.mail.protection.outlook.com', 'pem'],
      ['Fabrikam', 'fabrikam-com.mail.protection.outlook.com', 'pem'],
      ['Northwind', 'northwind-com.mail.protection.outlook.com', 'pem'],
    ]);
    expect(doc.tenants[0].certificate).toEqual({ kind: 'pem', file: path.join(PKI, 'contoso.pem'), keyFile: path.join(PKI, 'contoso.key.pem'), fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
  });

  test('GatewayTeardown: stable trigger (where the files go), destroy-time provisioner referencing only self', () => {
    expect(teardown.triggers_replace).toBe('postfix-files:/srv/gateway-files');
    const exec = teardown.provisioner[0]['local-exec'];
    expect(exec.when).toBe('destroy');
    expect(exec.command).toMatch(/ gateway-teardown$/);
    expect(exec.environment).toEqual({ EXO_GATEWAY_DOCUMENT: '${self.input.document}' });
    expect(JSON.parse(teardown.input.document).tenants).toEqual([]);
    expect(teardown.depends_on).toBeUndefined();
  });

  test('no key material in the stack: the key files are referenced, never read', () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain('PRIVATE KEY');
    const key = fs.readFileSync(path.join(PKI, 'contoso.key.pem'), 'utf8').split('\n')[1];
    expect(text).not.toContain(key);
  });

  test('a document too long for one environment variable travels in parts', () => {
    const app2 = Testing.app({ context: CHECK_CONTEXT });
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...POSTFIX_TENANTS[0],
      id: `Tenant${i}`,
      tenantId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      initialDomain: `tenant${i}.onmicrosoft.com`,
      cbcCertificateName: `mail.tenant${i}.example`,
      domains: [`tenant${i}.example`],
    }));
    const big = synthWithAnnotations(new PostfixMspStack(app2, 'big', { tenants: many }));
    const [, s] = entry(big.json, 'Postfix_GatewaySync');
    const env = s.provisioner[0]['local-exec'].environment;
    const parts = Number(env.EXO_GATEWAY_DOCUMENT_PARTS);
    expect(parts).toBeGreaterThan(1);
    expect(env.EXO_GATEWAY_DOCUMENT_1).toBe('${substr(self.input.document, 0, 32768)}');
    expect(env[`EXO_GATEWAY_DOCUMENT_${parts}`]).toBe(`\${substr(self.input.document, ${(parts - 1) * 32768}, 32768)}`);
    expect(s.input.document.length).toBeLessThanOrEqual(parts * 32768);
    expect(s.input.document.length).toBeGreaterThan((parts - 1) * 32768);
  });

  test('a tenant in another stack than its deployed gateway, and bad Postfix options, are refused', () => {
    const app3 = Testing.app();
    const s1 = new TerraformStack(app3, 's1');
    const gw = new MailGateway(s1, 'Pf', { profile: GatewayProfile.postfix({ deployment: PostfixDeployment.host({ configDir: '/etc/postfix' }) }), fqdn: 'gw.example.net' });
    const s2 = new TerraformStack(app3, 's2');
    expect(() => new TenantGateway(s2, 'Contoso', { gateway: gw, tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'mail.contoso.com', access: ExchangeAccess.certificateFromEnvironment('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', 'X') })).toThrow(
      /its gateway s1\/Pf has a deployment and is in the stack s1; declare the tenant in that stack too/,
    );
    expect(() => PostfixDeployment.files({ outputDir: '/tmp/x', tableType: 'sqlite' })).toThrow(/tableType 'sqlite' is not one of hash, btree, lmdb, cdb/);
    expect(() => PostfixDeployment.files({ outputDir: '/tmp/x', gatewayDir: 'relative' })).toThrow(/must be an absolute path/);
  });
});

describe('rules CBC030-CBC032', () => {
  function findings(build: (stack: TerraformStack, gw: MailGateway) => void, deployment?: PostfixDeployment) {
    const app = Testing.app({ context: CHECK_CONTEXT });
    const stack = new TerraformStack(app, 'msp');
    const gw = new MailGateway(stack, 'Pf', { profile: GatewayProfile.postfix({ deployment }), fqdn: 'securemail.provider.example', trustedRootsPemFile: path.join(PKI, 'root.pem') });
    build(stack, gw);
    const r = synthWithAnnotations(stack);
    return [...r.errors, ...r.warnings];
  }
  const tenant = (stack: TerraformStack, gw: MailGateway, id: string, n: number, cert?: CertificateSource) => {
    const t = new TenantGateway(stack, id, { gateway: gw, tenantId: `00000000-0000-4000-8000-00000000000${n}`, initialDomain: `t${n}.onmicrosoft.com`, cbcCertificateName: 'seppmail.contoso.com', cbcCertificate: cert, access: ExchangeAccess.certificateFromEnvironment('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', 'X') });
    t.addManagedDomain('D', { domain: n === 1 ? 'contoso.com' : `t${n}.example` });
    return t;
  };
  const files = () => PostfixDeployment.files({ outputDir: '/tmp/gw' });

  test('CBC030: a deployed gateway needs each tenant certificate as a file with its key', () => {
    expect(findings((s, g) => tenant(s, g, 'Contoso', 1), files()).join('\n')).toMatch(/CBC030: tenant 'Contoso' has no certificate file, but its gateway securemail.provider.example is deployed by the library \(postfix-files\)/);
    expect(findings((s, g) => tenant(s, g, 'Contoso', 1, CertificateSource.fromPemFile(path.join(PKI, 'contoso.pem'))), files()).join('\n')).toMatch(/CBC030: tenant 'Contoso' has the PEM file .*contoso.pem without a keyFile/);
    expect(findings((s, g) => tenant(s, g, 'Contoso', 1, CertificateSource.fromPemFile(path.join(PKI, 'contoso.pem'), { keyFile: path.join(PKI, 'contoso.key.pem') })), files()).join('\n')).not.toMatch(/CBC03/);
  });

  test('CBC031: tenant names that give the same Postfix transport', () => {
    const out = findings((s, g) => {
      tenant(s, g, 'Contoso', 1);
      tenant(s, g, 'contoso-', 2);
    });
    expect(out.join('\n')).toMatch(/CBC031: tenants 'Contoso' and 'contoso-' of the gateway securemail.provider.example both get the Postfix transport t-contoso/);
  });

  test('a retired tenant keeps its gateway configuration until its declaration is deleted', () => {
    const app = Testing.app({ context: CHECK_CONTEXT });
    const stack = new TerraformStack(app, 'msp');
    const gw = new MailGateway(stack, 'Pf', { profile: GatewayProfile.postfix({ deployment: files() }), fqdn: 'securemail.provider.example' });
    const t = new TenantGateway(stack, 'Contoso', {
      gateway: gw,
      tenantId: '00000000-0000-4000-8000-000000000001',
      initialDomain: 't1.onmicrosoft.com',
      cbcCertificateName: 'seppmail.contoso.com',
      cbcCertificate: CertificateSource.fromPemFile(path.join(PKI, 'contoso.pem'), { keyFile: path.join(PKI, 'contoso.key.pem') }),
      access: ExchangeAccess.certificateFromEnvironment('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', 'X'),
      retired: true,
    });
    t.addManagedDomain('D', { domain: 'contoso.com' });
    const { json } = synthWithAnnotations(stack);
    const [syncId, sync] = entry(json, 'Pf_GatewaySync');
    expect(JSON.parse(sync.input.document).tenants.map((x: any) => x.name)).toEqual(['Contoso']);
    expect(entry(json, 'Contoso_Converge')[1].depends_on).toContain(`terraform_data.${syncId}`);
    expect(convergeDocument(json, 'Contoso').objects).toEqual([]);
    expect(entry(json, 'Contoso_Converge')[1].triggers_replace).toEqual(expect.arrayContaining(['profile: postfix, retired', 'objects: none']));
  });

  test('CBC032: a Postfix gateway without a deployment is a warning', () => {
    expect(findings((s, g) => tenant(s, g, 'Contoso', 1)).join('\n')).toMatch(/CBC032: the Postfix gateway securemail.provider.example has no deployment/);
  });

  test('CBC027 is an error for Postfix: a tenant certificate without clientAuth', () => {
    const out = findings((s, g) => tenant(s, g, 'Contoso', 1, CertificateSource.fromPemFile(path.join(PKI, 'no-client-auth.pem'), { keyFile: path.join(PKI, 'no-client-auth.key.pem') })), files());
    expect(out.join('\n')).toMatch(/CBC027: the CBC certificate of tenant 'Contoso'/);
  });
});

describe('Postfix profile (MX at the gateway)', () => {
  const gw = { ...GATEWAY, product: 'postfix' as const, traits: profileTraits('postfix') };
  const t = tenantModel('Contoso', { gateway: gw });
  const objects = postfixObjects(t);

  test('one connector pair, no transport rules', () => {
    expect(objects.map((o) => `${o.kind}:${o.name}`)).toEqual(['InboundConnector:[Postfix] Gateway -> ExchangeOnline', 'OutboundConnector:[Postfix] ExchangeOnline -> Gateway']);
  });

  test('inbound: OnPremises, any sender domain, the tenant certificate name, TLS required', () => {
    expect(objects[0].parameters).toEqual({
      Name: '[Postfix] Gateway -> ExchangeOnline',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'OnPremises',
      Enabled: true,
      EFSkipLastIP: true,
      RequireTls: true,
      SenderDomains: ['*'],
      TlsSenderCertificateName: 'seppmail.contoso.com',
    });
  });

  test('outbound: Partner, every recipient domain, to the gateway as smart host, validating its certificate name', () => {
    expect(objects[1].parameters).toEqual({
      Name: '[Postfix] ExchangeOnline -> Gateway',
      Comment: expect.stringContaining(MANAGED_MARKER),
      ConnectorSource: 'Default',
      ConnectorType: 'Partner',
      Enabled: true,
      RecipientDomains: ['*'],
      SmartHosts: ['securemail.provider.example'],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: '*.provider.example',
    });
  });

  const variants = [t, tenantModel('Fabrikam', { gateway: gw, connector: { path: 'c', rulesEnabled: false, rulePlacement: 'Bottom', cryptoContentOnly: false, sclInboundThreshold: 5, connectorsEnabled: false, restrictDomainsToCertificate: true, inboundConnectorName: 'In', outboundConnectorName: 'Out' } })];
  test.each(variants.map((v) => [v.name, v]))('%s: New-<kind> binds every parameter, with allowed values', (_n, v) => {
    for (const o of postfixObjects(v as any)) {
      const spec = EXO_CATALOGUE[`New-${o.kind}`];
      for (const [name, value] of Object.entries(o.parameters)) {
        const p = spec.parameters[name];
        expect({ cmdlet: spec.cmdlet, name, known: p !== undefined }).toEqual({ cmdlet: spec.cmdlet, name, known: true });
        if (p.type === 'Enum') expect(p.values!.map((x: string) => x.toLowerCase())).toContain(String(value).toLowerCase());
        if (p.type === 'Boolean') expect(typeof value).toBe('boolean');
        if (p.type === 'MultiValued') expect(Array.isArray(value)).toBe(true);
        if (p.maxLength !== undefined) expect(String(value).length).toBeLessThanOrEqual(p.maxLength);
      }
      for (const r of spec.required) expect(Object.keys(o.parameters)).toContain(r);
    }
  });
});
