/**
 * The main job: synthesize the example multi-tenant rollout (examples/seppmail-msp) and, where
 * Terraform is on PATH, deploy it to the simulated Exchange Online and show what each tenant
 * now holds. Run with `npm run demo` (add `-- --fresh` to start the simulator from scratch).
 *
 * The rehearsal path a user takes: `exo-gateway simulate --seed-from <stack>` serves the simulated
 * Exchange Online over HTTPS and prints the environment; the fleet uses the adminApi transport,
 * so no `pwsh` and no certificate variable are needed.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { CERT_ENV, SeppmailMspStack, TENANTS } from '../examples/seppmail-msp/fleet';
import { ExchangeTransport } from '../lib';
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

/** Starts `exo-gateway simulate` and answers the environment it prints. */
function simulate(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; env: NodeJS.ProcessEnv }> {
  const program = path.resolve(__dirname, '..', 'build', 'runtime', 'exo-apply.js');
  const args = ['simulate', '--seed-from', STACK_DIR, '--state-dir', SIM_DIR];
  say(`$ exo-gateway ${args.map((a) => path.relative(process.cwd(), a) || a).join(' ')}`);
  const child = spawn(process.execPath, [program, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n').filter((l) => l.startsWith('export '));
      if (lines.length >= 5) {
        const exported: NodeJS.ProcessEnv = {};
        for (const l of lines) {
          say(l);
          const m = /^export ([A-Z_]+)='?(.*?)'?$/.exec(l);
          if (m) exported[m[1]] = m[2];
        }
        resolve({ child, env: exported });
      }
    });
    child.on('exit', (code) => reject(new Error(`exo-gateway simulate exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh') || !fs.existsSync(SIM_DIR);
  say('== 1. synthesize examples/seppmail-msp: one SEPPmail appliance, three tenants, five domains');
  const app = new App({ outdir: OUTDIR });
  new SeppmailMspStack(app, STACK, TENANTS, { transport: ExchangeTransport.ADMIN_API });
  app.synth();
  const size = fs.statSync(path.join(STACK_DIR, 'cdk.tf.json')).size;
  say(`synthesized ${path.relative(process.cwd(), STACK_DIR)}/cdk.tf.json (${size} bytes) with the apply-time program as an asset`);

  const binary = process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
  if (!hasBinary(binary)) {
    say(`\n'${binary}' is not on PATH: stopping after synth. Install Terraform (>= 1.4) or OpenTofu to deploy to the simulated Exchange Online.`);
    return;
  }

  say('\n== 2. deploy to the simulated Exchange Online (served over HTTPS; adminApi transport, no pwsh)');
  const store = new SimulatorStore(SIM_DIR);
  if (fresh) {
    // A new simulated Exchange Online: forget what Terraform remembers of the old one too.
    store.reset();
    for (const f of ['terraform.tfstate', 'terraform.tfstate.backup']) fs.rmSync(path.join(STACK_DIR, f), { force: true });
  }
  const rc = path.join(SIM_DIR, 'terraform.rc');
  fs.mkdirSync(SIM_DIR, { recursive: true });
  fs.writeFileSync(rc, '');
  const base: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  delete base[CERT_ENV]; // a rehearsal needs no certificate: the simulator's stand-in is used
  const simulator = await simulate(base);
  const env: NodeJS.ProcessEnv = { ...base, ...simulator.env };
  try {
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
  } finally {
    simulator.child.kill('SIGTERM');
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
