/**
 * The wire harness: a Postfix fleet deployed with the real Terraform into a private Postfix
 * instance (PostfixDeployment.host) and the simulated Exchange Online, and the stand-in
 * Exchange Online front door those Postfix transports deliver to, all on loopback.
 *
 * Addresses of one harness (`block` keeps test files apart): the instance's smtpd on
 * 127.0.<block>.10, each tenant's front door on 127.0.<block>.2x (the tenant's `exoMxHost`),
 * and a plain Internet MX on 127.0.<block>.29 (the instance's relayhost, i.e. the default
 * transport). The instance reaches all of them on one port (smtp_tcp_port) and verifies the
 * front door's certificate against the test root (`exoCaFile`).
 *
 * Terraform runs asynchronously so that the front door, which lives in the test process, keeps
 * answering while an apply runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as nodemailer from 'nodemailer';
import { CERTIFICATE_CHECK_TIME_CONTEXT, CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, PostfixDeployment, TenantGateway } from '../../lib';
import { MANAGED_MARKER, TenantDesiredState } from '../../lib/core/exo-model';
import { convergeTenant, parseDocument, SessionOpener } from '../../lib/runtime/converge';
import { ExchangeSession } from '../../lib/runtime/session-client';
import { asExchangeSession, openSimulatedSession } from '../../lib/runtime/simulator/session';
import { SimulatorStore } from '../../lib/runtime/simulator/store';
import { ExoFrontDoor, FrontDoorRecord, namesOfCertificateFile } from './exo-frontdoor';
import { STAND_IN_BIN } from './lifecycle';
import { PostfixInstance, waitUntil } from './postfix-instance';

const REPO = path.resolve(__dirname, '..', '..');
export const PKI = path.join(REPO, 'test', 'fixtures', 'pki');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8'));
/** The test PKI is judged as of its generation time plus one day. */
export const CHECK_CONTEXT = { [CERTIFICATE_CHECK_TIME_CONTEXT]: new Date(new Date(MANIFEST.generated).getTime() + 86_400_000).toISOString() };
export const AUTOMATION_APP_ID = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21';
const CERT_ENV = 'EXO_APP_CERT_PFX_B64';
const FAKE_CERT_SECRET = 'RkFLRS1QRlgtU0VDUkVULTQyNDI0Mg==';

export interface WireTenant {
  readonly id: string;
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly cbcCertificateName: string;
  readonly domains: string[];
  /** Base name in the test PKI: `<name>.pem` and `<name>.key.pem`. */
  readonly certificate: string;
  /** Last octet of the tenant's front door address (its exoMxHost). */
  readonly mxOctet: number;
  /** Declare the tenant with adoptExisting (objects found under the declared names are taken over). */
  readonly adoptExisting?: boolean;
}

/** Three tenants, five domains. */
export const WIRE_TENANTS: WireTenant[] = [
  { id: 'Contoso', tenantId: '6f1d7c52-2b8e-4c1a-9f3e-1a2b3c4d5e01', initialDomain: 'contoso.onmicrosoft.com', cbcCertificateName: 'seppmail.contoso.com', domains: ['contoso.com', 'contoso.ch'], certificate: 'contoso', mxOctet: 21 },
  { id: 'Fabrikam', tenantId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02', initialDomain: 'fabrikam.onmicrosoft.com', cbcCertificateName: 'seppmail.fabrikam.com', domains: ['fabrikam.com', 'fabrikam-mail.de'], certificate: 'fabrikam', mxOctet: 22 },
  { id: 'Tailspin', tenantId: '9e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c603', initialDomain: 'tailspintoys.onmicrosoft.com', cbcCertificateName: 'seppmail.tailspintoys.com', domains: ['tailspintoys.com'], certificate: 'tailspin', mxOctet: 23 },
];

/** A fourth tenant, added by scenario 6. */
export const NORTHWIND: WireTenant = {
  id: 'Northwind',
  tenantId: '11111111-aaaa-4bbb-8ccc-222222222222',
  initialDomain: 'northwind.onmicrosoft.com',
  cbcCertificateName: 'mail.northwind.com',
  domains: ['northwind.com'],
  certificate: 'other-name',
  mxOctet: 24,
};

export interface WireStackOptions {
  readonly tenants: WireTenant[];
  readonly postfix: PostfixInstance;
  /** The tenant's exoMxHost (a front door address). */
  readonly mxHost: (t: WireTenant) => string;
}

/** The fleet as a user declares it: a Postfix gateway deployed to the host instance, one TenantGateway per tenant. */
export class WireFleetStack extends TerraformStack {
  public readonly gateway: MailGateway;
  public readonly tenants = new Map<string, TenantGateway>();

  constructor(scope: Construct, id: string, options: WireStackOptions) {
    super(scope, id);
    // State in the stack folder (a temporary folder), never in the folder the tests run in.
    new LocalBackend(this, { path: 'terraform.tfstate' });
    this.gateway = new MailGateway(this, 'Postfix', {
      profile: GatewayProfile.postfix({ deployment: PostfixDeployment.host({ configDir: options.postfix.configDir, queueDir: options.postfix.queueDir, exoCaFile: path.join(PKI, 'root.pem') }) }),
      fqdn: 'securemail.provider.example',
      tlsCertificate: CertificateSource.fromPemFile(path.join(PKI, 'gateway.pem')),
      trustedRootsPemFile: path.join(PKI, 'root.pem'),
    });
    for (const t of options.tenants) {
      const tenant = new TenantGateway(this, t.id, {
        gateway: this.gateway,
        tenantId: t.tenantId,
        initialDomain: t.initialDomain,
        cbcCertificateName: t.cbcCertificateName,
        cbcCertificate: CertificateSource.fromPemFile(path.join(PKI, `${t.certificate}.pem`), { keyFile: path.join(PKI, `${t.certificate}.key.pem`) }),
        exoMxHost: options.mxHost(t),
        access: ExchangeAccess.certificateFromEnvironment(AUTOMATION_APP_ID, CERT_ENV),
        ...(t.adoptExisting ? { adoptExisting: true } : {}),
      });
      t.domains.forEach((domain, i) => tenant.addManagedDomain(`Domain${i + 1}`, { domain }));
      this.tenants.set(t.id, tenant);
    }
  }
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The identity of a certificate file of the test PKI (SHA-256 fingerprint, as the front door records it). */
export function fingerprintOf(certificate: string): string {
  return namesOfCertificateFile(path.join(PKI, `${certificate}.pem`)).fingerprint;
}

export class WireHarness {
  public readonly dir: string;
  public readonly store: SimulatorStore;
  public readonly door: ExoFrontDoor;
  public readonly postfix: PostfixInstance;
  public readonly port: number;
  public readonly stackName = 'wire';
  private readonly outdir: string;
  private readonly env: NodeJS.ProcessEnv;
  private initialised = false;
  private sent = 0;

  /**
   * @param relayOctet last octet of the instance's relayhost (the default transport, for domains
   * no tenant declares): the Internet MX (29) unless a test routes them elsewhere.
   */
  constructor(
    public readonly name: string,
    public readonly block: number,
    relayOctet = 29,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `exo-wire-${name}-tf-`));
    this.outdir = path.join(this.dir, 'cdktf.out');
    this.store = new SimulatorStore(path.join(this.dir, 'sim'));
    this.door = new ExoFrontDoor(this.store);
    // One port for every listener of this harness; the pid keeps reruns clear of stale sockets.
    this.port = 21000 + (process.pid % 4000) * 2;
    try {
      this.postfix = new PostfixInstance({ name, smtpd: { host: this.address(10), port: this.port + 1 }, remotePort: this.port, relayhost: `[${this.address(relayOctet)}]` });
    } catch (e) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      throw e;
    }
    const rc = path.join(this.dir, 'terraform.rc');
    fs.writeFileSync(rc, '');
    this.env = {
      ...process.env,
      PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH}`,
      EXO_SIM_STATE_DIR: this.store.stateDir,
      [CERT_ENV]: FAKE_CERT_SECRET,
      TF_CLI_CONFIG_FILE: rc,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      EXO_GATEWAY_TARGET: 'exchange-online',
    };
    delete this.env.EXO_GATEWAY_WHAT_IF;
  }

  /** 127.0.<block>.<octet> */
  public address(octet: number): string {
    return `127.0.${this.block}.${octet}`;
  }

  /** The front door address a tenant's transport delivers to. */
  public mxHost(t: WireTenant): string {
    return this.address(t.mxOctet);
  }

  public get internetListener(): string {
    return `${this.address(29)}:${this.port}`;
  }

  /** Starts the front door: one listener per tenant (including ones added later) and the Internet MX. */
  public async startFrontDoor(tenants: WireTenant[]): Promise<void> {
    await this.door.start([...tenants.map((t) => ({ host: this.mxHost(t), port: this.port })), { host: this.address(29), port: this.port, internet: true }]);
  }

  /** Creates the simulated tenants: identity and accepted domains (their managed domains and the certificate's domain). */
  public seed(tenants: WireTenant[]): void {
    for (const t of tenants) {
      this.store.seedTenant({ organization: t.initialDomain, tenantId: t.tenantId, acceptedDomains: [...new Set([...t.domains, t.cbcCertificateName.replace(/^[^.]+\./, '')])] });
    }
  }

  /** Builds the declaration (without synthesizing it). */
  public declare(tenants: WireTenant[], app: App = new App({ outdir: this.outdir, skipValidation: false, context: CHECK_CONTEXT })): WireFleetStack {
    return new WireFleetStack(app, this.stackName, { tenants, postfix: this.postfix, mxHost: (t) => this.mxHost(t) });
  }

  /**
   * Synthesizes the fleet into the harness's cdktf.out. The stack's copy of the apply-time
   * program also serves the stand-in pwsh (EXO_SIM_SESSION_BUNDLE), so an apply never reads the
   * repository's build/runtime, which a concurrent `npm run bundle` may be rewriting; a copy taken
   * while it was being rewritten is taken again.
   */
  public synth(tenants: WireTenant[]): void {
    for (let attempt = 1; ; attempt++) {
      const stack = this.declare(tenants);
      (stack.node.root as App).synth();
      const used = fs.readFileSync(path.join(this.stackDir, 'cdk.tf.json'), 'utf8').match(/assets\/ExoGatewayRuntime\/(\w+)\/exo-apply\.js/);
      const copy = path.join(this.stackDir, 'assets', 'ExoGatewayRuntime', used ? used[1] : 'missing');
      const complete = ['exo-apply.js', 'exo-sim-session.js'].every((f) => fs.existsSync(path.join(copy, f)) && fs.statSync(path.join(copy, f)).size > 0);
      if (complete) {
        this.env.EXO_SIM_SESSION_BUNDLE = path.join(copy, 'exo-sim-session.js');
        return;
      }
      if (attempt >= 5) throw new Error(`the apply-time program is incomplete in ${copy} after ${attempt} synths`);
      spawnSync('sleep', ['0.5']);
    }
  }

  public get stackDir(): string {
    return path.join(this.outdir, 'stacks', this.stackName);
  }

  /** Runs Terraform in the stack folder without blocking the event loop (the front door keeps serving). */
  public async terraform(args: string[], timeoutMs = 180_000): Promise<RunResult> {
    const started = Date.now();
    const binary = process.env.EXO_TEST_TERRAFORM ?? 'terraform';
    return new Promise((resolve) => {
      const child = spawn(binary, args, { cwd: this.stackDir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const timer = setTimeout(() => {
        stderr += `\nkilled after ${timeoutMs} ms`;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: -1, stdout, stderr: `${stderr}${String(e)}`, ms: Date.now() - started });
      });
    });
  }

  /** `terraform init` (once) and `terraform apply`; throws with the output when either fails. */
  public async apply(): Promise<RunResult> {
    if (!this.initialised) {
      const init = await this.terraform(['init', '-input=false', '-no-color']);
      if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
      this.initialised = true;
    }
    const r = await this.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    if (r.code !== 0) throw new Error(`terraform apply failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}\n--- mail log ---\n${this.postfix.log()}`);
    return r;
  }

  /** Submits one message to the gateway's smtpd; returns its Message-ID. */
  public async send(to: string, label: string): Promise<string> {
    const n = ++this.sent;
    const messageId = `<wire-${this.name}-${n}-${label.replace(/[^a-z0-9-]/gi, '')}@sender.example>`;
    const transport = nodemailer.createTransport({ host: this.postfix.options.smtpd.host, port: this.postfix.options.smtpd.port, secure: false, ignoreTLS: true, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 });
    try {
      await transport.sendMail({ from: 'alice@sender.example', to, subject: `${label} #${n}`, messageId, text: `wire test message ${n} (${label})` });
    } finally {
      transport.close();
    }
    return messageId;
  }

  /** Message-IDs of the messages in the instance's queue, by queue name (`postqueue -j` joined with the log). */
  public queued(): { messageId: string; queue: string; reason: string }[] {
    const ids = this.postfix.messageIds();
    return this.postfix.queue().map((m) => ({ messageId: ids.get(m.queue_id) ?? m.queue_id, queue: m.queue_name, reason: m.recipients.map((r) => r.delay_reason ?? '').join('; ') }));
  }

  /** Submits one message with `sendmail -C` (works while the instance is stopped); returns its Message-ID. */
  public sendmail(to: string, label: string): string {
    const n = ++this.sent;
    const messageId = `<wire-${this.name}-${n}-${label.replace(/[^a-z0-9-]/gi, '')}@sender.example>`;
    this.postfix.sendmail('alice@sender.example', to, { From: 'alice@sender.example', To: to, Subject: `${label} #${n}`, 'Message-ID': messageId }, `wire test message ${n} (${label})`);
    return messageId;
  }

  /** Every front door record of a message (more than one would be a duplicate delivery). */
  public recordsOf(messageId: string): FrontDoorRecord[] {
    return this.door.records.filter((r) => r.messageId === messageId);
  }

  /** Waits until every message has reached the front door, flushing the queue while it waits. */
  public async waitForDelivery(messageIds: string[], timeoutMs = 30_000): Promise<void> {
    let lastFlush = Date.now();
    await waitUntil(
      () => {
        if (Date.now() - lastFlush > 1_000) {
          this.postfix.flush();
          lastFlush = Date.now();
        }
        return messageIds.every((id) => this.recordsOf(id).length > 0);
      },
      timeoutMs,
      () => `not delivered: ${messageIds.filter((id) => this.recordsOf(id).length === 0).join(', ')}\nqueue: ${JSON.stringify(this.postfix.queue())}\n--- mail log ---\n${this.postfix.log()}`,
    );
  }

  /**
   * Waits until the instance's queue is empty. A message delivered just before a reload stays in
   * the queue until the new queue manager finds every recipient done and removes it.
   */
  public async waitForEmptyQueue(timeoutMs = 20_000): Promise<void> {
    let lastFlush = Date.now();
    await waitUntil(
      () => {
        if (Date.now() - lastFlush > 1_000) {
          this.postfix.flush();
          lastFlush = Date.now();
        }
        return this.postfix.queue().length === 0;
      },
      timeoutMs,
      () => `queue not empty: ${JSON.stringify(this.postfix.queue())}\n--- mail log ---\n${this.postfix.log()}`,
    );
  }

  /** The connectors the simulated Exchange Online holds: the managed OnPremises inbound connector of a tenant. */
  public inboundConnectorOf(t: WireTenant): { Name: string; TlsSenderCertificateName: string } {
    const managed = this.store.objects(t.initialDomain, 'InboundConnector').filter((o) => String(o.Comment ?? '').includes(MANAGED_MARKER));
    if (managed.length !== 1) throw new Error(`expected one managed inbound connector in ${t.initialDomain}, found ${managed.length}`);
    return { Name: String(managed[0].Name), TlsSenderCertificateName: String(managed[0].TlsSenderCertificateName) };
  }

  /**
   * Converges one tenant's desired state into the simulated Exchange Online in this process (what
   * the tenant's Converge step runs), bypassing synth and its validation.
   */
  public async convergeDirectly(tenant: TenantGateway, log: (line: string) => void): Promise<void> {
    const doc = parseDocument(tenant.renderDesiredState(), `desired state of ${tenant.node.path}`);
    const stateDir = this.store.stateDir;
    const open: SessionOpener = async (d: TenantDesiredState): Promise<ExchangeSession> => {
      const s = await openSimulatedSession({ stateDir, organization: d.access.organization, appId: d.access.appId, env: { [CERT_ENV]: FAKE_CERT_SECRET } });
      return asExchangeSession(s);
    };
    await convergeTenant(doc, open, { whatIf: false, log });
  }

  /** Stops the front door and the Postfix instance, and removes every folder the harness made. */
  public async cleanup(): Promise<void> {
    try {
      await this.door.stop();
    } finally {
      try {
        this.postfix.cleanup();
      } finally {
        fs.rmSync(this.dir, { recursive: true, force: true });
      }
    }
  }
}
