/**
 * Every public symbol has a doc comment: read from the jsii assembly, which jest's global setup
 * (scripts/jest-global-setup.js) rebuilds whenever it is missing or older than lib/, so what is
 * checked is exactly the exported API. API.md is generated from the same assembly by jsii-docgen
 * and must be current.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const ASSEMBLY = path.join(ROOT, '.jsii');
/** The one command that regenerates API.md (package.json). */
const REGENERATE = 'npm run docs:api';

describe('the jsii assembly', () => {
  test('is not older than any source under lib/ (jest global setup rebuilds it)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { assemblyStaleness } = require('../scripts/jest-global-setup.js') as { assemblyStaleness: () => string | undefined };
    expect(assemblyStaleness()).toBeUndefined();
  });
});

describe('API.md', () => {
  test(`is what jsii-docgen generates from the current API (if not: run ${REGENERATE} and commit API.md)`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-api-md-'));
    try {
      const generated = path.join(dir, 'API.md');
      const run = spawnSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '-o', generated], { cwd: ROOT, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
      const committed = fs.existsSync(path.join(ROOT, 'API.md')) ? fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8') : '';
      const current = fs.readFileSync(generated, 'utf8');
      if (committed !== current) {
        throw new Error(`API.md is stale: it differs from what jsii-docgen generates from the current public API. Run "${REGENERATE}" and commit API.md.`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('public API', () => {
  const jsii = JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8'));
  const types: [string, any][] = Object.entries(jsii.types);

  test('the assembly exports the constructs of the library', () => {
    const names = types.map(([fqn]) => fqn);
    for (const t of ['TenantGateway', 'ManagedDomain', 'CbcConnector', 'MailGateway', 'ExchangeAccess', 'CertificateSource']) {
      expect(names).toContain(`cdktf-exo-gateway.${t}`);
    }
  });

  test('every exported type, property, method and enum member has a doc summary', () => {
    const missing: string[] = [];
    for (const [fqn, t] of types) {
      if (!t.docs?.summary) missing.push(fqn);
      for (const m of [...(t.properties ?? []), ...(t.methods ?? []), ...(t.members ?? [])]) {
        if (!m.docs?.summary) missing.push(`${fqn}.${m.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('no union types in the exported API (jsii would reject them; props use enums and factories)', () => {
    const text = JSON.stringify(jsii.types);
    expect(text).not.toContain('"union"');
  });
});
