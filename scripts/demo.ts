/**
 * The main job: synthesize the example multi-tenant rollout (examples/seppmail-msp) and, where
 * Terraform is on PATH, deploy it to the simulated Exchange Online and show what each tenant
 * now holds. Run with `npm run demo` (add `-- --fresh` to start the simulator from scratch).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { CERT_ENV, SeppmailMspStack, TENANTS } from '../examples/seppmail-msp/fleet';
import { MANAGED_MARKER } from '../lib/core/exo-model';
import { SimulatorStore } from '../lib/runtime/simulator/store';

const EXAMPLE = path.resolve(__dirname, '..', 'examples', 'seppmail-msp');
const OUTDIR = path.join(EXAMPLE, 'cdktf.out');
const STACK = 'seppmail-msp';
const STACK_DIR = path.join(OUTDIR, 'stacks', STACK);
const SIM_DIR = path.join(EXAMPLE, '.simulated-exchange-online');

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function hasBinary(name: string): boolean {
  return spawnSync(name, ['version'], { stdio: 'ignore', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).status === 0;
}

function terraform(args: string[], env: NodeJS.ProcessEnv): void {
  say(`$ ${process.env.TERRAFORM_BINARY_NAME ?? 'terraform'} ${args.join(' ')}`);
  const r = spawnSync(process.env.TERRAFORM_BINARY_NAME ?? 'terraform', args, { cwd: STACK_DIR, env, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error(`terraform ${args[0]} failed with exit code ${r.status}`);
  }
}

function main(): void {
  const fresh = process.argv.includes('--fresh') || !fs.existsSync(SIM_DIR);
  say('== 1. synthesize examples/seppmail-msp: one SEPPmail appliance, three tenants, five domains');
  const app = new App({ outdir: OUTDIR });
  new SeppmailMspStack(app, STACK);
  app.synth();
  const size = fs.statSync(path.join(STACK_DIR, 'cdk.tf.json')).size;
  say(`synthesized ${path.relative(process.cwd(), STACK_DIR)}/cdk.tf.json (${size} bytes) with the apply-time program as an asset`);

  const binary = process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
  if (!hasBinary(binary)) {
    say(`\n'${binary}' is not on PATH: stopping after synth. Install Terraform (>= 1.4) or OpenTofu to deploy to the simulated Exchange Online.`);
    return;
  }

  say('\n== 2. deploy to the simulated Exchange Online');
  const store = new SimulatorStore(SIM_DIR);
  if (fresh) {
    // A new simulated Exchange Online: forget what Terraform remembers of the old one too.
    store.reset();
    for (const f of ['terraform.tfstate', 'terraform.tfstate.backup']) fs.rmSync(path.join(STACK_DIR, f), { force: true });
  }
  for (const t of TENANTS) {
    if (!store.readTenant(t.initialDomain)) {
      store.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: t.domains });
    }
  }
  const rc = path.join(SIM_DIR, 'terraform.rc');
  fs.writeFileSync(rc, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EXO_GATEWAY_TARGET: 'simulated',
    EXO_SIM_STATE_DIR: SIM_DIR,
    [CERT_ENV]: process.env[CERT_ENV] ?? 'ZGVtby1vbmx5LW5vdC1hLWNlcnRpZmljYXRl',
    TF_CLI_CONFIG_FILE: rc,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
  };
  const sessionsBefore = store.readSessions().length;
  terraform(['init', '-input=false', '-no-color', '-reconfigure'], env);
  terraform(['apply', '-auto-approve', '-input=false', '-no-color'], env);
  const sessionsAfter = store.readSessions().length;

  say('\n== 3. what each tenant now holds (managed objects carry the marker)');
  for (const t of TENANTS) {
    say(`\n${t.id} (${t.initialDomain}, tenant ${t.tenantId})`);
    for (const kind of ['InboundConnector', 'OutboundConnector'] as const) {
      for (const c of store.objects(t.initialDomain, kind)) {
        const detail = kind === 'InboundConnector' ? `TlsSenderCertificateName=${c.TlsSenderCertificateName}` : `SmartHosts=${JSON.stringify(c.SmartHosts)} TlsDomain=${c.TlsDomain}`;
        say(`  ${kind.padEnd(18)} ${String(c.Name).padEnd(44)} Enabled=${c.Enabled} ${detail}`);
      }
    }
    for (const r of store.objects(t.initialDomain, 'TransportRule')) {
      const mine = String(r.Comments ?? '').includes(MANAGED_MARKER) ? '' : '  (not managed)';
      say(`  TransportRule      ${String(r.Priority).padStart(2)} ${String(r.Name).padEnd(58)} ${r.State}${mine}`);
    }
  }
  say(`\nExchange sessions opened by this deploy: ${sessionsAfter - sessionsBefore} (one per tenant that changed; 0 when nothing changed)`);

  say('\n== 4. deploy again: nothing changed, so nothing runs');
  terraform(['apply', '-auto-approve', '-input=false', '-no-color'], env);
  say(`Exchange sessions opened by the second deploy: ${store.readSessions().length - sessionsAfter}`);
  say(`\nSimulated Exchange Online state: ${path.relative(process.cwd(), SIM_DIR)} (run 'npm run demo -- --fresh' to start over)`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`demo failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
