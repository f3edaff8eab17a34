import { dnsCertificateNameProblem, dnsHostNameProblem, normalName, shownName } from '../../lib/core/idn';

describe('normal form of names', () => {
  test.each([
    ['Contoso.COM.', 'contoso.com'],
    ['SecureMail.Provider.Example', 'securemail.provider.example'],
    ['Bücher.Example.', 'xn--bcher-kva.example'],
    ['*.Bücher.example', '*.xn--bcher-kva.example'],
    ['faß.de', 'xn--fa-hia.de'],
    ['XN--BCHER-KVA.example', 'xn--bcher-kva.example'],
  ])('%s becomes %s', (written, normal) => {
    expect(normalName(written)).toBe(normal);
    expect(normalName(normal)).toBe(normal);
  });

  test.each([' contoso.com', 'a\u200db.example', 'mail*.bücher.example'])('%j, which cannot be normalised, stays as written for the rules to report', (written) => {
    expect(normalName(written)).toBe(written);
    expect(dnsCertificateNameProblem(written)).toBeDefined();
  });

  test('messages show the Unicode form beside the ASCII form', () => {
    expect(shownName('xn--bcher-kva.example')).toBe('bücher.example (xn--bcher-kva.example)');
    expect(shownName('*.xn--bcher-kva.example')).toBe('*.bücher.example (*.xn--bcher-kva.example)');
    expect(shownName('contoso.com')).toBe('contoso.com');
  });

  test('an xn-- label that does not decode under IDNA is a problem; a valid one is not', () => {
    expect(dnsHostNameProblem('xn--zz.example')).toMatch(/not a valid internationalised \(xn--\) label/);
    expect(dnsHostNameProblem('xn--bcher-kva.example')).toBeUndefined();
    expect(dnsCertificateNameProblem('*.xn--bcher-kva.example')).toBeUndefined();
  });
});
