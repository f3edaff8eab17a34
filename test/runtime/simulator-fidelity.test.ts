/**
 * Fidelity of the simulated Exchange Online against the cmdlet reference (issue 18, items
 * 12-17): length limits name their parameter, the restricted service offering warns instead of
 * failing, @{Add=…;Remove=…} edits of multi-valued properties, Set-AcceptedDomain, warnings on
 * read replies, and the TlsDomain / header-condition pairs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sessionAllowList } from '../../lib/core/exo-catalogue';
import { ExoParameters, ObservedObject, SessionReply } from '../../lib/core/exo-model';
import { exchangeErrorFor, readKind } from '../../lib/runtime/reads';
import { openProcessSession } from '../../lib/runtime/session-client';
import {
  ConditionPairError,
  ExoSimBackend,
  INBOUND_ENABLE_RESTRICTED_WARNING,
  MatchSubDomainsRequiresInternalRelayError,
  openSimulatedSession,
  ParameterTransformationError,
  PropertyTooLongError,
  SimParameters,
  SimulatorStore,
  TEST_MODE_CONNECTORS_WARNING,
  TlsDomainRequiresDomainValidationError,
} from '../../lib/runtime/simulator';
import { dispatchRequest, parseRequestLine } from '../../lib/runtime/simulator/protocol';

const ORG = 'contoso.onmicrosoft.com';
const INBOUND = { Name: 'Gateway -> EXO', SenderDomains: ['contoso.com'], ConnectorType: 'OnPremises' };

let stateDir: string;
let store: SimulatorStore;
let backend: ExoSimBackend;

beforeEach(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-fidelity-'));
  store = new SimulatorStore(stateDir);
  store.seedTenant({ organization: ORG, tenantId: '0b3e4c53-1f1a-4c2e-9d0b-5c1e2a9f7a11', acceptedDomains: ['contoso.com', { domainName: 'relay.contoso.com', domainType: 'InternalRelay' }] });
  backend = new ExoSimBackend(store);
});

afterEach(() => {
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function invoke(cmdlet: string, parameters: SimParameters, organization = ORG) {
  return backend.invoke(organization, cmdlet, parameters);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function inbound(name = INBOUND.Name): ObservedObject {
  return backend.get(ORG, 'InboundConnector').find((o) => o.Name === name)!;
}

describe('12. every length limit names its parameter', () => {
  test('an inbound connector name over 64 characters is refused on New and on Set, naming Name', () => {
    const error = thrown(() => invoke('New-InboundConnector', { ...INBOUND, Name: 'n'.repeat(65) }));
    expect(error).toBeInstanceOf(PropertyTooLongError);
    expect((error as PropertyTooLongError).parameter).toBe('Name');
    expect(error.message).toContain("'Name'");
    expect(error.message).toContain('The maximum length is 64 and the length of the value provided is 65.');
    invoke('New-InboundConnector', { ...INBOUND, Name: 'n'.repeat(64) });
    const renamed = thrown(() => invoke('Set-InboundConnector', { Identity: 'n'.repeat(64), Name: 'm'.repeat(70) }));
    expect(renamed).toBeInstanceOf(PropertyTooLongError);
    expect(renamed.message).toContain("'Name'");
  });

  test('outbound names, rule names, rule Comments and SenderDomains name their parameter too', () => {
    expect(thrown(() => invoke('New-OutboundConnector', { Name: 'o'.repeat(65) })).message).toContain("'Name'");
    expect(thrown(() => invoke('New-TransportRule', { Name: 'r'.repeat(65) })).message).toContain("'Name'");
    expect(thrown(() => invoke('New-TransportRule', { Name: 'ok', Comments: 'c'.repeat(1025) })).message).toContain("'Comments'");
    const domains = Array.from({ length: 200 }, (_, i) => `domain-number-${i}.example.com`);
    expect(thrown(() => invoke('New-InboundConnector', { ...INBOUND, SenderDomains: domains })).message).toContain("'SenderDomains'");
  });

  test("the apply side names the parameter of Exchange's length error when Exchange does not", () => {
    const exchange = { type: 'DataValidationException', message: 'The length of the property is too long. The maximum length is 64 and the length of the value provided is 70.' };
    const named = exchangeErrorFor(exchange, { Name: 'x'.repeat(70), Comment: 'short', SenderDomains: ['contoso.com'] });
    expect(named.message).toBe(`${exchange.message} (parameter 'Name')`);
    // already named (the simulator's form): unchanged
    const simulated = { type: 'DataValidationException', message: "The length of the property is too long. The maximum length is 64 and the length of the value provided is 70. (parameter 'Name')" };
    expect(exchangeErrorFor(simulated, { Name: 'x'.repeat(70) })).toEqual(simulated);
    // SenderDomains is counted in its stored smtp:<domain>;1 form (KB 4014351)
    const domains = ['a.example.com', 'b.example.com'];
    const stored = domains.map((d) => `smtp:${d};1`).join(',').length;
    const sender = { type: 'DataValidationException', message: `The length of the property is too long. The maximum length is 20 and the length of the value provided is ${stored}.` };
    expect(exchangeErrorFor(sender, { Name: 'short', SenderDomains: domains }).message).toContain("(parameter 'SenderDomains')");
    // other errors pass unchanged
    const other = { type: 'X', message: 'something else' };
    expect(exchangeErrorFor(other, { Name: 'x' })).toEqual(other);
  });
});

describe('12. (apply side) the session client names the parameter of a length error', () => {
  test('an invoke reply with Exchange\'s unnamed length error comes back naming the parameter sent', async () => {
    const script = path.join(stateDir, 'length-session.js');
    const error = { type: 'RemoteException', message: 'ex1|Microsoft.Exchange.Data.DataValidationException|The length of the property is too long. The maximum length is 64 and the length of the value provided is 65.' };
    fs.writeFileSync(
      script,
      `process.stdout.write(JSON.stringify({ type: 'ready', tenantId: 't' }) + '\\n');
require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const r = JSON.parse(l); if (r.op === 'close') process.exit(0); process.stdout.write(JSON.stringify({ id: r.id, ok: false, error: ${JSON.stringify(error)} }) + '\\n'); });`,
    );
    const session = await openProcessSession(process.execPath, [script], process.env, 'Contoso', { connectSeconds: 10, requestSeconds: 10 });
    const reply = await session.invoke('New-InboundConnector', { Name: 'n'.repeat(65), SenderDomains: ['contoso.com'] });
    await session.close();
    expect(reply.error).toEqual({
      type: 'DataValidationException',
      message: "The length of the property is too long. The maximum length is 64 and the length of the value provided is 65. (parameter 'Name')",
    });
  });
});

describe('13. enabling an inbound connector in a restricted service offering', () => {
  test('warns like Exchange and leaves the connector disabled; the other changes apply', () => {
    store.seedTenant({ organization: 'dev.onmicrosoft.com', tenantId: 'e0e0e0e0-0000-4000-8000-000000000001', acceptedDomains: [], restrictedInboundConnectors: true });
    invoke('New-InboundConnector', INBOUND, 'dev.onmicrosoft.com');
    const outcome = invoke('Set-InboundConnector', { Identity: INBOUND.Name, Enabled: true, Comment: 'changed' }, 'dev.onmicrosoft.com');
    expect(outcome.warnings).toEqual([INBOUND_ENABLE_RESTRICTED_WARNING]);
    expect(INBOUND_ENABLE_RESTRICTED_WARNING).toBe("For this service offering, you can't enable an inbound connector. Contact Support to enable it.");
    const stored = backend.get('dev.onmicrosoft.com', 'InboundConnector')[0];
    expect(stored.Enabled).toBe(false);
    expect(stored.Comment).toBe('changed');
  });
});

describe('14. @{Add=…; Remove=…} edits of multi-valued properties', () => {
  beforeEach(() => {
    invoke('New-InboundConnector', { ...INBOUND, SenderDomains: ['contoso.com', 'fabrikam.com'], TrustedOrganizations: ['a.onmicrosoft.com'] });
  });

  test('SenderDomains: values are added and removed in their stored form, the rest is kept', () => {
    expect(invoke('Set-InboundConnector', { Identity: INBOUND.Name, SenderDomains: { Add: ['*.tailspin.com'], Remove: 'contoso.com' } }).warnings).toEqual([]);
    expect(inbound().SenderDomains).toEqual(['smtp:fabrikam.com;1', 'smtp:*.tailspin.com;1']);
  });

  test('TrustedOrganizations and outbound RecipientDomains accept the hashtable; keys are case-insensitive', () => {
    invoke('Set-InboundConnector', { Identity: INBOUND.Name, TrustedOrganizations: { add: ['b.onmicrosoft.com', 'c.onmicrosoft.com'], REMOVE: ['a.onmicrosoft.com'] } });
    expect(inbound().TrustedOrganizations).toEqual(['b.onmicrosoft.com', 'c.onmicrosoft.com']);
    invoke('New-OutboundConnector', { Name: 'EXO -> Gateway', RecipientDomains: ['contoso.com'] });
    invoke('Set-OutboundConnector', { Identity: 'EXO -> Gateway', RecipientDomains: { Add: 'fabrikam.com' } });
    expect(backend.get(ORG, 'OutboundConnector')[0].RecipientDomains).toEqual(['contoso.com', 'fabrikam.com']);
    invoke('Set-OutboundConnector', { Identity: 'EXO -> Gateway', RecipientDomains: { Remove: ['CONTOSO.com', 'fabrikam.com'] } });
    expect(backend.get(ORG, 'OutboundConnector')[0].RecipientDomains).toEqual([]);
  });

  test('a rule MultiValuedProperty (SenderIpRanges) accepts it; removing every value leaves the predicate absent', () => {
    invoke('New-TransportRule', { Name: 'R', SenderIpRanges: ['192.0.2.0/24'] });
    invoke('Set-TransportRule', { Identity: 'R', SenderIpRanges: { Add: ['198.51.100.0/24'] } });
    expect(backend.get(ORG, 'TransportRule')[0].SenderIpRanges).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    invoke('Set-TransportRule', { Identity: 'R', SenderIpRanges: { Remove: ['192.0.2.0/24', '198.51.100.0/24'] } });
    expect(backend.get(ORG, 'TransportRule')[0].SenderIpRanges).toBeNull();
  });

  test('values are checked like whole lists: an invalid added domain, a too long result', () => {
    expect(() => invoke('Set-InboundConnector', { Identity: INBOUND.Name, SenderDomains: { Add: ['domain.*.contoso.com'] } })).toThrow(/isn't a valid SMTP domain/);
    const many = Array.from({ length: 200 }, (_, i) => `domain-number-${i}.example.com`);
    expect(() => invoke('Set-InboundConnector', { Identity: INBOUND.Name, SenderDomains: { Add: many } })).toThrow(PropertyTooLongError);
    expect(inbound().SenderDomains).toEqual(['smtp:contoso.com;1', 'smtp:fabrikam.com;1']);
  });

  test('a hashtable with other keys, or on a parameter that is a plain array (Word[]), is refused like PowerShell', () => {
    expect(() => invoke('Set-InboundConnector', { Identity: INBOUND.Name, SenderDomains: { Replace: ['x.com'] } })).toThrow(ParameterTransformationError);
    invoke('New-TransportRule', { Name: 'R', HeaderContainsMessageHeader: 'X-Gw', HeaderContainsWords: ['a'] });
    expect(() => invoke('Set-TransportRule', { Identity: 'R', HeaderContainsWords: { Add: ['b'] } })).toThrow(ParameterTransformationError);
  });

  test('the real session script passes a JSON object parameter value on as a hashtable with the same keys', () => {
    // exo-session.ps1 is checked by reading (no pwsh here); its parse is test/runtime/session-script.test.ts.
    const script = fs.readFileSync(path.resolve(__dirname, '..', '..', 'lib', 'runtime', 'exo-session.ps1'), 'utf8');
    // The request line is parsed with -AsHashtable, so a JSON object value is already a hashtable
    // with the same keys, and the parameters are splatted as they are.
    expect(script).toMatch(/^\s*\$request = ConvertFrom-Json -InputObject \$line -AsHashtable -DateKind String -ErrorAction Stop$/m);
    expect(script).toMatch(/^\s*\$parameters = \$request\['parameters'\]$/m);
    expect(script).toMatch(/& \$allowedCmdlet @Parameters -ErrorAction Stop/);
    expect(script).not.toMatch(/\$Parameters\[|\$Parameters\.(Add|Remove)/);
  });

  test('the edit travels through the JSON line protocol', () => {
    const request = parseRequestLine(JSON.stringify({ id: 4, op: 'invoke', cmdlet: 'Set-InboundConnector', parameters: { Identity: INBOUND.Name, SenderDomains: { Add: ['tailspin.com'] } } }));
    const reply = dispatchRequest(backend, ORG, request);
    expect(reply).toEqual({ id: 4, ok: true, result: null, warnings: [] });
    expect(inbound().SenderDomains).toEqual(['smtp:contoso.com;1', 'smtp:fabrikam.com;1', 'smtp:tailspin.com;1']);
  });
});

describe('15. Set-AcceptedDomain (admin edits; not on the session allow-list)', () => {
  const domain = (name: string) => backend.get(ORG, 'AcceptedDomain').find((d) => d.DomainName === name)!;

  test('changes DomainType, and MatchSubDomains on an InternalRelay domain', () => {
    invoke('Set-AcceptedDomain', { Identity: 'contoso.com', DomainType: 'internalrelay' });
    expect(domain('contoso.com').DomainType).toBe('InternalRelay');
    invoke('Set-AcceptedDomain', { Identity: 'contoso.com', MatchSubDomains: true });
    expect(domain('contoso.com').MatchSubDomains).toBe(true);
    expect(invoke('Set-AcceptedDomain', { Identity: 'contoso.com', MatchSubDomains: true }).warnings).toEqual([
      "The command completed successfully but no settings of 'contoso.com' have been modified.",
    ]);
  });

  test('MatchSubDomains needs an InternalRelay domain, also when DomainType is changed back', () => {
    expect(() => invoke('Set-AcceptedDomain', { Identity: 'contoso.com', MatchSubDomains: true })).toThrow(MatchSubDomainsRequiresInternalRelayError);
    invoke('Set-AcceptedDomain', { Identity: 'relay.contoso.com', MatchSubDomains: true });
    expect(() => invoke('Set-AcceptedDomain', { Identity: 'relay.contoso.com', DomainType: 'Authoritative' })).toThrow(MatchSubDomainsRequiresInternalRelayError);
    expect(domain('relay.contoso.com').DomainType).toBe('InternalRelay');
    invoke('Set-AcceptedDomain', { Identity: 'relay.contoso.com', DomainType: 'Authoritative', MatchSubDomains: false });
    expect(domain('relay.contoso.com')).toMatchObject({ DomainType: 'Authoritative', MatchSubDomains: false });
  });

  test('ExternalRelay (on-premises only), -Name and -MakeDefault (on-premises only) and unknown domains are refused', () => {
    expect(() => invoke('Set-AcceptedDomain', { Identity: 'contoso.com', DomainType: 'ExternalRelay' })).toThrow(ParameterTransformationError);
    expect(() => invoke('Set-AcceptedDomain', { Identity: 'contoso.com', Name: 'x' })).toThrow(/cannot be found that matches parameter name 'Name'/);
    expect(() => invoke('Set-AcceptedDomain', { Identity: 'contoso.com', MakeDefault: true })).toThrow(/cannot be found that matches parameter name 'MakeDefault'/);
    expect(() => invoke('Set-AcceptedDomain', { Identity: 'nowhere.example', DomainType: 'Authoritative' })).toThrow(/couldn't be found/);
  });

  test('the library cannot call it: it is not on the session allow-list', async () => {
    expect(sessionAllowList()).not.toContain('Set-AcceptedDomain');
    const session = await openSimulatedSession({ stateDir, organization: ORG });
    const reply = await session.handle({ id: 1, op: 'invoke', cmdlet: 'Set-AcceptedDomain', parameters: { Identity: 'contoso.com', DomainType: 'InternalRelay' } });
    expect(reply).toMatchObject({ ok: false, error: { type: 'CmdletNotAllowed' } });
  });
});

describe('16. warnings on read replies', () => {
  test('the get reply carries the warnings of the read cmdlet, and readKind returns them', async () => {
    invoke('New-OutboundConnector', { Name: 'Trial', TestMode: true });
    const reply = dispatchRequest(backend, ORG, { id: 7, op: 'get', cmdlet: 'Get-OutboundConnector', parameters: {} });
    expect(reply).toEqual({ id: 7, ok: true, result: [], warnings: [TEST_MODE_CONNECTORS_WARNING] });

    const session = await openSimulatedSession({ stateDir, organization: ORG });
    const read = (cmdlet: string, parameters: ExoParameters): Promise<SessionReply> => session.handle({ id: 1, op: 'get', cmdlet, parameters });
    const outcome = await readKind(read, 'OutboundConnector');
    expect(outcome.objects!.map((o) => o.Name)).toEqual(['Trial']);
    expect(outcome.warnings).toEqual([`Get-OutboundConnector: ${TEST_MODE_CONNECTORS_WARNING}`]);
    const quiet = await readKind(read, 'InboundConnector');
    expect(quiet.warnings).toEqual([]);
  });
});

describe('17. TlsDomain and the header-condition pairs', () => {
  test('TlsDomain only with TlsSettings DomainValidation, checked on the resulting object', () => {
    expect(() => invoke('New-OutboundConnector', { Name: 'O', TlsDomain: 'gw.example.net' })).toThrow(TlsDomainRequiresDomainValidationError);
    expect(() => invoke('New-OutboundConnector', { Name: 'O', TlsSettings: 'CertificateValidation', TlsDomain: 'gw.example.net' })).toThrow(TlsDomainRequiresDomainValidationError);
    invoke('New-OutboundConnector', { Name: 'O', TlsSettings: 'DomainValidation', TlsDomain: 'gw.example.net' });
    expect(() => invoke('Set-OutboundConnector', { Identity: 'O', TlsSettings: 'EncryptionOnly' })).toThrow(TlsDomainRequiresDomainValidationError);
    invoke('Set-OutboundConnector', { Identity: 'O', TlsSettings: 'EncryptionOnly', TlsDomain: null });
    expect(backend.get(ORG, 'OutboundConnector')[0]).toMatchObject({ TlsSettings: 'EncryptionOnly', TlsDomain: null });
  });

  test.each([
    ['HeaderContainsMessageHeader', 'HeaderContainsWords', ['yes']],
    ['ExceptIfHeaderContainsMessageHeader', 'ExceptIfHeaderContainsWords', ['yes']],
    ['HeaderMatchesMessageHeader', 'HeaderMatchesPatterns', ['^y']],
    ['ExceptIfHeaderMatchesMessageHeader', 'ExceptIfHeaderMatchesPatterns', ['^y']],
  ])('%s and %s come together', (header, words, value) => {
    const onlyHeader = thrown(() => invoke('New-TransportRule', { Name: 'R', [header]: 'X-Gateway' }));
    expect(onlyHeader).toBeInstanceOf(ConditionPairError);
    expect(onlyHeader.message).toContain(`you also need to use the ${words} parameter`);
    const onlyWords = thrown(() => invoke('New-TransportRule', { Name: 'R', [words]: value }));
    expect(onlyWords).toBeInstanceOf(ConditionPairError);
    expect(onlyWords.message).toContain(`you also need to use the ${header} parameter`);
    invoke('New-TransportRule', { Name: 'R', [header]: 'X-Gateway', [words]: value });
    expect(() => invoke('Set-TransportRule', { Identity: 'R', [words]: null })).toThrow(ConditionPairError);
    invoke('Set-TransportRule', { Identity: 'R', [words]: null, [header]: null });
  });
});
