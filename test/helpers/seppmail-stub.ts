/**
 * A stand-in for the SEPPmail appliance's REST API 1.0.3, for tests on 127.0.0.1 only.
 *
 * HTTPS with a throw-away CA made here (node-forge), so the client's certificate checks run as
 * against an appliance. Every call is checked against the API as the shared reference
 * (gateway-apis.md §1.2-§1.5) and the vendor's OpenAPI file describe it: the base path `/v1`,
 * both API-key headers, `accept: application/json`, a JSON body with `Content-Type:
 * application/json`, the paths and methods, the allowed query parameters and body properties,
 * the name patterns, the enums. A call that breaks the spec is answered with HTTP 500
 * `{ errorCode, errorMessage }` and recorded in `violations` (tests expect none).
 *
 * State, like the appliance's: customers by name, managed domains by name with the customer
 * each is attached to. `applyMailconfig=false` leaves the mail configuration pending; a
 * managed-domain write without it (or with `true`) applies it (`mailConfigApplied`).
 * Where the reference leaves semantics open (attaching a domain held by another customer,
 * deleting a customer that still has domains), the stub takes the strict reading and says so in
 * its error text.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as forge from 'node-forge';

export interface StubCall {
  readonly method: string;
  /** Path below /v1, e.g. `/customer/Contoso/mailroute`. */
  readonly path: string;
  readonly query: { [name: string]: string };
  readonly body?: any;
  /** HTTP status of the reply. */
  status?: number;
}

export interface StubCustomer {
  name: string;
  comment: string;
  description: string;
  adminEmail: string;
  admins: string[];
  creator: string;
}

export interface StubDomain {
  domainName: string;
  customer: string | null;
  [property: string]: any;
}

interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly errorCode: number;
  readonly errorMessage: string;
}

const CUSTOMER_NAME = /^[a-zA-Z0-9\-_]+$|^\[(default|none)\]$/;
const DOMAIN_NAME = /^((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,6}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TLS_LEVELS = ['none', 'may', 'encrypt', 'verify', 'secure', 'fingerprint'];
/** POST /customer properties (OpenAPI "Create customer object scheme"); PUT takes the same minus name. */
const CUSTOMER_PROPS = ['adminEmail', 'admins', 'backupPassword', 'comment', 'defaultGINADomain', 'deleteOldMessagesGracePeriod', 'deleteUnregistered', 'description', 'mailRoutes', 'maximumEncryptionLicenses', 'maximumLFTLicenses', 'name', 'sendBackupToAdmin'];
const CUSTOMER_DELETE_FLAGS = ['deleteUsers', 'deleteGINAUsers', 'deleteAdminUsers', 'deleteManagedDomains', 'deleteGINADomains', 'deletePolicies', 'deleteSmarthostCredentials', 'deleteEverything'];
/** Managed-domain properties (OpenAPI "Add/Modify managed domain object", gateway-apis.md §1.4). */
const DOMAIN_PROPS = ['forwarding', 'requestedHeader', 'requestedTenantID', 'authenticationExpression', 'sendingServers', 'smarthost', 'postmaster', 'webmailDomain', 'disclaimer', 'templates', 'externalAuthentication', 'dkim', 'tls', 'autopublishSMIMEDomainKeys'];

class SpecViolation extends Error {}
class ApiError extends Error {
  constructor(
    public readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** A CA and a server certificate for 127.0.0.1, made with node:crypto keys and node-forge. */
function makePki(dir: string): { key: string; cert: string; caFile: string } {
  const keyPair = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
    return { privateKey, publicKey };
  };
  const now = new Date();
  const cert = (subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], publicKeyPem: string, signKeyPem: string, extensions: any[]) => {
    const c = forge.pki.createCertificate();
    c.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
    c.serialNumber = `01${randomBytes(8).toString('hex')}`;
    c.validity.notBefore = new Date(now.getTime() - 3_600_000);
    c.validity.notAfter = new Date(now.getTime() + 7 * 86_400_000);
    c.setSubject(subject);
    c.setIssuer(issuer);
    c.setExtensions(extensions);
    c.sign(forge.pki.privateKeyFromPem(signKeyPem), forge.md.sha256.create());
    return forge.pki.certificateToPem(c);
  };
  const caKeys = keyPair();
  const caName = [{ name: 'commonName', value: 'SEPPmail stub test CA' }];
  const caPem = cert(caName, caName, caKeys.publicKey, caKeys.privateKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const serverKeys = keyPair();
  const serverPem = cert([{ name: 'commonName', value: 'seppmail-stub.test' }], caName, serverKeys.publicKey, caKeys.privateKey, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  const caFile = path.join(dir, 'seppmail-stub-ca.pem');
  fs.writeFileSync(caFile, caPem);
  return { key: serverKeys.privateKey, cert: serverPem, caFile };
}

export class SeppmailStub {
  public readonly calls: StubCall[] = [];
  public readonly violations: string[] = [];
  public readonly customers = new Map<string, StubCustomer>();
  public readonly domains = new Map<string, StubDomain>();
  /** How often the mail configuration was applied. */
  public mailConfigApplied = 0;
  /** True while managed-domain data changed with applyMailconfig=false and was not applied yet. */
  public mailConfigPending = false;
  /** The request headers of every call (for checks that the credentials went in headers only). */
  public readonly headers: { [name: string]: string | string[] | undefined }[] = [];
  /** `https://127.0.0.1:<port>/v1` once started. */
  public url = '';
  /** PEM file of the stub's CA. */
  public readonly caFile: string;
  private readonly faults: Fault[] = [];
  private readonly server: https.Server;
  private readonly dir: string;

  constructor(
    private readonly token: string,
    private readonly secret: string,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seppmail-stub-'));
    const pki = makePki(this.dir);
    this.caFile = pki.caFile;
    this.server = https.createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
  }

  public async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this.url;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Adds a customer as someone else would (GUI, another tool). */
  public seedCustomer(name: string, comment: string, description = ''): void {
    this.customers.set(name, { name, comment, description, adminEmail: '', admins: [], creator: 'Created by admin' });
  }

  /** Adds a managed domain as someone else would; `customer` null: attached to none. */
  public seedDomain(domainName: string, customer: string | null, props: { [property: string]: any } = {}): void {
    this.domains.set(domainName, { domainName, customer, ...props });
  }

  /** The next call matching method and path is answered with HTTP 500 and this error. */
  public failNext(method: string, pathPattern: RegExp, errorCode: number, errorMessage: string): void {
    this.faults.push({ method, path: pathPattern, errorCode, errorMessage });
  }

  /** The calls that change something (everything but GET). */
  public writes(): StubCall[] {
    return this.calls.filter((c) => c.method !== 'GET');
  }

  /** Forgets the recorded calls. */
  public clearCalls(): void {
    this.calls.length = 0;
    this.headers.length = 0;
  }

  // -------------------------------------------------------------------------------------------

  private handle(req: import('node:http').IncomingMessage, raw: string, res: import('node:http').ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query: { [name: string]: string } = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const method = req.method ?? '';
    const apiPath = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : url.pathname;
    const call: StubCall = { method, path: decodeURI(apiPath), query };
    this.calls.push(call);
    this.headers.push({ ...req.headers });
    const reply = (status: number, body: unknown) => {
      call.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      if (!url.pathname.startsWith('/v1/')) throw new SpecViolation(`path ${url.pathname} is not below the base path /v1`);
      if (req.headers['x-sm-api-token'] !== this.token || req.headers['x-sm-api-secret'] !== this.secret) {
        reply(401, { errorCode: 401, errorMessage: 'invalid API token or secret' });
        return;
      }
      if (!String(req.headers.accept ?? '').includes('application/json')) throw new SpecViolation(`${method} ${apiPath}: no 'accept: application/json' header`);
      let body: any;
      if (raw !== '') {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new SpecViolation(`${method} ${apiPath}: a body without 'Content-Type: application/json'`);
        try {
          body = JSON.parse(raw);
        } catch {
          throw new SpecViolation(`${method} ${apiPath}: the body is not JSON`);
        }
        (call as { body?: any }).body = body;
      }
      const fault = this.faults.findIndex((f) => f.method === method && f.path.test(apiPath));
      if (fault >= 0) {
        const f = this.faults.splice(fault, 1)[0];
        reply(500, { errorCode: f.errorCode, errorMessage: f.errorMessage });
        return;
      }
      reply(200, this.route(method, apiPath, query, body));
    } catch (e) {
      if (e instanceof SpecViolation) {
        this.violations.push(e.message);
        reply(500, { errorCode: 9999, errorMessage: `stub: request breaks the API spec: ${e.message}` });
      } else if (e instanceof ApiError) {
        reply(500, { errorCode: e.errorCode, errorMessage: e.message });
      } else {
        reply(500, { errorCode: 9998, errorMessage: `stub: ${(e as Error).message}` });
      }
    }
  }

  private route(method: string, p: string, query: { [name: string]: string }, body: any): unknown {
    const seg = p.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    const needBody = () => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SpecViolation(`${method} ${p}: needs a JSON object body`);
    };
    const noBody = () => {
      if (body !== undefined) throw new SpecViolation(`${method} ${p}: takes no body`);
    };
    const allowQuery = (...names: string[]) => {
      for (const k of Object.keys(query)) if (!names.includes(k)) throw new SpecViolation(`${method} ${p}: unknown query parameter ${k}`);
      for (const k of names) if (k in query && !['true', 'false'].includes(query[k]) && !['domainName', 'customer'].includes(k)) throw new SpecViolation(`${method} ${p}: ${k} must be true or false`);
    };
    if (seg[0] === 'customer') {
      if (seg.length === 1 && method === 'GET') {
        noBody();
        allowQuery('list');
        return query.list === 'true' ? [...this.customers.keys()] : Object.fromEntries([...this.customers.values()].map((c) => [c.name, this.customerInfo(c)]));
      }
      if (seg.length === 1 && method === 'POST') {
        needBody();
        allowQuery();
        this.checkProps(body, CUSTOMER_PROPS, `${method} ${p}`);
        if (typeof body.name !== 'string' || !CUSTOMER_NAME.test(body.name)) throw new SpecViolation(`${method} ${p}: name '${body.name}' missing or not matching the customer name pattern`);
        if (this.customers.has(body.name)) throw new ApiError(1001, `customer '${body.name}' already exists`);
        this.customers.set(body.name, { name: body.name, comment: body.comment ?? '', description: body.description ?? '', adminEmail: body.adminEmail ?? '', admins: body.admins ?? [], creator: 'Created by REST API' });
        for (const d of body.mailRoutes ?? []) this.attach(body.name, d);
        return { message: `customer ${body.name} added` };
      }
      const name = seg[1];
      if (!CUSTOMER_NAME.test(name ?? '')) throw new SpecViolation(`${method} ${p}: customer '${name}' does not match the customer name pattern`);
      const existing = this.customers.get(name);
      if (seg.length === 2) {
        if (method === 'GET') {
          noBody();
          allowQuery();
          if (!existing) throw new ApiError(1002, `customer '${name}' does not exist`);
          return { [name]: this.customerInfo(existing) };
        }
        if (method === 'PUT') {
          needBody();
          allowQuery();
          this.checkProps(body, CUSTOMER_PROPS.filter((k) => k !== 'name'), `${method} ${p}`);
          if (!existing) throw new ApiError(1002, `customer '${name}' does not exist`);
          for (const k of ['comment', 'description', 'adminEmail', 'admins'] as const) if (k in body) (existing as any)[k] = body[k];
          return { message: `customer ${name} modified` };
        }
        if (method === 'DELETE') {
          noBody();
          allowQuery(...CUSTOMER_DELETE_FLAGS);
          if (!existing) throw new ApiError(1002, `customer '${name}' does not exist`);
          const held = [...this.domains.values()].filter((d) => d.customer === name);
          if (held.length && query.deleteManagedDomains !== 'true' && query.deleteEverything !== 'true') {
            throw new ApiError(1003, `customer '${name}' still has managed domains (${held.map((d) => d.domainName).join(', ')}) (stub: strict reading)`);
          }
          for (const d of held) this.domains.delete(d.domainName);
          this.customers.delete(name);
          return { message: `customer ${name} deleted` };
        }
      }
      if (seg.length === 3 && seg[2] === 'mailroute' && (method === 'POST' || method === 'PUT')) {
        needBody();
        allowQuery();
        this.checkProps(body, ['mailRoutes'], `${method} ${p}`);
        if (!Array.isArray(body.mailRoutes) || body.mailRoutes.some((d: unknown) => typeof d !== 'string' || !DOMAIN_NAME.test(d))) throw new SpecViolation(`${method} ${p}: mailRoutes must be a list of domain names`);
        if (!existing) throw new ApiError(1002, `customer '${name}' does not exist`);
        for (const d of body.mailRoutes) {
          if (method === 'POST') this.attach(name, d);
          else {
            const dom = this.domains.get(d);
            if (!dom || dom.customer !== name) throw new ApiError(1005, `managed domain '${d}' is not a mail route of customer '${name}'`);
            dom.customer = null;
          }
        }
        return { message: `mail routes of customer ${name} modified` };
      }
    }
    if (seg[0] === 'mailsystem' && seg[1] === 'manageddomain') {
      if (seg.length === 2 && method === 'GET') {
        noBody();
        allowQuery('list', 'domainName', 'customer');
        const out: { [customer: string]: unknown[] } = {};
        for (const d of [...this.domains.values()].sort((a, b) => a.domainName.localeCompare(b.domainName))) {
          if (query.domainName && d.domainName !== query.domainName) continue;
          const key = d.customer ?? '[none]';
          if (query.customer && key !== query.customer) continue;
          const { customer: _c, ...info } = d;
          (out[key] ??= []).push(query.list === 'true' ? d.domainName : JSON.parse(JSON.stringify(info)));
        }
        return out;
      }
      if (seg.length === 2 && method === 'POST') {
        needBody();
        allowQuery('applyMailconfig');
        this.checkDomainBody(body, `${method} ${p}`, true);
        if (this.domains.has(body.domainName)) throw new ApiError(2001, `managed domain '${body.domainName}' already exists`);
        this.domains.set(body.domainName, { ...JSON.parse(JSON.stringify(body)), customer: null });
        this.mailConfig(query);
        return { message: `managed domain ${body.domainName} added` };
      }
      const domainName = seg[2];
      if (seg.length === 3 && !DOMAIN_NAME.test(domainName ?? '')) throw new SpecViolation(`${method} ${p}: '${domainName}' does not match the domain name pattern`);
      if (seg.length === 3 && method === 'PUT') {
        needBody();
        allowQuery('applyMailconfig');
        this.checkDomainBody(body, `${method} ${p}`, false);
        const d = this.domains.get(domainName);
        if (!d) throw new ApiError(2002, `managed domain '${domainName}' does not exist`);
        Object.assign(d, JSON.parse(JSON.stringify(body)));
        this.mailConfig(query);
        return { message: `managed domain ${domainName} modified` };
      }
      if (seg.length === 3 && method === 'DELETE') {
        noBody();
        allowQuery('applyMailconfig');
        if (!this.domains.delete(domainName)) throw new ApiError(2002, `managed domain '${domainName}' does not exist`);
        this.mailConfig(query);
        return { message: `managed domain ${domainName} deleted` };
      }
    }
    throw new SpecViolation(`${method} ${p}: no such operation in API 1.0.3`);
  }

  private customerInfo(c: StubCustomer): unknown {
    const mailRoutes = [...this.domains.values()].filter((d) => d.customer === c.name).map((d) => d.domainName).sort();
    return { adminEmail: c.adminEmail, admins: c.admins, comment: c.comment, creator: c.creator, defaultGINADomain: '', deleteOldMessagesGracePeriod: 0, deleteUnregistered: 0, description: c.description, mailRoutes, maximumEncryptionLicenses: '', maximumLFTLicenses: '', name: c.name, sendBackupToAdmin: false };
  }

  private attach(customer: string, domainName: string): void {
    const d = this.domains.get(domainName);
    if (!d) throw new ApiError(2002, `managed domain '${domainName}' does not exist`);
    if (d.customer && d.customer !== customer) throw new ApiError(1004, `managed domain '${domainName}' belongs to customer '${d.customer}' (stub: strict reading)`);
    d.customer = customer;
  }

  private mailConfig(query: { [name: string]: string }): void {
    if (query.applyMailconfig === 'false') this.mailConfigPending = true;
    else {
      this.mailConfigApplied++;
      this.mailConfigPending = false;
    }
  }

  private checkProps(body: any, allowed: string[], where: string): void {
    for (const k of Object.keys(body)) if (!allowed.includes(k)) throw new SpecViolation(`${where}: unknown property ${k}`);
  }

  private checkDomainBody(body: any, where: string, add: boolean): void {
    this.checkProps(body, add ? ['domainName', ...DOMAIN_PROPS] : DOMAIN_PROPS, where);
    if (add && (typeof body.domainName !== 'string' || !DOMAIN_NAME.test(body.domainName))) throw new SpecViolation(`${where}: domainName '${body.domainName}' missing or not matching the domain name pattern`);
    if (body.forwarding !== undefined) {
      const f = body.forwarding;
      this.checkProps(f, ['host', 'port', 'noMXLookup'], `${where} forwarding`);
      if (typeof f.host !== 'string' || !f.host) throw new SpecViolation(`${where}: forwarding.host is required`);
      if (f.port !== undefined && !(Number.isInteger(f.port) && f.port >= 0 && f.port <= 65535)) throw new SpecViolation(`${where}: forwarding.port must be an integer 0-65535`);
      if (f.noMXLookup !== undefined && typeof f.noMXLookup !== 'boolean') throw new SpecViolation(`${where}: forwarding.noMXLookup must be a boolean`);
    }
    if (body.requestedTenantID !== undefined && !UUID.test(body.requestedTenantID)) throw new SpecViolation(`${where}: requestedTenantID must be a uuid`);
    if (body.tls !== undefined) {
      this.checkProps(body.tls, ['level', 'fingerprints'], `${where} tls`);
      if (body.tls.level !== undefined && !TLS_LEVELS.includes(body.tls.level)) throw new SpecViolation(`${where}: tls.level '${body.tls.level}' is not one of ${TLS_LEVELS.join(', ')}`);
    }
  }
}
