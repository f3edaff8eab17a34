/**
 * Shared by the gateway tests: the test PKI, a sample gateway document, finding Postfix on this
 * machine, and a Terraform lifecycle harness for the Postfix example fleet.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { PostfixExampleTenant, PostfixMspStack } from '../../examples/postfix-msp/fleet';
import { CERTIFICATE_CHECK_TIME_CONTEXT, PostfixDeployment } from '../../lib';
import { GatewayDocument, GatewayTenant } from '../../lib/gateways/types';
import { GATEWAY_DOCUMENT_SCHEMA } from '../../lib/gateways/types';
import { LifecycleHarness } from '../helpers/lifecycle';

export const REPO = path.resolve(__dirname, '..', '..');
export const PKI = path.join(REPO, 'test', 'fixtures', 'pki');
export const GOLDEN = path.join(REPO, 'test', 'fixtures', 'postfix');
const manifest = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8'));
export const PFX_PASSWORD: string = manifest.pfxPassword;
/** The PKI is judged as of its generation time plus one day (it never ages). */
export const CHECK_TIME = new Date(new Date(manifest.generated).getTime() + 86_400_000).toISOString();
export const CHECK_CONTEXT = { [CERTIFICATE_CHECK_TIME_CONTEXT]: CHECK_TIME };

export function pem(name: string): { kind: 'pem'; file: string; keyFile: string } {
  return { kind: 'pem', file: path.join(PKI, `${name}.pem`), keyFile: path.join(PKI, `${name}.key.pem`) };
}

export function tenantEntry(name: string, tenantId: string, domains: string[], certificate: GatewayTenant['certificate']): GatewayTenant {
  return {
    name,
    tenantId,
    initialDomain: `${name.toLowerCase()}.onmicrosoft.com`,
    managedDomains: domains,
    exoMxHost: `${domains[0].replace(/\./g, '-')}.mail.protection.outlook.com`,
    certificate,
  };
}

/** The three tenants of the golden files. */
export const SAMPLE_TENANTS: GatewayTenant[] = [
  tenantEntry('Contoso', '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', ['contoso.com', 'contoso.ch'], pem('contoso')),
  tenantEntry('Fabrikam', '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', ['fabrikam.com'], pem('fabrikam-wildcard')),
  tenantEntry('Northwind', '11111111-aaaa-4bbb-8ccc-222222222222', ['northwind.com'], pem('other-name')),
];

export function filesDocument(outputDir: string, tenants: GatewayTenant[] = SAMPLE_TENANTS, gatewayDir = '/etc/postfix/cdktf-exo-gateway'): GatewayDocument {
  return {
    schema: GATEWAY_DOCUMENT_SCHEMA,
    gateway: { name: 'Postfix', fqdn: 'securemail.provider.example', product: 'postfix', tlsCertificateName: 'securemail.provider.example' },
    deployment: { kind: 'postfix-files', outputDir, gatewayDir, tableType: 'hash' },
    tenants,
  };
}

export function hostDocument(configDir: string, tenants: GatewayTenant[] = SAMPLE_TENANTS, reload = true): GatewayDocument {
  return {
    ...filesDocument('/unused', tenants),
    deployment: { kind: 'postfix-host', configDir, postfixCommand: 'postfix', reload, tableType: 'hash' },
  };
}

/** `postconf` on PATH (or in /usr/sbin), or undefined. */
export function findPostfixTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const d of dirs) {
    const p = path.join(d, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** Lifecycle harness for the Postfix example fleet. */
export class PostfixLifecycleHarness extends LifecycleHarness {
  constructor(binary: string) {
    super(binary, 'postfix-lifecycle');
  }

  public synthPostfix(tenants: PostfixExampleTenant[], deployment: PostfixDeployment): void {
    const app = new App({ outdir: path.join(this.dir, 'cdktf.out'), skipValidation: false, context: CHECK_CONTEXT });
    new PostfixMspStack(app, this.stackName, { tenants, deployment });
    app.synth();
  }
}
