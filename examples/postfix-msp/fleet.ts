/**
 * Example: a Postfix gateway of the provider "Example MSP" with the MX records of three
 * customer tenants, each tenant with its own CBC certificate. The gateway's configuration
 * (one transport and chain file per tenant) is written as files for configuration management;
 * swap in PostfixDeployment.host({ configDir: '/etc/postfix' }) when the runner is the
 * gateway. The certificates are the repository's throw-away test PKI (test/fixtures/pki).
 */
import * as path from 'node:path';
import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, PostfixDeployment, TenantGateway } from '../../lib';

/** The MSP's multi-tenant automation app (bring your own: created outside this stack). */
export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
/** Name of the runner's environment variable holding the app certificate (base64 PFX). */
export const CERT_ENV = 'EXO_APP_CERT_PFX_B64';
/** Name of the runner's environment variable holding the password of PFX tenant certificates. */
export const PFX_PASSWORD_ENV = 'TENANT_PFX_PASSWORD';
/** The test PKI of this repository. */
export const PKI_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'pki');

export interface PostfixExampleTenant {
  readonly id: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly cbcCertificateName: string;
  readonly domains: string[];
  /** Base name of the certificate in the PKI folder: `<name>.pem` + `<name>.key.pem`, or `<name>.pfx`. */
  readonly certificate: string;
  /** `pem` (certificate + key file) or `pfx` (password in PFX_PASSWORD_ENV). */
  readonly format?: 'pem' | 'pfx';
}

export const POSTFIX_TENANTS: PostfixExampleTenant[] = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', domains: ['contoso.com', 'contoso.ch'], certificate: 'contoso' },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: '*.fabrikam.com', domains: ['fabrikam.com'], certificate: 'fabrikam-wildcard' },
  { id: 'Northwind', tenantId: '11111111-aaaa-4bbb-8ccc-222222222222', initialDomain: 'northwind.onmicrosoft.com', cbcCertificateName: 'mail.northwind.com', domains: ['northwind.com'], certificate: 'other-name' },
];

export interface PostfixMspOptions {
  readonly tenants?: PostfixExampleTenant[];
  /** @default - files in ./gateway-files */
  readonly deployment?: PostfixDeployment;
  /** @default PKI_DIR */
  readonly pkiDir?: string;
}

/** Builds the example rollout into a stack. */
export class PostfixMspStack extends TerraformStack {
  public readonly gateway: MailGateway;
  public readonly tenants: TenantGateway[] = [];

  constructor(scope: Construct, id: string, options: PostfixMspOptions = {}) {
    super(scope, id);
    // State next to cdk.tf.json, so the stack folder is self-contained (cdktf's default puts it
    // at an absolute path in the folder synth ran in). Production fleets use a remote backend.
    new LocalBackend(this, { path: 'terraform.tfstate' });
    const pki = options.pkiDir ?? PKI_DIR;
    this.gateway = new MailGateway(this, 'Postfix', {
      profile: GatewayProfile.postfix({ deployment: options.deployment ?? PostfixDeployment.files({ outputDir: 'gateway-files' }) }),
      fqdn: 'securemail.provider.example',
      tlsCertificate: CertificateSource.fromPemFile(path.join(pki, 'gateway.pem')),
      trustedRootsPemFile: path.join(pki, 'root.pem'),
    });
    for (const t of options.tenants ?? POSTFIX_TENANTS) {
      const certificate =
        t.format === 'pfx'
          ? CertificateSource.fromPfxFile(path.join(pki, `${t.certificate}.pfx`), { passwordEnv: PFX_PASSWORD_ENV })
          : CertificateSource.fromPemFile(path.join(pki, `${t.certificate}.pem`), { keyFile: path.join(pki, `${t.certificate}.key.pem`) });
      const tenant = new TenantGateway(this, t.id, {
        gateway: this.gateway,
        tenantId: t.tenantId,
        initialDomain: t.initialDomain,
        cbcCertificateName: t.cbcCertificateName,
        cbcCertificate: certificate,
        access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV),
      });
      t.domains.forEach((domain, i) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
      this.tenants.push(tenant);
    }
  }
}
