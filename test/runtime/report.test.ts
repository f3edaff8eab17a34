/**
 * `exo-gateway report`: tenants, connectors, certificate name and days to expiry (from the
 * certificate inspected at synth), profile and last converge (from the local state); the HTML
 * page rendered in a real headless Chromium, its screenshot saved under test-output/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { CertificateSource, ExchangeAccess, GatewayProfile, MailGateway, TenantGateway } from '../../lib';
import { CERTIFICATE_CHECK_TIME_CONTEXT } from '../../lib/constructs/mail-gateway';
import { DOCUMENTS_FOLDER } from '../../lib/core/exo-model';
import { STACK_REPORT_FILE } from '../../lib/core/report-entry';
import { stackConvergeSteps } from '../../lib/runtime/exo-apply';
import { FleetReport, runReport } from '../../lib/runtime/report';

const REPO = path.resolve(__dirname, '..', '..');
const PKI = path.join(REPO, 'test', 'fixtures', 'pki');
const GENERATED = JSON.parse(fs.readFileSync(path.join(PKI, 'manifest.json'), 'utf8')).generated as string;
/** The test PKI is judged one day after it was made (manifest.json). */
const AT = new Date(Date.parse(GENERATED) + 86_400_000).toISOString();
const OUTPUT = path.join(REPO, 'test-output');

function synth(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-report-'));
  const app = new App({ outdir: dir, context: { [CERTIFICATE_CHECK_TIME_CONTEXT]: AT } });
  const stack = new TerraformStack(app, 'mail-gateway-0');
  const gw = new MailGateway(stack, 'Appliance', { profile: GatewayProfile.seppmailAppliance(), fqdn: 'securemail.example-msp.net', tlsCertificateName: '*.example-msp.net', trustedRootsPemFile: path.join(PKI, 'root.pem') });
  const tenant = (id: string, n: number, cbcCertificateName: string, file?: string) => {
    const t = new TenantGateway(stack, id, {
      gateway: gw,
      tenantId: `00000000-0000-4000-8000-00000000000${n}`,
      initialDomain: `${id.toLowerCase()}.onmicrosoft.com`,
      cbcCertificateName,
      ...(file ? { cbcCertificate: CertificateSource.fromPemFile(path.join(PKI, `${file}.pem`)) } : {}),
      access: ExchangeAccess.certificateFromEnvironment('3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a21', 'CERT'),
    });
    t.addManagedDomain('Domain1', { domain: `${id.toLowerCase()}.com` });
  };
  tenant('Contoso', 1, 'seppmail.contoso.com', 'expiring-20d');
  tenant('Fabrikam', 2, 'seppmail.fabrikam.com', 'fabrikam');
  tenant('Tailspin', 3, 'seppmail.tailspin.com');
  app.synth();
  return path.join(dir, 'stacks', 'mail-gateway-0');
}

async function report(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runReport(args, { stackSteps: stackConvergeSteps, stdout: (t) => (out += t), stderr: () => undefined });
  return { code, out };
}

let stackDir: string;
beforeAll(() => {
  stackDir = synth();
});
afterAll(() => fs.rmSync(path.resolve(stackDir, '..', '..'), { recursive: true, force: true }));

test('synth writes the inspected certificate per tenant into the report file, and no key material', () => {
  const text = fs.readFileSync(path.join(stackDir, DOCUMENTS_FOLDER, STACK_REPORT_FILE), 'utf8');
  const file = JSON.parse(text);
  expect(file.schema).toBe('cdktf-exo-gateway/stack-report@1');
  expect(file.tenants.map((t: any) => [t.tenant, t.profile, t.certificateName, t.certificate?.notAfter ?? null])).toEqual([
    ['Contoso', 'seppmail-appliance', 'seppmail.contoso.com', expect.stringMatching(/^2026-12-13T18:11:01/)],
    ['Fabrikam', 'seppmail-appliance', 'seppmail.fabrikam.com', expect.stringMatching(/^2027-/)],
    ['Tailspin', 'seppmail-appliance', 'seppmail.tailspin.com', null],
  ]);
  expect(file.tenants[0].certificate.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  expect(text).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
});

test('rows: connectors, certificate, days left or unknown, profile, last converge from the local state', async () => {
  // Contoso converged with the current document, Fabrikam with an older one, Tailspin never.
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const converge = (tenant: string) => Object.entries<any>(json.resource.terraform_data).find(([k]) => k.startsWith(`${tenant}_Converge_`))!;
  const [contosoId, contoso] = converge('Contoso');
  const [fabrikamId] = converge('Fabrikam');
  const instance = (name: string, hash: string) => ({ mode: 'managed', type: 'terraform_data', name, instances: [{ attributes: { id: 'x', triggers_replace: { value: [hash, 'tenant: x'], type: ['tuple', ['string', 'string']] } } }] });
  fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), JSON.stringify({ version: 4, resources: [instance(contosoId, contoso.triggers_replace[0]), instance(fabrikamId, 'f'.repeat(64))] }));
  try {
    const { code, out } = await report(['--json', '--at', AT, stackDir]);
    expect(code).toBe(0);
    const r = JSON.parse(out) as FleetReport;
    expect(r.schema).toBe('cdktf-exo-gateway/fleet-report@1');
    expect(r.rows.map((x) => [x.tenant, x.inboundConnector, x.outboundConnector, x.certificateName, x.daysLeft ?? 'unknown', x.profile, x.lastConverge])).toEqual([
      ['Contoso', '[SEPPmail] Appliance -> ExchangeOnline', '[SEPPmail] ExchangeOnline -> Appliance', 'seppmail.contoso.com', 20, 'seppmail-appliance', 'current'],
      ['Fabrikam', '[SEPPmail] Appliance -> ExchangeOnline', '[SEPPmail] ExchangeOnline -> Appliance', 'seppmail.fabrikam.com', expect.any(Number), 'seppmail-appliance', 'outdated'],
      ['Tailspin', '[SEPPmail] Appliance -> ExchangeOnline', '[SEPPmail] ExchangeOnline -> Appliance', 'seppmail.tailspin.com', 'unknown', 'seppmail-appliance', 'never'],
    ]);
    expect(r.rows[1].daysLeft).toBeGreaterThan(300);
    const table = (await report(['--at', AT, stackDir])).out;
    expect(table).toMatch(/^STACK\s+TENANT\s+INBOUND CONNECTOR\s+OUTBOUND CONNECTOR\s+CERTIFICATE\s+EXPIRES IN\s+PROFILE\s+LAST CONVERGE$/m);
    expect(table).toMatch(/^mail-gateway-0\s+Tailspin\s+.*seppmail\.tailspin\.com\s+unknown\s+seppmail-appliance\s+never applied$/m);
  } finally {
    fs.rmSync(path.join(stackDir, 'terraform.tfstate'));
  }
  const { out } = await report(['--json', '--at', AT, stackDir]);
  expect((JSON.parse(out) as FleetReport).rows.every((x) => x.lastConverge === 'unknown')).toBe(true);
});

test('--expiring-within filters to certificates inside the horizon and exits 2 when there is one', async () => {
  const inside = await report(['--json', '--expiring-within', '30', '--at', AT, stackDir]);
  expect(inside.code).toBe(2);
  expect((JSON.parse(inside.out) as FleetReport).rows.map((r) => r.tenant)).toEqual(['Contoso']);
  const outside = await report(['--json', '--expiring-within', '10', '--at', AT, stackDir]);
  expect(outside.code).toBe(0);
  expect((JSON.parse(outside.out) as FleetReport).rows).toEqual([]);
  // 21 days later the Contoso certificate has expired: it stays inside any horizon
  const later = new Date(Date.parse(AT) + 21 * 86_400_000).toISOString();
  const expired = await report(['--expiring-within', '0', '--at', later, stackDir]);
  expect(expired.code).toBe(2);
  expect(expired.out).toMatch(/Contoso .*expired 1 day ago/);
});

async function reportWithErrors(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runReport(args, { stackSteps: stackConvergeSteps, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

test('a tenant whose document cannot be read makes the run exit 1, with the reason on stderr', async () => {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const [id, step] = Object.entries<any>(json.resource.terraform_data).find(([k]) => k.startsWith('Fabrikam_Converge_'))!;
  const file = path.join(stackDir, DOCUMENTS_FOLDER, `${step.triggers_replace[0]}.json`);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace('fabrikam.com', 'fabrikam.org'));
  try {
    const edited = await reportWithErrors(['--at', AT, stackDir]);
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/^mail-gateway-0\s+Fabrikam\s+.*error: /m);
    expect(edited.err).toContain(`report: Fabrikam (${stackDir}, terraform_data.${id}): `);
    expect(edited.err).toMatch(/does not match the hash Terraform holds/);
    fs.rmSync(file);
    const gone = await reportWithErrors(['--json', '--expiring-within', '30', '--at', AT, stackDir]);
    // the failure wins over the expiring certificate it also finds (exit 2)
    expect(gone.code).toBe(1);
    expect((JSON.parse(gone.out) as FleetReport).rows.map((r) => r.tenant)).toEqual(['Contoso']);
    expect(gone.err).toMatch(/report: Fabrikam .*cannot be read \(ENOENT\)/);
  } finally {
    fs.writeFileSync(file, text);
  }
  expect((await reportWithErrors(['--at', AT, stackDir])).code).toBe(0);
});

test('a report file that is not JSON is named in a warning, and the report goes on without it', async () => {
  const file = path.join(stackDir, DOCUMENTS_FOLDER, STACK_REPORT_FILE);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.slice(0, 40));
  try {
    const r = await reportWithErrors(['--json', '--at', AT, stackDir]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`report: warning: ${file} is not valid JSON (`);
    expect(r.err).toMatch(/Synthesize the stack again, which rewrites the file/);
    expect((JSON.parse(r.out) as FleetReport).rows.map((x) => [x.tenant, x.profile ?? 'unknown'])).toEqual([['Contoso', 'unknown'], ['Fabrikam', 'unknown'], ['Tailspin', 'unknown']]);
  } finally {
    fs.writeFileSync(file, text);
  }
  expect((await reportWithErrors(['--at', AT, stackDir])).err).toBe('');
});

test('--html into a folder that does not exist fails at once, naming the path given', async () => {
  const file = path.join(os.tmpdir(), 'exo-report-nonexistent', 'dir', 'x.html');
  await expect(reportWithErrors(['--html', file, '--at', AT, stackDir])).rejects.toThrow(
    `EXG201: --html ${file}: the folder ${path.dirname(file)} does not exist; create it first, or give a file in an existing folder; usage: exo-gateway report`,
  );
});

test('the bundled program writes the report', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'build', 'runtime', 'exo-apply.js'), 'report', '--expiring-within', '30', '--at', AT, stackDir], { encoding: 'utf8' });
  expect(r.stdout).toMatch(/^mail-gateway-0\s+Contoso\s+.*20 days/m);
  expect(r.status).toBe(2);
});

/** Chromium from Debian (`chromium`), else none. */
function chromium(): string | undefined {
  for (const c of [process.env.EXO_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (c && fs.existsSync(c)) return c;
  return undefined;
}

describe('the HTML page in headless Chromium', () => {
  const browser = chromium();
  if (!browser && process.env.CI === 'true') {
    test('Chromium is installed (.ci/run installs Debian\'s chromium)', () => {
      throw new Error('headless Chromium is required in CI but /usr/bin/chromium is missing');
    });
    return;
  }
  if (!browser) {
    // eslint-disable-next-line no-console
    console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium, or set EXO_TEST_CHROMIUM)');
  }
  const run = browser ? test : test.skip;
  const chrome = (args: string[]) =>
    spawnSync(browser!, ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars', ...args], { encoding: 'utf8', timeout: 120_000 });

  run('is self-contained, sorts in the browser, and its screenshot is saved in test-output/', async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    const html = path.join(OUTPUT, 'fleet-report.html');
    await report(['--html', html, '--at', AT, stackDir]);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<(link|img|iframe)\b|\bsrc=|https?:\/\//i); // no fetch of anything
    const order = (fragment: string) => [...chrome(['--virtual-time-budget=5000', '--dump-dom', `file://${html}${fragment}`]).stdout.matchAll(/<tr><td>mail-gateway-0<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(order('')).toEqual(['Contoso', 'Fabrikam', 'Tailspin']);
    // By expiry (column 5), longest first: unknown (Tailspin), Fabrikam (a year), Contoso (20 days)
    expect(order('#sort=5-desc')).toEqual(['Tailspin', 'Fabrikam', 'Contoso']);
    expect(order('#sort=1-desc')).toEqual(['Tailspin', 'Fabrikam', 'Contoso']);
    expect(order('#sort=1')).toEqual(['Contoso', 'Fabrikam', 'Tailspin']);
    const png = path.join(OUTPUT, 'fleet-report.png');
    fs.rmSync(png, { force: true });
    const shot = chrome(['--window-size=1600,300', `--screenshot=${png}`, `file://${html}#sort=5`]);
    expect(fs.existsSync(png) ? '' : `${shot.stdout}\n${shot.stderr}`).toBe('');
    expect(fs.statSync(png).size).toBeGreaterThan(10_000);
  });
});
