/**
 * A private Postfix instance for the wire tests: Debian's Postfix (installed by .ci/run) with its
 * own configuration folder, queue, data folder and mail log under a temporary folder. It never
 * touches /etc/postfix or the system instance, listens on one 127.0.0.x address only, and the
 * test stops it and removes the folder (stop() + cleanup()).
 *
 * The instance receives mail with its own smtpd on `smtpd` (mynetworks = 127.0.0.0/8) and
 * delivers with its SMTP client to port `remotePort` (smtp_tcp_port), so literal next hops such as
 * `[127.0.0.21]` reach the stand-in Exchange Online front door on loopback. Retry timers are short
 * (queue_run_delay 1s, backoff 1s..2s), and nothing bounces for 10 minutes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The Postfix programs the wire tests run, or undefined where one is missing. */
export interface PostfixTools {
  readonly postfix: string;
  readonly postconf: string;
  readonly postmap: string;
  readonly postqueue: string;
  readonly postsuper: string;
}

function find(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

export function postfixTools(): PostfixTools | undefined {
  const postfix = find('postfix');
  const postconf = find('postconf');
  const postmap = find('postmap');
  const postqueue = find('postqueue');
  const postsuper = find('postsuper');
  return postfix && postconf && postmap && postqueue && postsuper ? { postfix, postconf, postmap, postqueue, postsuper } : undefined;
}

/**
 * Why the wire tests cannot run here, or undefined when they can. They need Postfix, root (Postfix
 * starts as root and drops to its own user) and Terraform.
 */
export function wireUnavailable(): string | undefined {
  if (!postfixTools()) return 'postfix, postconf, postmap, postqueue or postsuper not found on PATH or in /usr/sbin (.ci/run installs Debian postfix)';
  if (process.getuid?.() !== 0) return 'a private Postfix instance is started as root';
  const terraform = process.env.EXO_TEST_TERRAFORM ?? 'terraform';
  if (spawnSync(terraform, ['version'], { encoding: 'utf8' }).status !== 0) return `${terraform} not found`;
  return undefined;
}

/**
 * `describe` where the wire tests can run; elsewhere `describe.skip`, except under CI=true,
 * where a missing prerequisite is a failing test.
 */
export function describeWire(name: string, fn: () => void): void {
  const reason = wireUnavailable();
  if (!reason) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      test('the wire test prerequisites are installed in CI', () => {
        throw new Error(`cannot run the wire tests: ${reason}`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ${reason})`, fn);
}

/** A master.cf without chroot or inet services (those are added per instance). */
export const MASTER_CF = `# private test instance of cdktf-exo-gateway
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

export interface PostfixInstanceOptions {
  /** Short name, for the folder and the log's syslog_name. */
  readonly name: string;
  /** Where the instance's smtpd listens (a 127.0.0.x address). */
  readonly smtpd: { readonly host: string; readonly port: number };
  /** The port the instance's SMTP client connects to (smtp_tcp_port): the front door's port. */
  readonly remotePort: number;
  /** Next hop of the default transport (relayhost), e.g. `[127.0.0.29]`. */
  readonly relayhost?: string;
}

/** One message in the queue, from `postqueue -j`. */
export interface QueuedMessage {
  readonly queue_name: string;
  readonly queue_id: string;
  readonly sender: string;
  readonly recipients: { address: string; delay_reason?: string }[];
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: string[]): CommandResult {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `intervalMs` until it returns true; throws `describe()` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, describe: () => string, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(intervalMs);
  }
}

export class PostfixInstance {
  public readonly base: string;
  public readonly configDir: string;
  public readonly queueDir: string;
  public readonly logFile: string;
  public readonly tools: PostfixTools;

  constructor(public readonly options: PostfixInstanceOptions) {
    const tools = postfixTools();
    if (!tools) throw new Error('Postfix is not installed');
    this.tools = tools;
    this.base = fs.mkdtempSync(path.join(os.tmpdir(), `exo-wire-${options.name}-`));
    this.configDir = path.join(this.base, 'config');
    this.queueDir = path.join(this.base, 'queue');
    this.logFile = path.join(this.base, 'maillog');
    fs.mkdirSync(this.configDir);
    fs.mkdirSync(this.queueDir);
    fs.mkdirSync(path.join(this.base, 'data'));
    fs.writeFileSync(
      path.join(this.configDir, 'main.cf'),
      [
        '# private wire-test instance of cdktf-exo-gateway',
        'compatibility_level = 3.6',
        `queue_directory = ${this.queueDir}`,
        `data_directory = ${path.join(this.base, 'data')}`,
        `syslog_name = postfix-exo-wire-${options.name}`,
        `maillog_file = ${this.logFile}`,
        `maillog_file_prefixes = ${this.base}`,
        'inet_interfaces = loopback-only',
        'inet_protocols = ipv4',
        'myhostname = securemail.provider.example',
        'mydestination =',
        'alias_maps =',
        'alias_database =',
        'local_recipient_maps =',
        'mynetworks = 127.0.0.0/8',
        'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
        `smtp_tcp_port = ${options.remotePort}`,
        ...(options.relayhost ? [`relayhost = ${options.relayhost}`] : []),
        'smtp_tls_loglevel = 1',
        'smtp_connect_timeout = 5s',
        'smtp_helo_timeout = 15s',
        'queue_run_delay = 1s',
        'minimal_backoff_time = 1s',
        'maximal_backoff_time = 2s',
        'maximal_queue_lifetime = 10m',
        'bounce_queue_lifetime = 10m',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(this.configDir, 'master.cf'), `${MASTER_CF}${options.smtpd.host}:${options.smtpd.port}  inet  n  -  n  -  -  smtpd\n`);
    // The instance's processes run as the postfix user: they must reach the folders and own the data folder.
    fs.chmodSync(this.base, 0o755);
    const uid = Number(run('id', ['-u', 'postfix']).stdout.trim());
    if (uid > 0) fs.chownSync(path.join(this.base, 'data'), uid, -1);
  }

  public postfix(...args: string[]): CommandResult {
    return run(this.tools.postfix, ['-c', this.configDir, ...args]);
  }

  public postconf(...args: string[]): CommandResult {
    return run(this.tools.postconf, ['-c', this.configDir, ...args]);
  }

  public isRunning(): boolean {
    return this.postfix('status').code === 0;
  }

  public start(): void {
    const r = this.postfix('start');
    if (r.code !== 0) throw new Error(`postfix start failed: ${r.stderr}${r.stdout}\n${this.log()}`);
  }

  /** Stops the instance (abruptly if a clean stop fails); the queue stays on disk. */
  public stop(): void {
    if (!this.isRunning()) return;
    if (this.postfix('stop').code !== 0 || this.isRunning()) this.postfix('abort');
  }

  /** `postqueue -f`: deliver what is queued now. */
  public flush(): void {
    if (!this.isRunning()) return;
    const r = run(this.tools.postqueue, ['-c', this.configDir, '-f']);
    if (r.code !== 0) throw new Error(`postqueue -f failed: ${r.stderr}`);
  }

  /** The queue (`postqueue -j`; with the instance stopped, Postfix reads the queue files directly). */
  public queue(): QueuedMessage[] {
    const r = run(this.tools.postqueue, ['-c', this.configDir, '-j']);
    if (r.code !== 0) throw new Error(`postqueue -j failed (exit ${r.code}): ${r.stderr}`);
    return r.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as QueuedMessage);
  }

  /** The instance's mail log so far. */
  public log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }

  /** Message-ID of each queue file, from the log (cleanup's `message-id=` line). */
  public messageIds(): Map<string, string> {
    const byQueueId = new Map<string, string>();
    for (const line of this.log().split('\n')) {
      const id = line.match(/: ([0-9A-Za-z]{6,}): message-id=(<[^>]*>)/);
      if (id) byQueueId.set(id[1], id[2]);
    }
    return byQueueId;
  }

  /**
   * Submits a message with the instance's sendmail(1) (`sendmail -C <configDir>`), which works
   * while the instance is stopped too: postdrop leaves it in the maildrop queue.
   */
  public sendmail(from: string, to: string, headers: { [name: string]: string }, body: string): void {
    const sendmail = find('sendmail');
    if (!sendmail) throw new Error('sendmail not found');
    const text = `${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n\n${body}\n`;
    const r = spawnSync(sendmail, ['-C', this.configDir, '-f', from, '--', to], { input: text, encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`sendmail failed (exit ${r.status}): ${r.stderr}${r.error ? String(r.error) : ''}`);
  }

  /**
   * Delivery attempts per Message-ID, from the log: each queue file's `message-id=` (cleanup) and
   * its `status=` lines (smtp), e.g. { '<a@b>': ['deferred', 'sent'] }.
   */
  public deliveries(): Map<string, string[]> {
    const byQueueId = new Map<string, string>();
    const out = new Map<string, string[]>();
    for (const line of this.log().split('\n')) {
      const id = line.match(/: ([0-9A-Za-z]{6,}): message-id=(<[^>]*>)/);
      if (id) {
        byQueueId.set(id[1], id[2]);
        if (!out.has(id[2])) out.set(id[2], []);
        continue;
      }
      const status = line.match(/: ([0-9A-Za-z]{6,}): to=<[^>]*>.* status=([a-z]+)/);
      if (status && byQueueId.has(status[1])) out.get(byQueueId.get(status[1])!)!.push(status[2]);
    }
    return out;
  }

  /** Stops the instance and removes its folder. */
  public cleanup(): void {
    try {
      this.stop();
    } finally {
      fs.rmSync(this.base, { recursive: true, force: true });
    }
  }
}
