/**
 * Per-product facts are answers of the profile (ProfileTraits on the gateway model), so the
 * generic rules in lib/core never name a product, and the fleet model names no outer layer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GatewayProduct } from '../../lib';
import { profileTraits } from '../../lib/profiles/traits';

const CORE = path.resolve(__dirname, '..', '..', 'lib', 'core');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

test('each product answers the facts the generic rules ask', () => {
  const table = Object.fromEntries(Object.values(GatewayProduct).map((p) => [p, profileTraits(p)]));
  expect(table).toEqual({
    'seppmail-appliance': { derivesCertificateNames: false, requiresClientAuthCertificate: false, smartHostsFromDomainNames: false, objectsDeclaredOnGateway: false },
    'postfix': { derivesCertificateNames: false, requiresClientAuthCertificate: true, smartHostsFromDomainNames: false, objectsDeclaredOnGateway: false },
    'seppmail-cloud': { derivesCertificateNames: true, requiresClientAuthCertificate: false, smartHostsFromDomainNames: true, objectsDeclaredOnGateway: false },
    'nospamproxy': { derivesCertificateNames: false, requiresClientAuthCertificate: false, smartHostsFromDomainNames: false, objectsDeclaredOnGateway: false },
    'ftapi': { derivesCertificateNames: false, requiresClientAuthCertificate: false, smartHostsFromDomainNames: false, objectsDeclaredOnGateway: false },
    'custom': { derivesCertificateNames: false, requiresClientAuthCertificate: false, smartHostsFromDomainNames: false, objectsDeclaredOnGateway: true },
  });
});

test('no rule in lib/core compares the product with a product name', () => {
  const products = Object.values(GatewayProduct).map((p) => p.replace(/-/g, '\\-')).join('|');
  const branch = new RegExp(`product\\s*[!=]==?\\s*'(${products})'|'(${products})'\\s*[!=]==?\\s*[\\w.]*product`);
  const offenders = tsFiles(path.join(CORE, 'rules')).filter((f) => branch.test(fs.readFileSync(f, 'utf8')));
  expect(offenders.map((f) => path.relative(CORE, f))).toEqual([]);
});

test.each(['fleet.ts', 'enums.ts', 'exo-parts.ts', 'directory-model.ts', 'connector-parameters.ts'])('lib/core/%s imports nothing outside lib/core', (file) => {
  const text = fs.readFileSync(path.join(CORE, file), 'utf8');
  const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  expect(imports.filter((i) => !i.startsWith('./'))).toEqual([]);
});
