import { isIP } from 'node:net';
import { certificateNameProblem, hostNameProblem } from '../../lib/core/names';

/**
 * The host-name rules, written out plainly: what hostNameProblem must accept and refuse. Its
 * one-expression path for plain names has to agree with these for every name, not only for the
 * names of the examples.
 */
function isHostName(name: string): boolean {
  if (name.length === 0 || name.trim() !== name || isIP(name) !== 0) return false;
  const canon = name.toLowerCase().replace(/\.$/, '');
  if (canon.length > 253) return false;
  const labels = canon.split('.');
  if (labels.length < 2) return false;
  const ldh = (l: string) => l.length >= 1 && l.length <= 63 && /^[a-z0-9-]+$/.test(l) && !l.startsWith('-') && !l.endsWith('-');
  return labels.every(ldh) && !/^[0-9]+$/.test(labels[labels.length - 1]);
}

/** A deterministic generator (mulberry32), so a failure names a name that can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('host names', () => {
  test.each([
    'contoso.com',
    'Mail.Contoso.COM',
    'contoso.com.',
    'a.b',
    'xn--bcher-kva.example',
    'mail-1.contoso-group.de',
    'x.a-1',
    `${'a'.repeat(63)}.com`,
    `${Array.from({ length: 4 }, () => 'a'.repeat(61)).join('.')}.de`,
  ])('%s is a host name', (name) => {
    expect(hostNameProblem(name)).toBeUndefined();
  });

  test.each([
    ['', /empty/],
    [' contoso.com', /surrounding spaces/],
    ['192.0.2.1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['https://contoso.com', /URL/],
    ['contoso.com:25', /port/],
    ['localhost', /single label/],
    ['*.contoso.com', /wildcard label/],
    ['-mail.contoso.com', /not a valid DNS label/],
    ['mail-.contoso.com', /not a valid DNS label/],
    ['mail..contoso.com', /not a valid DNS label/],
    ['contoso.com..', /not a valid DNS label/],
    ['mail_1.contoso.com', /not a valid DNS label/],
    [`${'a'.repeat(64)}.com`, /not a valid DNS label/],
    ['contoso.123', /last label is numeric/],
    [`${Array.from({ length: 5 }, () => 'a'.repeat(50)).join('.')}.de`, /longer than 253/],
    ['bücher.example', /internationalised/],
  ])('%j is refused: %s', (name, reason) => {
    expect(hostNameProblem(name)).toMatch(reason);
  });

  test('agrees with the written-out rules on 100,000 generated names', () => {
    const next = random(20261206);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const characters = ['a', 'z', 'Q', '0', '9', '-', '.', '.', '_', '*', ' ', ':', 'ü'];
    const label = () => pick(['a', 'mail', 'x1', '1', '123', '-a', 'a-', 'a-b', 'xn--bcher-kva', 'a'.repeat(63), 'a'.repeat(64), '']);
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      const shape = next();
      let name: string;
      if (shape < 0.4) name = Array.from({ length: 1 + Math.floor(next() * 5) }, label).join('.');
      else if (shape < 0.8) name = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick(characters)).join('');
      else name = Array.from({ length: 2 + Math.floor(next() * 5) }, () => 'a'.repeat(1 + Math.floor(next() * 63))).join('.');
      if (next() < 0.2) name += '.';
      const verdict = hostNameProblem(name) === undefined;
      if (verdict !== isHostName(name)) throw new Error(`hostNameProblem(${JSON.stringify(name)}) says ${verdict ? 'valid' : 'invalid'}`);
      if (verdict) accepted++;
    }
    expect(accepted).toBeGreaterThan(10_000);
  });

  test('certificate names add one left-most wildcard to the host-name rules', () => {
    expect(certificateNameProblem('*.contoso.com')).toBeUndefined();
    expect(certificateNameProblem('*.com')).toMatch(/single label/);
    expect(certificateNameProblem('mail*.contoso.com')).toMatch(/partial or embedded wildcards/);
    expect(certificateNameProblem('*.*.contoso.com')).toMatch(/only one wildcard/);
  });
});
