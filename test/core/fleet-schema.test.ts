/**
 * schema/fleet.schema.json is what editors check a fleet file with: it is committed as generated
 * from the one description (lib/core/fleet-file-schema.ts), and it accepts the sample files the
 * loader accepts and refuses what the loader refuses. The checker below reads the JSON Schema
 * keywords the generator emits, independently of the loader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { fleetJsonSchemaText } from '../../lib/core/fleet-file-schema';
import { parseFleetFileText } from '../../lib/core/fleet-file-parse';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'fleet.schema.json'), 'utf8'));

/** JSON Schema (draft-07 subset the generator uses) errors of `v`, as JSON pointers. */
function violations(s: any, v: any, at = ''): string[] {
  const type = Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v;
  if (s.type && s.type !== type) return [`${at}: type`];
  const out: string[] = [];
  if (s.enum && !s.enum.includes(v)) out.push(`${at}: enum`);
  if (s.pattern && !new RegExp(s.pattern).test(v)) out.push(`${at}: pattern`);
  if (s.maxLength !== undefined && v.length > s.maxLength) out.push(`${at}: maxLength`);
  if (s.minimum !== undefined && v < s.minimum) out.push(`${at}: minimum`);
  if (s.maximum !== undefined && v > s.maximum) out.push(`${at}: maximum`);
  if (type === 'array') v.forEach((x: any, i: number) => out.push(...violations(s.items, x, `${at}/${i}`)));
  if (type === 'object') {
    for (const r of s.required ?? []) if (!(r in v)) out.push(`${at}/${r}: required`);
    for (const [k, x] of Object.entries(v)) {
      if (s.propertyNames?.pattern && !new RegExp(s.propertyNames.pattern).test(k)) out.push(`${at}/${k}: propertyNames`);
      if (s.properties?.[k]) out.push(...violations(s.properties[k], x, `${at}/${k}`));
      else if (s.additionalProperties === false) out.push(`${at}/${k}: additionalProperties`);
      else if (typeof s.additionalProperties === 'object') out.push(...violations(s.additionalProperties, x, `${at}/${k}`));
    }
  }
  return out;
}

describe('schema/fleet.schema.json', () => {
  test('is committed exactly as generated (run npm run docs when this fails)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'schema', 'fleet.schema.json'), 'utf8')).toBe(fleetJsonSchemaText());
  });

  test('the example fleet file names the schema for editors, and the schema and the loader accept it', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'gitops-fleet', 'fleet.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/fleet.schema.json');
    expect(violations(SCHEMA, parse(text))).toEqual([]);
    expect(parseFleetFileText('fleet.yaml', text).tenants).toHaveLength(25);
  });

  test('a JSON fleet file may carry $schema', () => {
    const value = { $schema: '../../schema/fleet.schema.json', ...parse(fs.readFileSync(path.join(ROOT, 'examples', 'gitops-fleet', 'fleet.yaml'), 'utf8')) };
    expect(violations(SCHEMA, value)).toEqual([]);
    expect(() => parseFleetFileText('fleet.json', JSON.stringify(value))).not.toThrow();
  });

  test.each([
    ['an unknown tenant field', (f: any) => { f.tenants.Customer00001.retierd = true; }, '/tenants/Customer00001/retierd: additionalProperties'],
    ['a wrong type', (f: any) => { f.tenants.Customer00002.retired = 'yes'; }, '/tenants/Customer00002/retired: type'],
    ['a value outside the enum', (f: any) => { f.gateways.Appliance.profile = 'sepmail'; }, '/gateways/Appliance/profile: enum'],
    ['a missing required field', (f: any) => { delete f.tenants.Customer00003.tenantId; }, '/tenants/Customer00003/tenantId: required'],
    ['a malformed tenant id', (f: any) => { f.tenants.Customer00004.tenantId = 'not-a-guid'; }, '/tenants/Customer00004/tenantId: pattern'],
  ])('the schema and the loader both refuse %s', (_name, spoil, expected) => {
    const value = parse(fs.readFileSync(path.join(ROOT, 'examples', 'gitops-fleet', 'fleet.yaml'), 'utf8'));
    spoil(value);
    expect(violations(SCHEMA, value)).toEqual([expected]);
    expect(() => parseFleetFileText('fleet.json', JSON.stringify(value, null, 2))).toThrow(/^EXG013: /);
  });
});
