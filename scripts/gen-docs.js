#!/usr/bin/env node
/**
 * Generates the documents that are derived from the code:
 *   docs/RULES.md  the validation codes (lib/rules) and the error catalogue (lib/core/errors.ts)
 *   schema/fleet.schema.json  the JSON Schema of the fleet file (lib/core/fleet-file-schema.ts)
 *
 *   node scripts/gen-docs.js          write them
 *   node scripts/gen-docs.js --check  exit 1 when a committed document is stale
 *
 * The TypeScript is bundled with esbuild (which prefers .ts over compiled .js), so the documents
 * always come from the sources.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const esbuild = require('esbuild');

const REPO = path.resolve(__dirname, '..');

function load(entry) {
  const out = esbuild.buildSync({ entryPoints: [path.join(REPO, entry)], bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, logLevel: 'error' });
  const m = new Module(path.join(REPO, entry), module);
  m.paths = Module._nodeModulePaths(REPO);
  m._compile(out.outputFiles[0].text, path.join(REPO, entry));
  return m.exports;
}

const documents = [
  { file: 'docs/RULES.md', render: () => load('scripts/rules-doc.ts').renderRulesDoc() },
  { file: 'schema/fleet.schema.json', render: () => load('lib/core/fleet-file-schema.ts').fleetJsonSchemaText() },
];

const check = process.argv.includes('--check');
let stale = 0;
for (const d of documents) {
  const target = path.join(REPO, d.file);
  const text = d.render();
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === text) continue;
  if (check) {
    console.error(`${d.file} is stale: run npm run docs and commit the result`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${d.file}`);
  }
}
process.exit(stale ? 1 : 0);
