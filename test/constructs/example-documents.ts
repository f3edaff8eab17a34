/**
 * Synthesizes every example under examples/ and collects what it hands to Exchange Online: the
 * tenant documents each stack writes under exo-gateway-documents/. The documents are the
 * Exchange objects the apply step converges, so two synths with equal documents create the same
 * objects. The committed manifest (fixtures/example-documents/manifest.json) holds the sha256 of
 * every document; to write the documents themselves (to diff two trees), or the manifest after an
 * intended change:
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json test/constructs/example-documents.ts <outdir> [--with-json]
 *   npx ts-node --transpile-only -P tsconfig.dev.json test/constructs/example-documents.ts --manifest
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { CustomGatewayStack } from '../../examples/custom-gateway/fleet';
import { FtapiMspStack } from '../../examples/ftapi-msp/fleet';
import { EntraAppMspStack } from '../../examples/msp-with-entra-app/stack';
import { NoSpamProxyMspStack } from '../../examples/nospamproxy-msp/fleet';
import { PostfixMspStack } from '../../examples/postfix-msp/fleet';
import { SeppmailCloudMspStack } from '../../examples/seppmail-cloud-msp/fleet';
import { SeppmailMspStack } from '../../examples/seppmail-msp/fleet';
import { buildShardedFleet, generatedTenants } from '../../examples/sharded-fleet/fleet';

/** A self-signed public certificate, only read by the Entra example at synth (no key). */
export const EXAMPLE_PUBLIC_CERT = path.join(__dirname, 'fixtures', 'example-documents', 'exo-automation.cer');
/** sha256 of every example document, keyed by example and file. */
export const MANIFEST = path.join(__dirname, 'fixtures', 'example-documents', 'manifest.json');

/** Every example, built the way its main.ts builds it. */
export const EXAMPLES: [string, (app: App) => void][] = [
  ['custom-gateway', (app) => new CustomGatewayStack(app, 'custom-gateway')],
  ['ftapi-msp', (app) => new FtapiMspStack(app, 'ftapi-msp')],
  ['msp-with-entra-app', (app) => new EntraAppMspStack(app, 'msp-with-entra-app', { publicCertificateFile: EXAMPLE_PUBLIC_CERT })],
  ['nospamproxy-msp', (app) => new NoSpamProxyMspStack(app, 'nospamproxy-msp')],
  ['postfix-msp', (app) => new PostfixMspStack(app, 'postfix-msp')],
  ['seppmail-cloud-msp', (app) => new SeppmailCloudMspStack(app, 'seppmail-cloud-msp')],
  ['seppmail-msp', (app) => new SeppmailMspStack(app, 'seppmail-msp')],
  ['sharded-fleet', (app) => { buildShardedFleet(app, generatedTenants(24), { shardCount: 3 }); }],
];

/**
 * The files an example synthesizes, keyed by `<stack>/exo-gateway-documents/<file>` (and
 * `<stack>/cdk.tf.json` with `withJson`), with their exact text.
 */
export function exampleDocuments(build: (app: App) => void, withJson = false): { [file: string]: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-example-docs-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    const files: { [file: string]: string } = {};
    const stacks = path.join(outdir, 'stacks');
    for (const stack of fs.readdirSync(stacks).sort()) {
      const docs = path.join(stacks, stack, 'exo-gateway-documents');
      if (fs.existsSync(docs)) {
        for (const f of fs.readdirSync(docs).sort()) if (f !== 'report.json') files[`${stack}/exo-gateway-documents/${f}`] = fs.readFileSync(path.join(docs, f), 'utf8');
      }
      if (withJson) files[`${stack}/cdk.tf.json`] = fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8');
    }
    return files;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** `{ example: { file: sha256 } }` over every example's documents. */
export function documentManifest(): { [example: string]: { [file: string]: string } } {
  const manifest: { [example: string]: { [file: string]: string } } = {};
  for (const [name, build] of EXAMPLES) {
    manifest[name] = {};
    for (const [file, text] of Object.entries(exampleDocuments(build))) manifest[name][file] = createHash('sha256').update(text).digest('hex');
  }
  return manifest;
}

if (require.main === module && process.argv[2] === '--manifest') {
  fs.writeFileSync(MANIFEST, JSON.stringify(documentManifest(), null, 2) + '\n');
} else if (require.main === module) {
  const out = process.argv[2];
  const withJson = process.argv.includes('--with-json');
  if (!out) throw new Error('usage: example-documents.ts <outdir> [--with-json]');
  for (const [name, build] of EXAMPLES) {
    for (const [file, text] of Object.entries(exampleDocuments(build, withJson))) {
      const target = path.join(out, name, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
  }
}
