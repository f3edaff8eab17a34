/**
 * The README stays true: its two commands, its test command in .ci/run, and its table of codes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FLEET_RULES, SYNTH_CODES } from '../lib/rules';

const CODES = [...FLEET_RULES, ...SYNTH_CODES];

const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  test('gives the main job and the test command near the top, and .ci/run runs that test command', () => {
    const top = README.split('\n').slice(0, 40).join('\n');
    expect(top).toContain('npm ci && npm run demo');
    expect(top).toContain('npm ci && npm test');
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci.trim().split("\n").pop()).toBe("npm ci && npm test");
  });

  test.each(CODES.map((r) => [r.code, r.level] as const))('documents %s as %s', (code, level) => {
    expect(README).toMatch(new RegExp(`\\| ${code} \\| ${level} \\|`));
  });

  test('documents no code that does not exist', () => {
    const documented = [...README.matchAll(/^\| (CBC\d{3}) \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(CODES.map((r) => r.code).sort());
  });
});
