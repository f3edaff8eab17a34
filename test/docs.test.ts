/**
 * The documentation stays true: the README's two commands and the test command in .ci/run, and
 * docs/RULES.md, which is generated from the rule registry and the error catalogue and must be
 * committed as generated.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATALOGUE } from '../lib/core/errors';
import { RULE_REGISTRY } from '../lib/rules';
import { renderRulesDoc } from '../scripts/rules-doc';

const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const RULES_MD = path.join(ROOT, 'docs', 'RULES.md');

describe('README', () => {
  test('gives the main job and the test command near the top, and .ci/run runs that test command', () => {
    const top = README.split('\n').slice(0, 40).join('\n');
    expect(top).toContain('npm ci && npm run demo');
    expect(top).toContain('npm ci && npm test');
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci.trim().split("\n").pop()).toBe("npm ci && npm test");
  });

  test('links docs/RULES.md for the codes instead of holding a copy of the table', () => {
    expect(README).toContain('](docs/RULES.md)');
    expect(README).not.toMatch(/^\| CBC\d{3} \|/m);
  });
});

describe('docs/RULES.md', () => {
  test('is committed exactly as generated from the registry (run npm run docs when this fails)', () => {
    expect(fs.readFileSync(RULES_MD, 'utf8')).toBe(renderRulesDoc());
  });

  test('the generator script reports no stale document', () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-docs.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  test('lists every code once, with its level, title and reason, and every error id', () => {
    const text = renderRulesDoc();
    const rows = [...text.matchAll(/^\| (CBC\d{3}) \| (error|warning) \| [^|]+ \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(RULE_REGISTRY.map((r) => [r.code, r.level]));
    for (const r of RULE_REGISTRY) {
      expect(text).toContain(r.title.replace(/\|/g, '\\|'));
      expect(text).toContain(r.explanation.replace(/\s+/g, ' ').replace(/\|/g, '\\|'));
    }
    for (const e of ERROR_CATALOGUE) expect(text).toContain(`| ${e.id} | ${e.title} |`);
  });

  test('says which errors may be suppressed, as the registry does', () => {
    const text = renderRulesDoc();
    const allowed = [...text.matchAll(/^\| (CBC\d{3}) \| error \| yes, with a reason \|/gm)].map((m) => m[1]);
    expect(allowed).toEqual(RULE_REGISTRY.filter((r) => r.level === 'error' && r.suppressible).map((r) => r.code));
    expect(allowed.length).toBeGreaterThan(0);
  });
});

describe('the README and docs/', () => {
  const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)];

  test('the README fits a screen or two: at most 15 KB, the long material in docs/', () => {
    expect(Buffer.byteLength(README, 'utf8')).toBeLessThanOrEqual(15 * 1024);
  });

  test.each(docs)('every relative link of %s names a file that exists', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const links = [...text.matchAll(/\]\((?!https?:|#)([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]);
    for (const link of links) expect({ file, link, exists: fs.existsSync(path.join(ROOT, path.dirname(file), link)) }).toEqual({ file, link, exists: true });
  });
});
