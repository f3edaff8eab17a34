/**
 * Baseline of figure 1: a hand-written raw cdktf app that emits the same Terraform resources as
 * the library's stack (per tenant a Converge and a Teardown `terraform_data` with the same
 * inputs, triggers and provisioners; one fleet registry; the apply-time program as one asset) and
 * writes the same document files into the stack folder, with no fleet model, no profile and no
 * validation. Plain JavaScript on cdktf, as an MSP would write it by hand: each tenant's
 * documents and summary are a copy of one template with the tenant's names substituted (the
 * template is the library's own output for tenant 1, written by the benchmark, so both apps
 * write documents of the same size).
 *
 *   node bench/synth-raw.js <tenants> <outdir> <template.json> <runtime-dir> [one-stack|stack-per-tenant]
 *
 * Layouts as in bench/synth-ours.ts: one stack `fleet`, or one stack per tenant (each with its
 * own asset and registry, as the library builds them).
 *
 * Prints one JSON line with its own timings and peak RSS.
 */
'use strict';
const { performance } = require('node:perf_hooks');
const { createHash } = require('node:crypto');
const { App, AssetType, TerraformAsset, TerraformResource, TerraformStack } = require('cdktf');
const { Construct } = require('constructs');
const fs = require('node:fs');
const path = require('node:path');

/** terraform_data as a plain resource, like the library's ScriptResource (no `terraform version` check). */
class TerraformData extends TerraformResource {
  constructor(scope, id, config) {
    super(scope, id, { ...config, terraformResourceType: 'terraform_data' });
    this.inputValue = config.input;
    this.triggersReplaceValue = config.triggersReplace;
  }

  synthesizeAttributes() {
    return { input: this.inputValue, triggers_replace: this.triggersReplaceValue };
  }
}

/** Tenant i of the generated fleet (bench/fleet.ts benchTenant: same names). */
function tenant(i) {
  const n = String(i + 1).padStart(5, '0');
  return {
    id: `Customer${n}`,
    base: `customer${n}`,
    tenantId: `${(0x1000000 + i).toString(16).padStart(8, '0')}-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  };
}

function main() {
  const loadedMs = performance.now();
  const [count, outdir, templateFile, runtimeDir] = [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5]];
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  const first = tenant(0);
  const personalise = (text, t) => text.split(first.tenantId).join(t.tenantId).split(first.id).join(t.id).split(first.base).join(t.base);

  const layout = process.argv[6] || 'one-stack';

  /** One stack holding `members` (tenant indexes): the asset, per tenant Teardown + Converge, the registry. */
  function fleetStack(app, name, members) {
    const stack = new TerraformStack(app, name);
    const asset = new TerraformAsset(stack, 'ExoGatewayRuntime', { path: runtimeDir, type: AssetType.DIRECTORY });
    const command = (sub) => `node "${asset.path}/exo-apply.js" ${sub}`;
    const teardowns = {};
    const documents = [];
    for (const i of members) {
      const t = tenant(i);
      const document = personalise(template.converge, t);
      const teardownDocument = personalise(template.teardown, t);
      const hash = createHash('sha256').update(document).digest('hex');
      documents.push([hash, document]);
      const scope = new Construct(stack, t.id);
      const teardown = new TerraformData(scope, 'Teardown', {
        triggersReplace: t.tenantId,
        input: teardownDocument,
        provisioners: [{ type: 'local-exec', when: 'destroy', command: command('teardown'), environment: { EXO_DOCUMENT: '${self.input}' } }],
      });
      new TerraformData(scope, 'Converge', {
        triggersReplace: [hash, ...JSON.parse(personalise(template.summary, t))],
        provisioners: [
          {
            type: 'local-exec',
            command: command('converge'),
            environment: { EXO_DOCUMENT_FILE: 'exo-gateway-documents/${self.triggers_replace[0]}.json', EXO_DOCUMENT_HASH: '${self.triggers_replace[0]}' },
          },
        ],
        dependsOn: [teardown],
      });
      teardowns[t.tenantId] = personalise(template.registryLine, t);
    }
    const keys = Object.keys(teardowns).sort();
    new TerraformData(new Construct(stack, 'ExoGatewayFleet'), 'Registry', {
      triggersReplace: keys.join(','),
      input: { groups: [{ access: template.registryAccess, tenants: keys.map((k) => teardowns[k]) }] },
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          command: command('prune'),
          environment: {
            EXO_FLEET_REMOVED: `\${jsonencode({ groups = [for g in try(self.input.groups, []) : { access = g.access, tenants = [for t in g.tenants : t if !contains(${JSON.stringify(appKeys)}, split("|", t)[0])] }], legacy = try({ for k, v in self.input.tenants : k => v if !contains(${JSON.stringify(appKeys)}, k) }, {}) })}`,
          },
        },
      ],
    });
    written.push([name, documents]);
  }

  /** The document files, written into each stack folder after synth (as a hand-written app would). */
  function writeDocuments() {
    for (const [name, documents] of written) {
      const dir = path.join(outdir, 'stacks', name, 'exo-gateway-documents');
      fs.mkdirSync(dir, { recursive: true });
      for (const [hash, text] of documents) fs.writeFileSync(path.join(dir, `${hash}.json`), text);
    }
  }

  const start = performance.now();
  const app = new App({ outdir, skipValidation: false });
  const all = Array.from({ length: count }, (_, i) => i);
  const appKeys = all.map((i) => tenant(i).tenantId).sort();
  const written = [];
  if (layout === 'one-stack') fleetStack(app, 'fleet', all);
  else for (const i of all) fleetStack(app, tenant(i).id.toLowerCase(), [i]);
  const constructMs = performance.now() - start;
  app.synth();
  writeDocuments();
  const synthMs = performance.now() - start;
  process.stdout.write(`${JSON.stringify({ kind: 'raw', tenants: count, layout, loadMs: loadedMs, constructMs, synthMs, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main();
