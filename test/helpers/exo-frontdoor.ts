/**
 * A stand-in for Exchange Online's SMTP front door, for tests on loopback only.
 *
 * It listens on 127.0.0.x addresses posing as tenants' `*.mail.protection.outlook.com` hosts,
 * offers STARTTLS with a server certificate from the test PKI, asks for a client certificate,
 * and attributes every message the way Exchange Online documents it (shared reference
 * exchange-online.md §2), from the connectors the simulated Exchange Online holds:
 *
 *  1. a presented certificate whose name matches an enabled OnPremises inbound connector's
 *     TlsSenderCertificateName, and whose domain is an accepted domain of that connector's
 *     tenant, attributes the connection to that tenant and connector (if several tenants match,
 *     the first in name order wins: that is the misattribution the validator prevents);
 *  2. otherwise, a connection from an address an enabled OnPremises inbound connector lists in
 *     SenderIPAddresses is attributed to that connector's tenant (again the first in name order:
 *     a gateway address shared by tenants misattributes, as Microsoft's message center MC1226222
 *     warns); the certificate comes first, as in MC1226222's attribution order;
 *  3. otherwise the message is anonymous Internet mail, attributed to the recipient's tenant;
 *  4. a relay (a recipient in no tenant) that no connector attributes is refused with
 *     `550 5.7.64 TenantAttribution; Relay Access Denied`.
 *
 * Every accepted message is recorded: tenant, connector, presented certificate, envelope.
 * A listener marked `internet` stands in for any other MX on the Internet instead: it accepts
 * every recipient and only records what the client presented.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { BlockList, isIPv4 } from 'node:net';
import * as path from 'node:path';
import { TLSSocket } from 'node:tls';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { isInDomain, namesOverlap } from '../../lib/core/names';
import { SimulatorStore } from '../../lib/runtime/simulator/store';

const PKI = path.resolve(__dirname, '..', 'fixtures', 'pki');

export interface PresentedCertificate {
  readonly subject: string;
  readonly fingerprint: string;
  readonly names: string[];
}

export interface FrontDoorRecord {
  /** Address:port of the listener the gateway connected to. */
  readonly listener: string;
  readonly mailFrom: string;
  readonly rcptTo: string[];
  readonly presented: PresentedCertificate | null;
  /** Tenant (organization) the message was attributed to. */
  readonly tenant: string | null;
  /** The inbound connector that attributed it, or null for anonymous mail. */
  readonly connector: string | null;
  /** How the connector was matched: by the presented certificate or by the source address. */
  readonly attributedBy: 'certificate' | 'ip' | null;
  /** The client's source address. */
  readonly remoteAddress: string;
  readonly messageId: string | null;
  readonly subject: string | null;
  /** The SMTP session (connection) that carried the message, and when it arrived (ms since the epoch). */
  readonly connection: string;
  readonly receivedAt: number;
}

export interface FrontDoorListener {
  readonly host: string;
  readonly port: number;
  /**
   * A plain Internet MX instead of Exchange Online: it accepts every recipient, attributes
   * nothing (tenant and connector stay null), and records what the client presented.
   */
  readonly internet?: boolean;
}

interface TenantView {
  readonly organization: string;
  readonly acceptedDomains: string[];
  readonly connectors: { name: string; certificateName: string | null; senderIps: BlockList | null }[];
}

interface Attribution {
  readonly tenant: string;
  readonly connector: string;
  readonly by: 'certificate' | 'ip';
}

type Session = SMTPServerSession & { presented?: PresentedCertificate | null; attributed?: Attribution | null };

/** SenderIPAddresses (IPv4 addresses and CIDR ranges) as a matcher, or null when the list is empty. */
function senderIpsOf(value: unknown): BlockList | null {
  const list = (Array.isArray(value) ? value : []).map(String).filter((v) => v.trim() !== '');
  if (list.length === 0) return null;
  const block = new BlockList();
  for (const entry of list) {
    const [address, prefix] = entry.trim().split('/');
    if (!isIPv4(address)) continue;
    if (prefix === undefined) block.addAddress(address, 'ipv4');
    else block.addSubnet(address, Number(prefix), 'ipv4');
  }
  return block;
}

function certificateOf(socket: TLSSocket): PresentedCertificate | null {
  const peer = socket.getPeerX509Certificate?.();
  if (!peer) return null;
  const cn = peer.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3);
  const sans = (peer.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
  return { subject: peer.subject.replace(/\n/g, ', '), fingerprint: peer.fingerprint256, names: [...new Set([...(cn ? [cn] : []), ...sans])] };
}

export class ExoFrontDoor {
  public readonly records: FrontDoorRecord[] = [];
  public readonly refusals: { listener: string; code: number; message: string; presented: PresentedCertificate | null }[] = [];
  private readonly servers: SMTPServer[] = [];
  private temporaryFailures = 0;

  constructor(private readonly store: SimulatorStore) {}

  /** Answers the next `count` messages with 451 4.7.500 (Exchange's "server busy"), then recovers. */
  public failTemporarily(count: number): void {
    this.temporaryFailures = count;
  }

  /** Starts one listener per address. */
  public async start(listeners: FrontDoorListener[]): Promise<void> {
    for (const l of listeners) {
      const server = this.server(`${l.host}:${l.port}`, l.internet === true);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(l.port, l.host, () => resolve());
      });
      this.servers.push(server);
    }
  }

  public async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
  }

  /** The tenants and their OnPremises certificate connectors, read fresh from the simulator. */
  private tenants(): TenantView[] {
    return this.store
      .listTenants()
      .sort()
      .map((org) => ({
        organization: org,
        acceptedDomains: this.store.objects(org, 'AcceptedDomain').map((d) => String(d.DomainName).toLowerCase()),
        connectors: this.store
          .objects(org, 'InboundConnector')
          .filter((c) => String(c.ConnectorType).toLowerCase() === 'onpremises' && c.Enabled !== false)
          .map((c) => ({
            name: String(c.Name),
            certificateName: typeof c.TlsSenderCertificateName === 'string' && c.TlsSenderCertificateName !== '' ? c.TlsSenderCertificateName : null,
            senderIps: senderIpsOf(c.SenderIPAddresses),
          })),
      }));
  }

  /** Steps 1 and 2 of the attribution order: the certificate domain, then the source address. */
  public attribute(presented: PresentedCertificate | null, remoteAddress = ''): Attribution | null {
    const tenants = this.tenants();
    if (presented) {
      for (const t of tenants) {
        for (const c of t.connectors) {
          if (c.certificateName === null) continue;
          const matching = presented.names.find((n) => namesOverlap(n, c.certificateName!));
          if (matching && t.acceptedDomains.some((d) => isInDomain(matching, d))) {
            return { tenant: t.organization, connector: c.name, by: 'certificate' };
          }
        }
      }
    }
    const address = remoteAddress.replace(/^::ffff:/, '');
    if (!isIPv4(address)) return null;
    for (const t of tenants) {
      const c = t.connectors.find((x) => x.senderIps?.check(address, 'ipv4'));
      if (c) return { tenant: t.organization, connector: c.name, by: 'ip' };
    }
    return null;
  }

  private recipientTenant(address: string): string | null {
    const domain = address.split('@').pop()!.toLowerCase();
    return this.tenants().find((t) => t.acceptedDomains.includes(domain))?.organization ?? null;
  }

  private server(listener: string, internet = false): SMTPServer {
    const refuse = (session: Session, code: number, message: string) => {
      this.refusals.push({ listener, code, message, presented: session.presented ?? null });
      const err = new Error(message) as Error & { responseCode: number };
      err.responseCode = code;
      return err;
    };
    return new SMTPServer({
      name: 'frontdoor.mail.protection.outlook.com',
      key: fs.readFileSync(path.join(PKI, 'exo-frontdoor.key.pem')),
      cert: fs.readFileSync(path.join(PKI, 'exo-frontdoor.pem')),
      requestCert: true,
      rejectUnauthorized: false,
      authOptional: true,
      disabledCommands: ['AUTH'],
      logger: false,
      onSecure: (socket, session, callback) => {
        const s = session as Session;
        s.presented = certificateOf(socket as TLSSocket);
        s.attributed = internet ? null : this.attribute(s.presented, s.remoteAddress);
        callback();
      },
      onMailFrom: (_address, session, callback) => {
        if (this.temporaryFailures > 0) {
          this.temporaryFailures--;
          return callback(refuse(session as Session, 451, '4.7.500 Server busy. Please try again later.'));
        }
        callback();
      },
      onRcptTo: (address, session, callback) => {
        const s = session as Session;
        const recipientTenant = this.recipientTenant(address.address);
        if (!internet && !recipientTenant && !s.attributed) {
          return callback(refuse(s, 550, `5.7.64 TenantAttribution; Relay Access Denied [${address.address}]`));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const s = session as Session;
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const header = (name: string) => text.match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1].trim() ?? null;
          const rcptTo = s.envelope.rcptTo.map((r) => r.address);
          const attributed = s.attributed ?? null;
          this.records.push({
            listener,
            mailFrom: s.envelope.mailFrom ? s.envelope.mailFrom.address : '',
            rcptTo,
            presented: s.presented ?? null,
            tenant: internet ? null : (attributed?.tenant ?? this.recipientTenant(rcptTo[0])),
            connector: attributed?.connector ?? null,
            attributedBy: attributed?.by ?? null,
            remoteAddress: s.remoteAddress,
            messageId: header('Message-ID'),
            subject: header('Subject'),
            connection: s.id,
            receivedAt: Date.now(),
          });
          callback();
        });
      },
    });
  }
}

/** The names a certificate file carries (for assertions). */
export function namesOfCertificateFile(file: string): PresentedCertificate {
  const cert = new X509Certificate(fs.readFileSync(file));
  const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3);
  const sans = (cert.subjectAltName ?? '').split(/,\s*/).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  return { subject: cert.subject.replace(/\n/g, ', '), fingerprint: cert.fingerprint256, names: [...new Set([...(cn ? [cn] : []), ...sans])] };
}
