/**
 * Runs a synthesized stack with the real Terraform (or OpenTofu) against the simulated Exchange
 * Online, through the stand-in `pwsh` on PATH, so the apply-time program's real spawn path runs;
 * or, with transport 'adminApi', through the REST admin endpoint of the simulator served over
 * HTTPS by `exo-gateway simulate` (no `pwsh` and no certificate variable).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { SeppmailMspStack, ExampleTenant, CERT_ENV } from '../../examples/seppmail-msp/fleet';
import { ExchangeTransport } from '../../lib';
import { SimulatorStore } from '../../lib/runtime/simulator/store';

const REPO = path.resolve(__dirname, '..', '..');
export const STAND_IN_BIN = path.join(REPO, 'test', 'helpers', 'bin');
/** A recognisable fake secret: it must never show up in any output or file. */
export const FAKE_CERT_SECRET = 'RkFLRS1QRlgtU0VDUkVULTQyNDI0Mg==';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Terraform-compatible binaries to run the lifecycle with. */
export function lifecycleBinaries(): { name: string; path: string }[] {
  const out = [{ name: 'terraform', path: process.env.EXO_TEST_TERRAFORM ?? 'terraform' }];
  const tofu = process.env.EXO_TEST_TOFU ?? path.join(REPO, '.tools', 'bin', 'tofu');
  if (fs.existsSync(tofu)) out.push({ name: 'opentofu', path: tofu });
  else if (process.env.CI) throw new Error(`OpenTofu is required in CI but missing at ${tofu}; .ci/run builds it`);
  return out;
}

export class LifecycleHarness {
  public readonly dir: string;
  public readonly simDir: string;
  public readonly store: SimulatorStore;
  private readonly outdir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly initialised = new Set<string>();
  private simulator?: ChildProcess;

  constructor(
    private readonly binary: string,
    public readonly stackName = 'lifecycle',
    public readonly transport: 'powershell' | 'adminApi' = 'powershell',
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-lifecycle-'));
    this.simDir = path.join(this.dir, 'sim');
    this.outdir = path.join(this.dir, 'cdktf.out');
    this.store = new SimulatorStore(this.simDir);
    const rc = path.join(this.dir, 'terraform.rc');
    fs.writeFileSync(rc, '');
    this.env = {
      ...process.env,
      PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH}`,
      EXO_SIM_STATE_DIR: this.simDir,
      [CERT_ENV]: FAKE_CERT_SECRET,
      TF_CLI_CONFIG_FILE: rc,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      EXO_GATEWAY_TARGET: 'exchange-online',
    };
    delete this.env.EXO_GATEWAY_WHAT_IF;
    if (transport === 'adminApi') {
      // No pwsh anywhere and no certificate variable: the simulator's stand-in certificate is used.
      this.env.PATH = process.env.PATH;
      this.env.EXO_GATEWAY_PWSH = path.join(this.dir, 'no-pwsh-here');
      delete this.env[CERT_ENV];
    }
  }

  /**
   * Starts `exo-gateway simulate` (the bundled program, as a user runs it) on this harness's
   * state folder and adds the environment it prints to every later run.
   */
  public async startSimulator(args: string[] = []): Promise<string[]> {
    const child = spawn(process.execPath, [path.join(REPO, 'build', 'runtime', 'exo-apply.js'), 'simulate', '--state-dir', this.simDir, ...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.simulator = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`simulate printed no environment within 60 s:\n${out}\n${stderr}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const exports = out.split('\n').filter((l) => l.startsWith('export '));
        if (exports.length >= 5) {
          clearTimeout(timer);
          resolve(exports);
        }
      });
      child.on('exit', (code) => reject(new Error(`simulate exited with ${code}:\n${out}\n${stderr}`)));
    });
    for (const line of lines) {
      const m = /^export ([A-Z_]+)='?(.*?)'?$/.exec(line);
      if (m) this.env[m[1]] = m[2];
    }
    return lines;
  }

  /** Process id of the simulator started by startSimulator(). */
  public get simulatorPid(): number | undefined {
    return this.simulator?.pid;
  }

  /** Stops the simulator started by startSimulator(). */
  public async stopSimulator(): Promise<void> {
    const child = this.simulator;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** The folder Terraform runs in. */
  public get stackDir(): string {
    return this.stackDirOf(this.stackName);
  }

  /** The folder of another stack of the synthesized app. */
  public stackDirOf(stack: string): string {
    return path.join(this.outdir, 'stacks', stack);
  }

  /** Synthesizes an app of several stacks into the harness's cdktf.out. */
  public synthApp(build: (app: App) => void): void {
    const app = new App({ outdir: this.outdir, skipValidation: false });
    build(app);
    app.synth();
  }

  /** Seeds the simulated tenants (tenant id, initial and accepted domains). */
  public seed(tenants: ExampleTenant[], overrides: { [id: string]: Partial<{ tenantId: string }> } = {}): void {
    for (const t of tenants) {
      this.store.seedTenant({ organization: t.initialDomain, tenantId: overrides[t.id]?.tenantId ?? t.tenantId, acceptedDomains: [...t.domains, t.cbcCertificateName.replace(/^[^.]+\./, '')] });
    }
  }

  /** Synthesizes the example fleet with these tenants into the harness's cdktf.out. */
  public synth(tenants: ExampleTenant[]): void {
    const app = new App({ outdir: this.outdir, skipValidation: false });
    new SeppmailMspStack(app, this.stackName, tenants, { transport: this.transport === 'adminApi' ? ExchangeTransport.ADMIN_API : undefined });
    app.synth();
  }

  public run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): RunResult {
    return this.runIn(this.stackName, args, extraEnv);
  }

  /** Runs the binary in the folder of `stack`. */
  public runIn(stack: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): RunResult {
    const r = spawnSync(this.binary, args, { cwd: this.stackDirOf(stack), env: { ...this.env, ...extraEnv }, encoding: 'utf8', timeout: 300_000 });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  }

  public apply(extraEnv: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): RunResult {
    return this.applyIn(this.stackName, extraEnv, extraArgs);
  }

  /** `init` (once per stack) and `apply` in the folder of `stack`. */
  public applyIn(stack: string, extraEnv: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): RunResult {
    if (!this.initialised.has(stack)) {
      const init = this.runIn(stack, ['init', '-input=false', '-no-color']);
      if (init.code !== 0) throw new Error(`init failed:\n${init.stdout}\n${init.stderr}`);
      this.initialised.add(stack);
    }
    return this.runIn(stack, ['apply', '-auto-approve', '-input=false', '-no-color', ...extraArgs], extraEnv);
  }

  /** `terraform_data.<id>` of the resource whose logical id starts with `prefix_`. */
  public resourceAddress(prefix: string): string {
    const json = JSON.parse(fs.readFileSync(path.join(this.stackDir, 'cdk.tf.json'), 'utf8'));
    const id = Object.keys(json.resource.terraform_data).find((k) => k.startsWith(`${prefix}_`));
    if (!id) throw new Error(`no terraform_data ${prefix}_* in the stack`);
    return `terraform_data.${id}`;
  }

  public plan(): RunResult {
    return this.run(['plan', '-input=false', '-no-color', '-detailed-exitcode']);
  }

  public destroy(): RunResult {
    return this.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
  }

  /** Runs the stack's own copy of the apply-time program (as a user would for what-if). */
  public runProgram(args: string[], extraEnv: NodeJS.ProcessEnv = {}): RunResult {
    const assets = path.join(this.stackDir, 'assets', 'ExoGatewayRuntime');
    const hash = fs.readdirSync(assets)[0];
    const r = spawnSync(process.execPath, [path.join(assets, hash, 'exo-apply.js'), ...args], { cwd: this.stackDir, env: { ...this.env, ...extraEnv }, encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  public sessionCount(): number {
    return this.store.readSessions().length;
  }

  /** Every file the harness wrote (for the no-secret check). */
  public allText(): string {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          if (e.name !== '.terraform') walk(p);
        } else out.push(fs.readFileSync(p, 'utf8'));
      }
    };
    walk(this.dir);
    return out.join('\n');
  }

  public cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
