import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { SeppmailMspStack, TENANTS } from '../../examples/seppmail-msp/fleet';
import { CbcConnector, ExchangeAccess, GatewayProfile, MailGateway, ManagedDomain, TenantGateway } from '../../lib';
import { textHash } from '../../lib/core/desired-state';
import { convergeDocument, resourceOf, synthJson, synthWithAnnotations, terraformData } from '../helpers/synth';

const APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';

function fleet(tenants = TENANTS) {
  const app = Testing.app();
  const stack = new SeppmailMspStack(app, 'msp', tenants);
  return { app, stack, ...synthWithAnnotations(stack) };
}

function doc(json: any, tenant: string) {
  return convergeDocument(json, tenant);
}

describe('TenantGateway', () => {
  test('the example fleet synthesizes without findings: per tenant a converge and a teardown step, plus the fleet registry', () => {
    const { json, errors, warnings } = fleet();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const ids = Object.keys(terraformData(json)).map((k) => k.replace(/_[0-9A-F]{8}$/, '')).sort();
    expect(ids).toEqual([
      'Contoso_Converge', 'Contoso_Teardown', 'ExoGatewayFleet_Registry',
      'Fabrikam_Converge', 'Fabrikam_Teardown', 'Tailspin_Converge', 'Tailspin_Teardown',
    ]);
    expect(json.provider).toBeUndefined();
  });

  test('converge is triggered by the content hash of the desired state and runs the shipped program', () => {
    const { json } = fleet();
    const converge = resourceOf(json, 'Contoso_Converge');
    expect(converge.triggers_replace).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      `tenant: Contoso (${TENANTS[0].tenantId})`,
      'domains: contoso.com, contoso.ch',
      'certificate: seppmail.contoso.com',
      'profile: seppmail-appliance, connectors enabled, rules enabled',
      'objects: 1 InboundConnector, 1 OutboundConnector, 8 TransportRule',
    ]);
    expect(converge.input).toBeUndefined();
    expect(converge.provisioner).toEqual([
      { 'local-exec': { command: expect.stringMatching(/^node "assets\/ExoGatewayRuntime\/[0-9A-F]+\/exo-apply.js" converge$/), environment: { EXO_DOCUMENT_FILE: 'exo-gateway-documents/${self.triggers_replace[0]}.json', EXO_DOCUMENT_HASH: '${self.triggers_replace[0]}' } } },
    ]);
    expect(converge.depends_on).toEqual([expect.stringMatching(/^terraform_data\.Contoso_Teardown_/)]);
  });

  test('the desired-state document holds the tenant, its references and every object in order', () => {
    const d = doc(fleet().json, 'Contoso');
    expect(d.tenant).toEqual({ name: 'Contoso', tenantId: TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', managedDomains: ['contoso.com', 'contoso.ch'] });
    expect(d.access).toEqual({ appId: APP_ID, organization: 'contoso.onmicrosoft.com', certificateEnv: 'EXO_APP_CERT_PFX_B64' });
    expect(d.objects.map((o: any) => o.kind)).toEqual(['InboundConnector', 'OutboundConnector', ...Array(8).fill('TransportRule')]);
    expect(d.objects[0].parameters.TlsSenderCertificateName).toBe('seppmail.contoso.com');
  });

  test('teardown has a stable trigger, a destroy-time provisioner that references only self, and a retired document', () => {
    const { json } = fleet();
    const teardown = resourceOf(json, 'Contoso_Teardown');
    expect(teardown.triggers_replace).toBe(TENANTS[0].tenantId);
    const [{ 'local-exec': exec }] = teardown.provisioner;
    expect(exec.when).toBe('destroy');
    expect(exec.command).toMatch(/exo-apply.js" teardown$/);
    for (const v of Object.values(exec.environment) as string[]) {
      for (const ref of v.match(/\$\{[^}]*\}/g) ?? []) expect(ref).toMatch(/^\$\{(jsonencode\()?self\./);
    }
    // only what teardown needs: nothing that changes with the tenant's domains, rules or options
    expect(JSON.parse(teardown.input)).toEqual({ name: 'Contoso', tenantId: TENANTS[0].tenantId, access: { appId: APP_ID, organization: 'contoso.onmicrosoft.com', certificateEnv: 'EXO_APP_CERT_PFX_B64' } });
  });

  test('a change to one tenant changes only that tenant\'s converge trigger; teardown triggers never change', () => {
    const before = fleet().json;
    const changed = TENANTS.map((t) => (t.id === 'Fabrikam' ? { ...t, domains: [...t.domains, 'fabrikam.net'] } : t));
    const after = fleet(changed).json;
    for (const t of ['Contoso', 'Tailspin']) {
      expect(resourceOf(after, `${t}_Converge`)).toEqual(resourceOf(before, `${t}_Converge`));
    }
    expect(resourceOf(after, 'Fabrikam_Converge').triggers_replace).not.toEqual(resourceOf(before, 'Fabrikam_Converge').triggers_replace);
    // teardown steps and the fleet registry do not change at all
    for (const t of ['Contoso', 'Fabrikam', 'Tailspin']) {
      expect(resourceOf(after, `${t}_Teardown`)).toEqual(resourceOf(before, `${t}_Teardown`));
    }
    expect(resourceOf(after, 'ExoGatewayFleet_Registry')).toEqual(resourceOf(before, 'ExoGatewayFleet_Registry'));
  });

  test('the fleet registry is triggered by the set of tenants and prunes deleted ones from the old input', () => {
    const { json } = fleet();
    const registry = resourceOf(json, 'ExoGatewayFleet_Registry');
    expect(registry.triggers_replace).toBe(TENANTS.map((t) => t.tenantId).sort().join(','));
    const [{ 'local-exec': exec }] = registry.provisioner;
    const current = JSON.stringify(TENANTS.map((t) => t.tenantId).sort());
    expect(exec).toMatchObject({
      when: 'destroy',
      environment: {
        EXO_FLEET_REMOVED: `\${jsonencode({ groups = [for g in try(self.input.groups, []) : { access = g.access, tenants = [for t in g.tenants : t if !contains(${current}, split("|", t)[0])] }], legacy = try({ for k, v in self.input.tenants : k => v if !contains(${current}, k) }, {}) })}`,
      },
    });
    // one group: the tenants share the app; one line each
    expect(registry.input.groups).toEqual([
      {
        access: JSON.stringify({ appId: APP_ID, certificateEnv: 'EXO_APP_CERT_PFX_B64' }),
        tenants: [...TENANTS].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1)).map((t) => `${t.tenantId}|${t.initialDomain}|${t.id}`),
      },
    ]);
    const smaller = fleet(TENANTS.slice(0, 2)).json;
    expect(resourceOf(smaller, 'ExoGatewayFleet_Registry').triggers_replace).not.toBe(registry.triggers_replace);
  });

  test('no secret reaches the synthesized JSON: only the names of variables and files', () => {
    process.env.EXO_APP_CERT_PFX_B64 = 'U0VDUkVULVBGWC1CWVRFUw==';
    let text: string;
    try {
      text = JSON.stringify(fleet().json);
    } finally {
      delete process.env.EXO_APP_CERT_PFX_B64;
    }
    expect(text).not.toContain('U0VDUkVULVBGWC1CWVRFUw==');
    expect(text).toContain('EXO_APP_CERT_PFX_B64');
  });

  test('user text cannot become a Terraform expression', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const gw = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example', tlsCertificateName: '*.provider.example' });
    const t = new TenantGateway(stack, 'Contoso', { gateway: gw, tenantId: TENANTS[0].tenantId, initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', access: ExchangeAccess.certificateFile(APP_ID, '/run/${path}/exo.pfx') });
    t.addManagedDomain('D', { domain: 'contoso.com' });
    const json = synthJson(stack);
    // in Terraform (the teardown document) the text is escaped; the document file holds it as written
    const d = resourceOf(json, 'Contoso_Teardown').input as string;
    expect(d).toContain('/run/$${path}/exo.pfx');
    expect(d.replace(/\$\$\{/g, '')).not.toContain('${');
    expect(convergeDocument(json, 'Contoso').access.certificateFile).toBe('/run/${path}/exo.pfx');
    expect(JSON.stringify(resourceOf(json, 'Contoso_Converge')).replace(/\$\$\{/g, '')).not.toMatch(/\$\{(?!self\.)/);
  });

  test('tenants compose into several stacks beside other resources, validated across the app', () => {
    const app = Testing.app();
    const shared = new TerraformStack(app, 'shared');
    const gw = new MailGateway(shared, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example', tlsCertificateName: '*.provider.example' });
    const stacks = ['a', 'b'].map((s) => new TerraformStack(app, s));
    const mk = (stack: TerraformStack, id: string, n: string, domain: string) => {
      const t = new TenantGateway(stack, id, { gateway: gw, tenantId: `00000000-0000-4000-8000-00000000000${n}`, initialDomain: `${id.toLowerCase()}.onmicrosoft.com`, cbcCertificateName: `seppmail.${domain}`, access: ExchangeAccess.certificateFile(APP_ID, '/x.pfx') });
      t.addManagedDomain('D', { domain });
      return t;
    };
    mk(stacks[0], 'Contoso', '1', 'contoso.com');
    mk(stacks[1], 'Fabrikam', '2', 'contoso.com');
    const a = synthWithAnnotations(stacks[0]);
    const b = synthWithAnnotations(stacks[1]);
    // The domain declared in both stacks is one finding, on the second declaration (stack b).
    expect(a.errors).toEqual([]);
    expect(b.errors.some((e) => e.includes('CBC003') && e.includes("in tenant 'Contoso' and in tenant 'Fabrikam'"))).toBe(true);
    expect(Object.keys(terraformData(a.json)).some((k) => k.startsWith('ExoGatewayFleet'))).toBe(true);
  });

  test('fails synth with every finding at once, each naming code, path, value and fix', () => {
    const app = new App({ outdir: require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'exo-')) });
    const stack = new TerraformStack(app, 's');
    const gw = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: '192.0.2.1' });
    new TenantGateway(stack, 'Contoso', { gateway: gw, tenantId: 'not-a-guid', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', access: ExchangeAccess.certificateFile(APP_ID, '/x.pfx') });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[s/Gw] CBC001: gateway fqdn \'192.0.2.1\'');
    expect(message).toContain('[s/Contoso] CBC006');
    expect(message).toContain('[s/Contoso] CBC008');
    expect(message).toContain('Fix:');
  });

  test('throws when a second CbcConnector is added to a tenant', () => {
    const { stack } = fleet();
    expect(() => new CbcConnector(stack.tenants[2], 'Again', { tenant: stack.tenants[2] })).toThrow(/already has the CbcConnector msp\/Tailspin\/Connector/);
  });

  test('throws when a domain is given a tenant that is not a TenantGateway of this library', () => {
    const { stack } = fleet();
    const { Construct } = require('constructs');
    const impostor = Object.assign(new Construct(stack, 'Impostor'), { tenantId: TENANTS[0].tenantId, initialDomain: 'x.onmicrosoft.com' });
    expect(() => new ManagedDomain(stack, 'D', { tenant: impostor, domain: 'x.com' })).toThrow(/tenant msp\/Impostor is not a TenantGateway of cdktf-exo-gateway/);
  });

  test('an SCL threshold SEPPmail does not accept is finding CBC018, with the others', () => {
    const stack = new SeppmailMspStack(Testing.app(), 'msp');
    stack.tenants[0].addCbcConnector('C', { sclInboundThreshold: 7 });
    expect(synthWithAnnotations(stack).errors).toEqual([expect.stringContaining('[msp/Contoso/C] CBC018: sclInboundThreshold 7 is not one of the values SEPPmail365 accepts')]);
  });

  test('a retired tenant converges to an empty state', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const gw = new MailGateway(stack, 'Gw', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.provider.example' });
    new TenantGateway(stack, 'Old', { gateway: gw, tenantId: TENANTS[0].tenantId, initialDomain: 'old.onmicrosoft.com', cbcCertificateName: 'seppmail.old.com', access: ExchangeAccess.certificateFile(APP_ID, '/x.pfx'), retired: true });
    const { json, errors } = synthWithAnnotations(stack);
    expect(errors).toEqual([]);
    expect(doc(json, 'Old')).toMatchObject({ retired: true, objects: [] });
  });
});

/** Runs `test` with a fresh output folder, removed afterwards. */
function inOutdir(test: (outdir: string) => void): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-docs-'));
  try {
    test(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('document files in the stack folder', () => {
  test('a synth writes one file per tenant named by its hash, restores edited files and removes those of earlier synths', () =>
    inOutdir((outdir) => {
      const synth = (tenants = TENANTS) => {
        const app = new App({ outdir });
        new SeppmailMspStack(app, 'msp', tenants);
        app.synth();
        const dir = path.join(outdir, 'stacks', 'msp', 'exo-gateway-documents');
        const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'msp', 'cdk.tf.json'), 'utf8'));
        const hashes = Object.entries<any>(json.resource.terraform_data).filter(([k]) => /_Converge_/.test(k)).map(([, r]) => r.triggers_replace[0]).sort();
        return { dir, hashes };
      };
      const first = synth();
      expect(fs.readdirSync(first.dir).filter((f) => f !== 'report.json').sort()).toEqual(first.hashes.map((h: string) => `${h}.json`));
      for (const h of first.hashes) expect(textHash(fs.readFileSync(path.join(first.dir, `${h}.json`), 'utf8'))).toBe(h);
      fs.writeFileSync(path.join(first.dir, `${first.hashes[0]}.json`), '{"edited": true}');
      const second = synth(TENANTS.map((t) => (t.id === 'Fabrikam' ? { ...t, domains: [...t.domains, 'fabrikam.net'] } : t)));
      expect(fs.readdirSync(second.dir).filter((f) => f !== 'report.json').sort()).toEqual(second.hashes.map((h: string) => `${h}.json`));
      for (const h of second.hashes) expect(textHash(fs.readFileSync(path.join(second.dir, `${h}.json`), 'utf8'))).toBe(h);
      expect(second.hashes.filter((h: string) => !first.hashes.includes(h))).toHaveLength(1);
    }));

  test('report.json gives tenant ids in lower case, as the documents and the registry do', () =>
    inOutdir((outdir) => {
      const app = new App({ outdir });
      new SeppmailMspStack(app, 'msp', TENANTS.map((t, i) => (i === 0 ? { ...t, tenantId: t.tenantId.toUpperCase() } : t)));
      app.synth();
      const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'msp', 'exo-gateway-documents', 'report.json'), 'utf8'));
      expect(report.tenants.map((t: { tenantId: string }) => t.tenantId)).toEqual(TENANTS.map((t) => t.tenantId.toLowerCase()));
    }));

  test('after a synth, each tenant still renders the document its file holds, and a second synth of the same app writes the same files', () =>
    inOutdir((outdir) => {
      const app = new App({ outdir });
      const stack = new SeppmailMspStack(app, 'msp', TENANTS);
      const dir = path.join(outdir, 'stacks', 'msp', 'exo-gateway-documents');
      const files = () => new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
      app.synth();
      const first = files();
      for (const t of stack.tenants) expect(first.get(`${textHash(t.renderDesiredState())}.json`)).toBe(t.renderDesiredState());
      fs.rmSync(dir, { recursive: true });
      app.synth();
      expect(files()).toEqual(first);
    }));
});
