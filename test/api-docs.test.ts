/**
 * Every public symbol has a doc comment: read from the jsii assembly that `npm test` builds
 * first (`jsii` writes .jsii), so what is checked is exactly the exported API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ASSEMBLY = path.resolve(__dirname, '..', '.jsii');

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
