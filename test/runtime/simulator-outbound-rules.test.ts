/**
 * The simulated Exchange Online, outbound connectors, transport rules and accepted domains: one
 * test per cmdlet behaviour; negative tests assert the error class, its Exchange type and the
 * exact message.
 */
import { ObservedObject } from '../../lib/core/exo-model';
import {
  CommandNotFoundError,
  InvalidRulePriorityError,
  InvalidSmtpDomainError,
  ManagementObjectAlreadyExistsError,
  ManagementObjectNotFoundError,
  OnPremisesConnectorRequiredError,
  OutboundConnectorInUseError,
  ParameterNotFoundError,
  PropertyTooLongError,
  SetHeaderPairError,
  SmartHostsRequiredError,
  TEST_MODE_CONNECTORS_WARNING,
  ValueOutOfRangeError,
} from '../../lib/runtime/simulator';
import {
  CONTOSO,
  GATEWAY_OUTBOUND,
  backend,
  created,
  expectExoError,
  find,
  invoke,
  ruleOrder,
  useSimulatorState,
} from './simulator-fixtures';

useSimulatorState();

// ---------------------------------------------------------------------------------------------
// Outbound connectors
// ---------------------------------------------------------------------------------------------

describe('New-OutboundConnector', () => {
  test('creates a connector with the documented defaults', () => {
    expect(created('New-OutboundConnector', { Name: 'Plain' })).toMatchObject({
      ConnectorType: 'Partner',
      UseMXRecord: true,
      SmartHosts: [],
      TlsSettings: null,
      IsTransportRuleScoped: false,
      MtaStsMode: 'Opportunistic',
      SmtpDaneMode: 'Opportunistic',
      TestMode: false,
      Enabled: true,
    });
  });

  test('fails for UseMXRecord $false without smart hosts', () => {
    expectExoError(
      () => invoke('New-OutboundConnector', { Name: 'No hosts', UseMXRecord: false }),
      SmartHostsRequiredError,
      'TaskArgumentException',
      'UseMXRecord $false requires one or more smart hosts: specify them with the SmartHosts parameter.',
    );
  });

  test.each(['AllAcceptedDomains', 'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled'])('fails for %s on a Partner connector', (parameter) => {
    expectExoError(
      () => invoke('New-OutboundConnector', { ...GATEWAY_OUTBOUND, [parameter]: true }),
      OnPremisesConnectorRequiredError,
      'TaskArgumentException',
      `${parameter} can be $true only on a connector whose ConnectorType is OnPremises.`,
    );
  });

  test.each(['AllAcceptedDomains', 'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled'])('accepts %s on an OnPremises connector', (parameter) => {
    expect(created('New-OutboundConnector', { ...GATEWAY_OUTBOUND, ConnectorType: 'OnPremises', [parameter]: true })[parameter]).toBe(true);
  });

  test('fails for a name longer than 64 characters', () => {
    expectExoError(
      () => invoke('New-OutboundConnector', { Name: 'x'.repeat(65) }),
      PropertyTooLongError,
      'DataValidationException',
      "The length of the property is too long. The maximum length is 64 and the length of the value provided is 65. (parameter 'Name')",
    );
  });

  test('fails for an embedded wildcard in RecipientDomains and accepts *', () => {
    expect(() => invoke('New-OutboundConnector', { Name: 'a', RecipientDomains: ['mail.*.contoso.com'] })).toThrow(InvalidSmtpDomainError);
    expect(created('New-OutboundConnector', { Name: 'b', RecipientDomains: ['*'] }).RecipientDomains).toEqual(['*']);
  });
});

describe('Set-OutboundConnector', () => {
  test('fails to switch to UseMXRecord $false when the connector has no smart hosts', () => {
    created('New-OutboundConnector', { Name: 'Plain' });
    expect(() => invoke('Set-OutboundConnector', { Identity: 'Plain', UseMXRecord: false })).toThrow(SmartHostsRequiredError);
    invoke('Set-OutboundConnector', { Identity: 'Plain', UseMXRecord: false, SmartHosts: ['gw.example.net'] });
    expect(find('OutboundConnector', 'Plain')).toMatchObject({ UseMXRecord: false, SmartHosts: ['gw.example.net'] });
  });

  test('renaming updates the transport rules that route through the connector', () => {
    created('New-OutboundConnector', GATEWAY_OUTBOUND);
    created('New-TransportRule', { Name: 'Route to gateway', RouteMessageOutboundConnector: 'EXO -> Gateway' });
    invoke('Set-OutboundConnector', { Identity: 'EXO -> Gateway', Name: 'EXO -> Gateway v2' });
    expect(find('TransportRule', 'Route to gateway')!.RouteMessageOutboundConnector).toBe('EXO -> Gateway v2');
  });
});

describe('Remove-OutboundConnector', () => {
  test('fails while a transport rule routes through the connector', () => {
    created('New-OutboundConnector', GATEWAY_OUTBOUND);
    created('New-TransportRule', { Name: 'Route to gateway', RouteMessageOutboundConnector: 'exo -> gateway' });
    expectExoError(
      () => invoke('Remove-OutboundConnector', { Identity: 'EXO -> Gateway', Confirm: false }),
      OutboundConnectorInUseError,
      'InvalidOperationException',
      "Outbound connector 'EXO -> Gateway' can't be removed because it's used by transport rule 'Route to gateway' (RouteMessageOutboundConnector). Change or remove the rule first.",
    );
    invoke('Remove-TransportRule', { Identity: 'Route to gateway', Confirm: false });
    invoke('Remove-OutboundConnector', { Identity: 'EXO -> Gateway', Confirm: false });
    expect(backend.get(CONTOSO, 'OutboundConnector')).toEqual([]);
  });
});

describe('Get-OutboundConnector', () => {
  test('leaves test-mode connectors out and warns, unless -IncludeTestModeConnectors $true; get returns all', () => {
    created('New-OutboundConnector', GATEWAY_OUTBOUND);
    created('New-OutboundConnector', { Name: 'Trial', TestMode: true });
    const plain = invoke('Get-OutboundConnector', {});
    expect((plain.result as ObservedObject[]).map((object) => object.Name)).toEqual(['EXO -> Gateway']);
    expect(plain.warnings).toEqual([TEST_MODE_CONNECTORS_WARNING]);
    expect((invoke('Get-OutboundConnector', { IncludeTestModeConnectors: true }).result as ObservedObject[]).map((object) => object.Name)).toEqual(['Trial']);
    expect(backend.get(CONTOSO, 'OutboundConnector').map((object) => object.Name)).toEqual(['EXO -> Gateway', 'Trial']);
  });

  test('fails with ManagementObjectNotFoundException for an unknown identity', () => {
    expect(() => invoke('Get-OutboundConnector', { Identity: 'Nope' })).toThrow(ManagementObjectNotFoundError);
  });
});

// ---------------------------------------------------------------------------------------------
// Transport rules
// ---------------------------------------------------------------------------------------------

describe('New-TransportRule', () => {
  test('appends rules at the lowest priority by default', () => {
    for (const name of ['A', 'B', 'C']) created('New-TransportRule', { Name: name });
    expect(ruleOrder()).toEqual(['0:A', '1:B', '2:C']);
  });

  test('at an occupied priority shifts that rule and all lower ones by one', () => {
    for (const name of ['A', 'B', 'C']) created('New-TransportRule', { Name: name });
    expect(created('New-TransportRule', { Name: 'N', Priority: 1 }).Priority).toBe(1);
    expect(ruleOrder()).toEqual(['0:A', '1:N', '2:B', '3:C']);
  });

  test('accepts priority n (a new last rule) and fails for n + 1 with Exchange\'s text', () => {
    for (const name of ['A', 'B']) created('New-TransportRule', { Name: name });
    expectExoError(
      () => invoke('New-TransportRule', { Name: 'Too low', Priority: 3 }),
      InvalidRulePriorityError,
      'ArgumentException',
      "The specified rule priority is invalid. Use a value between '0' (highest priority), and '2' (lowest priority).",
    );
    expect(() => invoke('New-TransportRule', { Name: 'Negative', Priority: -1 })).toThrow(InvalidRulePriorityError);
    created('New-TransportRule', { Name: 'Last', Priority: 2 });
    expect(ruleOrder()).toEqual(['0:A', '1:B', '2:Last']);
  });

  test('reads back State, not Enabled', () => {
    const rule = created('New-TransportRule', { Name: 'Off', Enabled: false });
    expect(rule.State).toBe('Disabled');
    expect(rule).not.toHaveProperty('Enabled');
    expect(created('New-TransportRule', { Name: 'On' }).State).toBe('Enabled');
  });

  test('stores the gateway loop-guard rule with its header exceptions', () => {
    created('New-OutboundConnector', GATEWAY_OUTBOUND);
    const rule = created('New-TransportRule', {
      Name: 'Route outbound mail to the gateway',
      FromScope: 'inorganization',
      SentToScope: 'NotInOrganization',
      ExceptIfHeaderContainsMessageHeader: 'X-SM-outgoing',
      ExceptIfHeaderContainsWords: 'yes',
      ExceptIfMessageTypeMatches: 'calendaring',
      ExceptIfSCLOver: 5,
      RouteMessageOutboundConnector: 'EXO -> Gateway',
      SetAuditSeverity: 'doNotAudit',
      Mode: 'Enforce',
      StopRuleProcessing: true,
      Comments: '#managed-by:cdktf-exo-gateway',
    });
    expect(rule).toMatchObject({
      FromScope: 'InOrganization',
      ExceptIfHeaderContainsWords: ['yes'],
      ExceptIfMessageTypeMatches: 'Calendaring',
      ExceptIfSCLOver: 5,
      SetAuditSeverity: 'DoNotAudit',
      RecipientDomainIs: null,
    });
  });

  test('fails for SetHeaderName without SetHeaderValue', () => {
    expectExoError(
      () => invoke('New-TransportRule', { Name: 'Stamp', SetHeaderName: 'X-Gateway' }),
      SetHeaderPairError,
      'TaskArgumentException',
      'When you use the SetHeaderName parameter, you also need to use the SetHeaderValue parameter.',
    );
    expect(created('New-TransportRule', { Name: 'Stamp', SetHeaderName: 'X-Gateway', SetHeaderValue: '1' }).SetHeaderValue).toBe('1');
  });

  test('fails for a name longer than 64 characters and Comments longer than 1024', () => {
    expectExoError(
      () => invoke('New-TransportRule', { Name: 'r'.repeat(70) }),
      PropertyTooLongError,
      'DataValidationException',
      "The length of the property is too long. The maximum length is 64 and the length of the value provided is 70. (parameter 'Name')",
    );
    expect(() => invoke('New-TransportRule', { Name: 'ok', Comments: 'c'.repeat(1025) })).toThrow(PropertyTooLongError);
  });

  test('fails for an SCL value outside -1..9', () => {
    expectExoError(
      () => invoke('New-TransportRule', { Name: 'Spam', SetSCL: 10 }),
      ValueOutOfRangeError,
      'DataValidationException',
      'The value 10 of parameter SetSCL is out of range. Valid values are -1 through 9.',
    );
    expect(created('New-TransportRule', { Name: 'Bypass', SetSCL: -1 }).SetSCL).toBe(-1);
  });

  test('fails for RouteMessageOutboundConnector naming no connector', () => {
    expect(() => invoke('New-TransportRule', { Name: 'Route', RouteMessageOutboundConnector: 'Missing' })).toThrow(ManagementObjectNotFoundError);
  });

  test('fails for a rule name already used (case-insensitive)', () => {
    created('New-TransportRule', { Name: 'Route' });
    expectExoError(
      () => invoke('New-TransportRule', { Name: 'ROUTE' }),
      ManagementObjectAlreadyExistsError,
      'ManagementObjectAlreadyExistsException',
      "A transport rule with the name 'ROUTE' already exists.",
    );
  });
});

describe('Set-TransportRule', () => {
  beforeEach(() => {
    for (const name of ['A', 'B', 'C', 'D']) created('New-TransportRule', { Name: name });
  });

  test('moves a rule down; the rules in between move up', () => {
    invoke('Set-TransportRule', { Identity: 'A', Priority: 2 });
    expect(ruleOrder()).toEqual(['0:B', '1:C', '2:A', '3:D']);
  });

  test('moves a rule up; the rules in between move down', () => {
    invoke('Set-TransportRule', { Identity: 'D', Priority: 0 });
    expect(ruleOrder()).toEqual(['0:D', '1:A', '2:B', '3:C']);
  });

  test('fails for a priority outside 0..n-1 with Exchange\'s text', () => {
    expectExoError(
      () => invoke('Set-TransportRule', { Identity: 'A', Priority: 4 }),
      InvalidRulePriorityError,
      'ArgumentException',
      "The specified rule priority is invalid. Use a value between '0' (highest priority), and '3' (lowest priority).",
    );
  });

  test('has no -Enabled parameter', () => {
    expectExoError(
      () => invoke('Set-TransportRule', { Identity: 'A', Enabled: false }),
      ParameterNotFoundError,
      'ParameterBindingException',
      "A parameter cannot be found that matches parameter name 'Enabled'.",
    );
  });

  test('fails to clear SetHeaderValue while SetHeaderName stays', () => {
    invoke('Set-TransportRule', { Identity: 'B', SetHeaderName: 'X-Gateway', SetHeaderValue: '1' });
    expect(() => invoke('Set-TransportRule', { Identity: 'B', SetHeaderValue: null })).toThrow(SetHeaderPairError);
  });

  test('overwrites multi-valued conditions and clears them with $null', () => {
    invoke('Set-TransportRule', { Identity: 'C', RecipientDomainIs: ['contoso.com', 'fabrikam.com'] });
    invoke('Set-TransportRule', { Identity: 'C', RecipientDomainIs: ['northwind.com'] });
    expect(find('TransportRule', 'C')!.RecipientDomainIs).toEqual(['northwind.com']);
    invoke('Set-TransportRule', { Identity: 'C', RecipientDomainIs: null });
    expect(find('TransportRule', 'C')!.RecipientDomainIs).toBeNull();
  });
});

describe('Enable-TransportRule / Disable-TransportRule', () => {
  test('Disable sets State Disabled and Enable sets it back, keeping the mode', () => {
    created('New-TransportRule', { Name: 'R', Mode: 'Audit' });
    invoke('Disable-TransportRule', { Identity: 'R', Confirm: false });
    expect(find('TransportRule', 'R')).toMatchObject({ State: 'Disabled', Mode: 'Audit' });
    invoke('Enable-TransportRule', { Identity: 'R' });
    expect(find('TransportRule', 'R')).toMatchObject({ State: 'Enabled', Mode: 'Audit' });
  });

  test('Enable -Mode changes the mode', () => {
    created('New-TransportRule', { Name: 'R', Enabled: false, Mode: 'Audit' });
    invoke('Enable-TransportRule', { Identity: 'R', Mode: 'enforce' });
    expect(find('TransportRule', 'R')).toMatchObject({ State: 'Enabled', Mode: 'Enforce' });
  });

  test('fail for an unknown rule', () => {
    expect(() => invoke('Disable-TransportRule', { Identity: 'Nope', Confirm: false })).toThrow(ManagementObjectNotFoundError);
  });
});

describe('Remove-TransportRule and Get-TransportRule', () => {
  test('Remove renumbers the remaining rules', () => {
    for (const name of ['A', 'B', 'C']) created('New-TransportRule', { Name: name });
    invoke('Remove-TransportRule', { Identity: 'A', Confirm: false });
    expect(ruleOrder()).toEqual(['0:B', '1:C']);
  });

  test('Get -State filters by state', () => {
    created('New-TransportRule', { Name: 'On' });
    created('New-TransportRule', { Name: 'Off', Enabled: false });
    expect((invoke('Get-TransportRule', { State: 'disabled' }).result as ObservedObject[]).map((rule) => rule.Name)).toEqual(['Off']);
  });
});

// ---------------------------------------------------------------------------------------------
// Accepted domains
// ---------------------------------------------------------------------------------------------

describe('accepted domains', () => {
  test('are the seeded domains plus the initial domain, which is the default', () => {
    expect(backend.get(CONTOSO, 'AcceptedDomain').map((domain) => [domain.DomainName, domain.Default, domain.InitialDomain])).toEqual([
      [CONTOSO, true, true],
      ['contoso.com', false, false],
      ['mail.contoso.com', false, false],
    ]);
  });

  test('are read-only: there is no New-AcceptedDomain', () => {
    expect(() => invoke('New-AcceptedDomain', { Name: 'x', DomainName: 'x.com' })).toThrow(CommandNotFoundError);
  });
});
