import { FLEET_RULES, RULE_REGISTRY, validateFleet } from '../../lib/rules';
import { defineRule, findingsOf, formatFinding, runRules } from '../../lib/core/findings';
import { context, GATEWAY, tenant } from '../helpers/fleet-fixtures';

function codes(findings: { code: string }[]): string[] {
  return findings.map((f) => f.code);
}

describe('fleet rules', () => {
  test('a valid fleet of three tenants has no finding', () => {
    expect(validateFleet(context([tenant('Contoso'), tenant('Fabrikam'), tenant('Tailspin')]))).toEqual([]);
  });

  test('codes are unique and every rule explains why it matters', () => {
    const all = FLEET_RULES.map((r) => r.code);
    expect(new Set(all).size).toBe(all.length);
    for (const r of FLEET_RULES) {
      expect(r.code).toMatch(/^CBC\d{3}$/);
      expect(r.explanation.length).toBeGreaterThan(40);
    }
  });

  test.each([
    ['an IP address', '192.0.2.10', /is an IP address/],
    ['a single label', 'securemail', /single label/],
    ['a URL', 'https://securemail.provider.example', /URL/],
  ])('CBC001 fails when the gateway fqdn is %s', (_what, fqdn, message) => {
    const gw = { ...GATEWAY, fqdn };
    const f = validateFleet(context([tenant('Contoso', { gateway: gw })], [gw])).filter((x) => x.code === 'CBC001');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'error', path: 'app/stack/Gw', value: fqdn });
    expect(f[0].message).toMatch(message);
  });

  test.each([
    ['a wildcard over a top-level domain', '*.example', /single label/],
    ['a wildcard of the parent of the parent', '*.example.net', /does not cover/],
    ['another host', 'mail.provider.example', /does not cover/],
    ['a partial wildcard', 'secure*.provider.example', /partial or embedded wildcards/],
  ])('CBC002 fails when the gateway certificate name is %s', (_w, name, message) => {
    const gw = { ...GATEWAY, tlsCertificateName: name };
    const f = validateFleet(context([tenant('Contoso', { gateway: gw })], [gw])).filter((x) => x.code === 'CBC002');
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(message);
    expect(f[0].path).toBe('app/stack/Gw');
  });

  test('CBC002 accepts the exact fqdn and a one-label wildcard', () => {
    for (const name of ['securemail.provider.example', '*.provider.example', 'SECUREMAIL.provider.example']) {
      const gw = { ...GATEWAY, tlsCertificateName: name };
      expect(codes(validateFleet(context([tenant('Contoso', { gateway: gw })], [gw])))).not.toContain('CBC002');
    }
  });

  test('CBC003 fails when a domain is declared in two tenants, naming both', () => {
    const b = tenant('Fabrikam', { domains: [{ path: 'app/stack/Fabrikam/D', domain: 'Contoso.com' }] });
    const f = validateFleet(context([tenant('Contoso'), b])).filter((x) => x.code === 'CBC003');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ path: 'app/stack/Fabrikam/D', value: 'Contoso.com' });
    expect(f[0].message).toContain("in tenant 'Contoso' and in tenant 'Fabrikam'");
  });

  test('CBC003 fails when a domain is declared twice in one tenant', () => {
    const t = tenant('Contoso', { domains: [{ path: 'a/D1', domain: 'contoso.com' }, { path: 'a/D2', domain: 'contoso.com' }] });
    const f = validateFleet(context([t])).filter((x) => x.code === 'CBC003');
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining("twice in tenant 'Contoso'")]);
  });

  test("CBC003 fails when a tenant routes another tenant's initial domain, retired or not, and accepts its own", () => {
    for (const retired of [false, true]) {
      const contoso = tenant('Contoso', { retired });
      const fabrikam = tenant('Fabrikam', { domains: [{ path: 'app/stack/Fabrikam/D', domain: contoso.initialDomain.toUpperCase() }] });
      const f = validateFleet(context([contoso, fabrikam])).filter((x) => x.code === 'CBC003');
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ level: 'error', path: 'app/stack/Fabrikam/D' });
      expect(f[0].message).toBe(`managed domain '${contoso.initialDomain.toUpperCase()}' is the initial domain of tenant 'Contoso' (${contoso.path})`);
    }
    const own = tenant('Contoso');
    const withOwn = tenant('Contoso', { domains: [...own.domains, { path: 'app/stack/Contoso/Initial', domain: own.initialDomain }] });
    expect(codes(validateFleet(context([withOwn])))).not.toContain('CBC003');
  });

  test('CBC004 fails when two tenants use the same certificate name', () => {
    const f = validateFleet(context([tenant('Contoso'), tenant('Fabrikam', { cbcCertificateName: 'seppmail.contoso.com', domains: [{ path: 'x', domain: 'contoso.com' }] })]));
    const c = f.filter((x) => x.code === 'CBC004');
    expect(c).toHaveLength(1);
    expect(c[0].message).toContain("is also used by 'seppmail.contoso.com' of tenant 'Contoso'");
    expect(c[0].fix).toContain("check which of tenant 'Fabrikam' and tenant 'Contoso' has the wrong name");
    expect(c[0].path).toBe('app/stack/Fabrikam');
  });

  test('CBC004 fails when a wildcard of one tenant covers the name of another', () => {
    const a = tenant('Contoso', { cbcCertificateName: '*.shared.example', domains: [{ path: 'a', domain: 'shared.example' }] });
    const b = tenant('Fabrikam', { cbcCertificateName: 'fabrikam.shared.example', domains: [{ path: 'b', domain: 'fabrikam.shared.example' }] });
    const c = validateFleet(context([a, b])).filter((x) => x.code === 'CBC004');
    expect(c).toHaveLength(1);
    expect(c[0].message).toContain('overlaps through a wildcard');
  });

  test('CBC004 finds the overlap whichever of the two is declared first, and not across two labels', () => {
    const exact = tenant('Fabrikam', { cbcCertificateName: 'fabrikam.shared.example', domains: [{ path: 'b', domain: 'fabrikam.shared.example' }] });
    const wildcard = tenant('Contoso', { cbcCertificateName: '*.shared.example', domains: [{ path: 'a', domain: 'shared.example' }] });
    const deep = tenant('Deep', { cbcCertificateName: 'a.b.shared.example', domains: [{ path: 'c', domain: 'b.shared.example' }] });
    const f = validateFleet(context([exact, deep, wildcard])).filter((x) => x.code === 'CBC004');
    expect(f.map((x) => [x.path, x.message.includes("'fabrikam.shared.example' of tenant 'Fabrikam'")])).toEqual([['app/stack/Contoso', true]]);
  });

  test('CBC004 ignores a retired tenant (it is being torn down)', () => {
    const a = tenant('Contoso', { retired: true });
    const b = tenant('Fabrikam', { cbcCertificateName: 'seppmail.contoso.com', domains: [{ path: 'b', domain: 'contoso.com' }] });
    expect(codes(validateFleet(context([a, b])))).not.toContain('CBC004');
  });

  test('CBC005 fails when the certificate name is not a domain of the tenant', () => {
    const f = validateFleet(context([tenant('Contoso', { cbcCertificateName: 'seppmail.other.example' })])).filter((x) => x.code === 'CBC005');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('is not within any of its domains (contoso.onmicrosoft.com, contoso.com)');
  });

  test('CBC005 accepts a subdomain or wildcard of a managed domain', () => {
    for (const name of ['contoso.com', 'seppmail.contoso.com', '*.contoso.com']) {
      expect(codes(validateFleet(context([tenant('Contoso', { cbcCertificateName: name })])))).not.toContain('CBC005');
    }
  });

  test('CBC006 fails on a malformed tenant id', () => {
    const f = validateFleet(context([tenant('Contoso', { tenantId: 'contoso' })])).filter((x) => x.code === 'CBC006');
    expect(f).toEqual([expect.objectContaining({ path: 'app/stack/Contoso', value: 'contoso' })]);
    expect(f[0].message).toContain('is not a GUID');
  });

  test('CBC007 fails on malformed managed domains and certificate names', () => {
    const t = tenant('Contoso', { cbcCertificateName: 'mail.*.contoso.com', domains: [{ path: 'app/stack/Contoso/Bad', domain: 'contoso_com' }] });
    const f = validateFleet(context([t])).filter((x) => x.code === 'CBC007');
    expect(f.map((x) => x.value).sort()).toEqual(['contoso_com', 'mail.*.contoso.com']);
    expect(f.find((x) => x.value === 'contoso_com')!.path).toBe('app/stack/Contoso/Bad');
  });

  test('CBC008 fails on a tenant with no managed domain', () => {
    const f = validateFleet(context([tenant('Contoso', { domains: [] })])).filter((x) => x.code === 'CBC008');
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe("tenant 'Contoso' has no managed domain");
  });

  test('CBC009 fails when a name override exceeds 64 characters', () => {
    const t = tenant('Contoso', { connector: { path: 'app/stack/Contoso/Conn', rulesEnabled: true, rulePlacement: 'Top', cryptoContentOnly: true, sclInboundThreshold: 5, connectorsEnabled: true, restrictDomainsToCertificate: false, inboundConnectorName: 'x'.repeat(65) } });
    const f = validateFleet(context([t])).filter((x) => x.code === 'CBC009');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ path: 'app/stack/Contoso/Conn', value: 'x'.repeat(65) });
    expect(f[0].message).toContain('has 65 characters; Exchange Online allows 64');
  });

  test.each([
    ['an empty outbound connector name', { outboundConnectorName: '' }, 'the OutboundConnector name is empty'],
    ['a blank inbound connector name', { inboundConnectorName: '   ' }, 'the InboundConnector name is empty'],
    ['a line break in a connector name', { inboundConnectorName: 'In\nbound' }, 'InboundConnector name "In\\nbound" contains a control character'],
    ['a NUL in the rule prefix', { ruleNamePrefix: 'x\u0000 ' }, 'contains a control character'],
  ])('CBC009 fails for %s, before any cmdlet sees it', (_what, names, message) => {
    const connector = { path: 'app/stack/Contoso/Conn', rulesEnabled: true, rulePlacement: 'Top' as const, cryptoContentOnly: true, sclInboundThreshold: 5, connectorsEnabled: true, restrictDomainsToCertificate: false, ...names };
    const f = validateFleet(context([tenant('Contoso', { connector })])).filter((x) => x.code === 'CBC009');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]).toMatchObject({ level: 'error', path: 'app/stack/Contoso/Conn' });
    expect(f[0].message).toContain(message);
  });

  test('CBC010 fails when the initial domain is not an onmicrosoft.com domain', () => {
    const f = validateFleet(context([tenant('Contoso', { initialDomain: 'contoso.com' })])).filter((x) => x.code === 'CBC010');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('does not end in .onmicrosoft.com');
  });

  test('CBC011 fails when a tenant has no access, or a malformed app id', () => {
    const f = validateFleet(context([tenant('Contoso', { access: undefined }), tenant('Fabrikam', { access: { appId: 'nope', organization: 'fabrikam.onmicrosoft.com' } })])).filter((x) => x.code === 'CBC011');
    expect(f.map((x) => x.path)).toEqual(['app/stack/Contoso', 'app/stack/Fabrikam']);
  });

  test('CBC011 shows a GUID with a typo, but not what may be a secret pasted as the app id', () => {
    const typo = '3f1c2a9e-6b7d-4e2f-9a1b-0c5d8e7f6a2';
    const secret = 'Xy8Q~abcdefGHIJKLmnopQRSTuvwxYZ0123456789';
    const f = validateFleet(context([tenant('Contoso', { access: { appId: typo, organization: 'contoso.onmicrosoft.com' } }), tenant('Fabrikam', { access: { appId: secret, organization: 'fabrikam.onmicrosoft.com' } })])).filter((x) => x.code === 'CBC011');
    expect(f[0]).toMatchObject({ value: typo, message: `access appId '${typo}' of tenant 'Contoso' is not a GUID` });
    expect(formatFinding(f[1])).not.toMatch(/abcdef/i);
    expect(f[1].message).toContain('(not shown: it is not GUID-like');
  });

  test('CBC012 fails when the same tenant is declared twice', () => {
    const a = tenant('Contoso');
    const b = tenant('Contoso2', { tenantId: a.tenantId, cbcCertificateName: 'x.contoso2.com' });
    const f = validateFleet(context([a, b])).filter((x) => x.code === 'CBC012');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('already declared at app/stack/Contoso');
  });

  test('CBC013 warns on a wildcard certificate name', () => {
    const f = validateFleet(context([tenant('Contoso', { cbcCertificateName: '*.contoso.com' })])).filter((x) => x.code === 'CBC013');
    expect(f).toEqual([expect.objectContaining({ level: 'warning', value: '*.contoso.com', fix: 'prefer a certificate for one exact host name under it, e.g. mail.contoso.com' })]);
  });

  test('CBC014 fails on an onmicrosoft.com certificate name', () => {
    const f = validateFleet(context([tenant('Contoso', { cbcCertificateName: 'contoso.onmicrosoft.com' })])).filter((x) => x.code === 'CBC014');
    expect(f).toHaveLength(1);
  });

  test("CBC015 fails when the gateway's own certificate covers a tenant's name", () => {
    const t = tenant('Provider', { cbcCertificateName: 'securemail.provider.example', domains: [{ path: 'p', domain: 'provider.example' }] });
    const f = validateFleet(context([t])).filter((x) => x.code === 'CBC015');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("overlaps the gateway's own certificate name '*.provider.example'");
  });

  test('a user who breaks several rules sees every finding at once', () => {
    const t = tenant('Contoso', { tenantId: 'bad', initialDomain: 'contoso.com', domains: [] });
    expect(codes(validateFleet(context([t]))).sort()).toEqual(['CBC006', 'CBC008', 'CBC010']);
  });

  test('findings render as code, message, value, fix and path', () => {
    const [f] = validateFleet(context([tenant('Contoso', { tenantId: 'bad' })]));
    expect(formatFinding(f)).toBe(`CBC006: tenantId 'bad' of tenant 'Contoso' is not a GUID (value: bad). Fix: ${f.fix} [app/stack/Contoso]`);
  });
  test('CBC000: a rule that throws is an error naming the rule, never a silent pass', () => {
    const rule = FLEET_RULES.find((r) => r.code === 'CBC008')!;
    const spy = jest.spyOn(rule, 'check').mockImplementation(() => {
      throw new Error('cannot read domains');
    });
    try {
      const f = validateFleet(context([tenant('Contoso')]));
      expect(f).toEqual([expect.objectContaining({ code: 'CBC000', level: 'error', value: 'CBC008', message: 'rule CBC008 could not be evaluated: cannot read domains' })]);
    } finally {
      spy.mockRestore();
    }
  });

  test('CBC017, CBC018, CBC019 read the model as an untyped caller left it', () => {
    const gw = { ...GATEWAY, product: 'seppmail' as any, certificatePolicy: { ...GATEWAY.certificatePolicy, expiryWarningDays: Number('x') }, markers: { ...GATEWAY.markers, incoming: { name: 'X-SM-incoming', value: ' ' } } };
    const t = tenant('Contoso', { gateway: gw, connector: { path: 'app/stack/Contoso/C', rulesEnabled: true, rulePlacement: 'Middle' as any, cryptoContentOnly: true, sclInboundThreshold: 7, connectorsEnabled: true, restrictDomainsToCertificate: false } });
    const f = validateFleet({ ...context([t], [gw]), desiredObjects: () => [] }).filter((x) => ['CBC017', 'CBC018', 'CBC019'].includes(x.code));
    expect(f.map((x) => [x.code, x.path, x.value])).toEqual([
      ['CBC017', 'app/stack/Gw', 'seppmail'],
      ['CBC017', 'app/stack/Contoso/C', 'Middle'],
      ['CBC018', 'app/stack/Gw', 'NaN'],
      ['CBC018', 'app/stack/Contoso/C', '7'],
      ['CBC019', 'app/stack/Gw', 'markerHeaders.incoming.value'],
    ]);
  });
});

describe('rules as written once', () => {
  const rule = defineRule<string[]>(
    { code: 'CBC999', level: 'warning', title: 'a test rule', explanation: 'reports every name it is given, and one twice' },
    (names, report) => {
      for (const n of names) report(`app/${n}`, `name ${n}`, 'rename it', n);
      report('app/a', 'name a', 'rename it', 'a'); // the same finding again
      report('app/z', 'raised', 'fix z', undefined, 'error');
    },
  );

  test('a finding takes its code and level from the registry entry, unless the rule raises it', () => {
    expect(findingsOf(rule, ['a'])).toEqual([
      { code: 'CBC999', level: 'warning', path: 'app/a', message: 'name a', fix: 'rename it', value: 'a' },
      { code: 'CBC999', level: 'warning', path: 'app/a', message: 'name a', fix: 'rename it', value: 'a' },
      { code: 'CBC999', level: 'error', path: 'app/z', message: 'raised', fix: 'fix z', value: '' },
    ]);
  });

  test('the runner drops repeated findings', () => {
    expect(runRules([rule], ['a', 'b']).map((f) => f.path)).toEqual(['app/a', 'app/b', 'app/z']);
  });

  test('the registry lists every rule and synth code once, in code order', () => {
    const codes = RULE_REGISTRY.map((r) => r.code);
    expect(codes).toEqual([...new Set([...FLEET_RULES.map((r) => r.code), 'CBC000', 'CBC016', 'CBC070'])].sort());
  });
});
