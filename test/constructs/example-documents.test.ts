/**
 * Every example synthesizes to the same Exchange objects as recorded: the sha256 of each tenant
 * document (the objects the apply step converges) equals the committed manifest. A change here is
 * a change of what customers' tenants get; refresh the manifest only for an intended one
 * (see example-documents.ts).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { EXAMPLES, MANIFEST, exampleDocuments } from './example-documents';

const recorded: { [example: string]: { [file: string]: string } } = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));

test('the manifest covers every example', () => {
  expect(Object.keys(recorded).sort()).toEqual(EXAMPLES.map(([name]) => name).sort());
});

test.each(EXAMPLES)('examples/%s synthesizes the recorded tenant documents', (name, build) => {
  const hashes: { [file: string]: string } = {};
  for (const [file, text] of Object.entries(exampleDocuments(build))) hashes[file] = createHash('sha256').update(text).digest('hex');
  expect(Object.keys(hashes).length).toBeGreaterThan(0);
  expect(hashes).toEqual(recorded[name]);
});
