/**
 * The simulated Exchange Online, tested like moto tests its emulators: one test per cmdlet
 * behaviour, negative tests assert the error class, its Exchange type and the exact message,
 * tenant isolation and persistence have their own tests, and one scenario runs both in-process
 * and through the stand-in `pwsh` speaking the line protocol.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExoParameters, ObservedObject, SessionHello, SessionReply } from '../../lib/core/exo-model';
import {
  CmdletNotAllowedError,
  CommandNotFoundError,
  ExoSimBackend,
  ExoSimError,
  INBOUND_CREATED_DISABLED_WARNING,
  InvalidRulePriorityError,
  InvalidSenderIpAddressError,
  InvalidSmtpDomainError,
  ManagementObjectAlreadyExistsError,
  ManagementObjectNotFoundError,
  MissingMandatoryParametersError,
  noChangeWarning,
  OnPremisesConnectorRequiredError,
  openSimulatedSession,
  OutboundConnectorInUseError,
  ParameterAlreadyBoundError,
  ParameterArgumentValidationError,
  ParameterNotFoundError,
  ParameterTransformationError,
  PropertyTooLongError,
  SetHeaderPairError,
  SimulatorStore,
  SmartHostsRequiredError,
  TEST_MODE_CONNECTORS_WARNING,
  TreatMessagesAsInternalError,
  ValueOutOfRangeError,
} from '../../lib/runtime/simulator';
import { connectFailedMessage } from '../../lib/runtime/simulator/session';

const REPO = path.resolve(__dirname, '..', '..');
const STAND_IN_BIN = path.join(REPO, 'test', 'helpers', 'bin');

const CONTOSO = 'contoso.onmicrosoft.com';
const CONTOSO_TENANT_ID = '0b3e4c53-1f1a-4c2e-9d0b-5c1e2a9f7a11';
const FABRIKAM = 'fabrikam.onmicrosoft.com';
const FABRIKAM_TENANT_ID = '7d9f1e2a-3b4c-4d5e-8f60-718293a4b5c6';
const GATEWAY_APP_ID = '5a0b1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d';

let stateDir: string;
let store: SimulatorStore;
let backend: ExoSimBackend;

beforeEach(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-test-'));
  store = new SimulatorStore(stateDir);
  store.seedTenant({ organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, acceptedDomains: ['contoso.com', 'mail.contoso.com'] });
  store.seedTenant({ organization: FABRIKAM, tenantId: FABRIKAM_TENANT_ID, acceptedDomains: ['fabrikam.com'], appIds: [GATEWAY_APP_ID] });
  backend = new ExoSimBackend(store);
});

afterEach(() => {
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function invoke(cmdlet: string, parameters: ExoParameters, organization = CONTOSO) {
  return backend.invoke(organization, cmdlet, parameters);
}

function created(cmdlet: string, parameters: ExoParameters, organization = CONTOSO): ObservedObject {
  return invoke(cmdlet, parameters, organization).result as ObservedObject;
}

/** Runs `action`, expects it to throw `errorClass` with Exchange's `type` and exactly `message`. */
function expectExoError(action: () => unknown, errorClass: new (...args: never[]) => ExoSimError, type: string, message: string): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(errorClass);
  expect((thrown as ExoSimError).type).toBe(type);
  expect((thrown as ExoSimError).message).toBe(message);
}

function find(kind: 'InboundConnector' | 'OutboundConnector' | 'TransportRule', name: string, organization = CONTOSO): ObservedObject | undefined {
  return backend.get(organization, kind).find((object) => object.Name === name);
}

function ruleOrder(organization = CONTOSO): string[] {
  return backend.get(organization, 'TransportRule').map((rule) => `${String(rule.Priority)}:${String(rule.Name)}`);
}

const GATEWAY_INBOUND: ExoParameters = {
  Name: 'Gateway -> EXO',
  ConnectorType: 'OnPremises',
  SenderDomains: ['*'],
  TlsSenderCertificateName: 'mail.contoso.com',
  RequireTls: true,
  RestrictDomainsToCertificate: true,
  Comment: '#managed-by:cdktf-exo-gateway',
};

const GATEWAY_OUTBOUND: ExoParameters = {
  Name: 'EXO -> Gateway',
  ConnectorType: 'Partner',
  UseMXRecord: false,
  SmartHosts: ['gw.example.net'],
  TlsSettings: 'DomainValidation',
  TlsDomain: 'gw.example.net',
  IsTransportRuleScoped: true,
};

// ---------------------------------------------------------------------------------------------
// Parameter binding
// ---------------------------------------------------------------------------------------------

describe('parameter binding', () => {
  test('fails for an unknown parameter with PowerShell\'s ParameterBindingException text', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, Colour: 'blue' }),
      ParameterNotFoundError,
      'ParameterBindingException',
      "A parameter cannot be found that matches parameter name 'Colour'.",
    );
  });

  test('fails for an internal-use parameter that the catalogue leaves out', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, EFTestMode: true }),
      ParameterNotFoundError,
      'ParameterBindingException',
      "A parameter cannot be found that matches parameter name 'EFTestMode'.",
    );
  });

  test('matches parameter names case-insensitively', () => {
    const connector = created('New-InboundConnector', { name: 'Lower case', senderdomains: ['contoso.com'], connectortype: 'partner' });
    expect(connector).toMatchObject({ Name: 'Lower case', SenderDomains: ['smtp:contoso.com;1'], ConnectorType: 'Partner' });
  });

  test('fails when mandatory parameters are missing', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { Comment: 'x' }),
      MissingMandatoryParametersError,
      'ParameterBindingException',
      'Cannot process command because of one or more missing mandatory parameters: Name SenderDomains.',
    );
  });

  test('fails when a mandatory parameter is an empty string', () => {
    expectExoError(
      () => invoke('New-TransportRule', { Name: '' }),
      ParameterArgumentValidationError,
      'ParameterBindingValidationException',
      "Cannot bind argument to parameter 'Name' because it is an empty string.",
    );
  });

  test('fails when a parameter is given twice', () => {
    expectExoError(
      () => invoke('New-TransportRule', { Name: 'a', name: 'b' }),
      ParameterAlreadyBoundError,
      'ParameterBindingException',
      "Cannot bind parameter because parameter 'Name' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
    );
  });

  test('fails for a string given to a Boolean parameter', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, RequireTls: 'yes' }),
      ParameterTransformationError,
      'ParameterBindingArgumentTransformationException',
      "Cannot process argument transformation on parameter 'RequireTls'. Cannot convert value \"System.String\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
    );
  });

  test('fails for an enum value Exchange does not know', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, ConnectorType: 'Hybrid' }),
      ParameterTransformationError,
      'ParameterBindingArgumentTransformationException',
      "Cannot process argument transformation on parameter 'ConnectorType'. Cannot convert value \"Hybrid\" to type \"TenantConnectorType\". Error: \"Unable to match the identifier name Hybrid to a valid enumerator name. Specify one of the following enumerator names and try again: Partner, OnPremises\"",
    );
  });

  test('stores enum values in Exchange spelling whatever the case given', () => {
    const connector = created('New-OutboundConnector', { ...GATEWAY_OUTBOUND, ConnectorType: 'onpremises', TlsSettings: 'DOMAINVALIDATION' });
    expect(connector.ConnectorType).toBe('OnPremises');
    expect(connector.TlsSettings).toBe('DomainValidation');
  });

  test('fails for a cmdlet that does not exist', () => {
    expectExoError(
      () => invoke('New-Connector', { Name: 'x' }),
      CommandNotFoundError,
      'CommandNotFoundException',
      "The term 'New-Connector' is not recognized as a name of a cmdlet, function, script file, or executable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Inbound connectors
// ---------------------------------------------------------------------------------------------

describe('New-InboundConnector', () => {
  test('creates a connector with Identity, Guid, WhenChanged and the documented defaults', () => {
    const connector = created('New-InboundConnector', { Name: 'Partner in', SenderDomains: ['contoso.com'] });
    expect(connector).toMatchObject({
      Identity: 'Partner in',
      Name: 'Partner in',
      ConnectorType: 'Partner',
      ConnectorSource: 'Default',
      Enabled: true,
      RequireTls: true,
      RestrictDomainsToCertificate: false,
      TreatMessagesAsInternal: false,
      SenderIPAddresses: [],
      TlsSenderCertificateName: null,
    });
    expect(connector.Guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(String(connector.WhenChanged)))).toBe(false);
    expect(find('InboundConnector', 'Partner in')).toEqual(connector);
  });

  test('reads SenderDomains back in smtp:<domain>;1 form', () => {
    created('New-InboundConnector', { ...GATEWAY_INBOUND, SenderDomains: ['*', 'contoso.com', '*.fabrikam.com'] });
    expect(find('InboundConnector', 'Gateway -> EXO')!.SenderDomains).toEqual(['smtp:*;1', 'smtp:contoso.com;1', 'smtp:*.fabrikam.com;1']);
  });

  test('accepts SenderDomains already in smtp:<domain>;1 form and keeps them as they are', () => {
    const connector = created('New-InboundConnector', { ...GATEWAY_INBOUND, SenderDomains: ['smtp:*;1'] });
    expect(connector.SenderDomains).toEqual(['smtp:*;1']);
  });

  test('keeps the Guid stable across changes', () => {
    const connector = created('New-InboundConnector', GATEWAY_INBOUND);
    invoke('Set-InboundConnector', { Identity: 'Gateway -> EXO', Comment: 'changed' });
    expect(find('InboundConnector', 'Gateway -> EXO')!.Guid).toBe(connector.Guid);
  });

  test('fails for a name another inbound connector has (case-insensitive)', () => {
    created('New-InboundConnector', GATEWAY_INBOUND);
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, Name: 'GATEWAY -> exo' }),
      ManagementObjectAlreadyExistsError,
      'ManagementObjectAlreadyExistsException',
      "An inbound connector with the name 'GATEWAY -> exo' already exists.",
    );
  });

  test('allows the same name for an inbound and an outbound connector', () => {
    created('New-InboundConnector', { ...GATEWAY_INBOUND, Name: 'Gateway' });
    expect(created('New-OutboundConnector', { ...GATEWAY_OUTBOUND, Name: 'Gateway' }).Name).toBe('Gateway');
  });

  test('fails for an embedded wildcard in SenderDomains', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, SenderDomains: ['domain.*.contoso.com'] }),
      InvalidSmtpDomainError,
      'DataValidationException',
      "'domain.*.contoso.com' isn't a valid SMTP domain for SenderDomains. Use a domain such as contoso.com, a leading wildcard such as *.contoso.com, or * for all domains; a wildcard inside the name (domain.*.contoso.com) isn't valid.",
    );
  });

  test('fails for an embedded wildcard in TlsSenderCertificateName', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, TlsSenderCertificateName: 'mail.*.contoso.com' }),
      InvalidSmtpDomainError,
      'DataValidationException',
      "'mail.*.contoso.com' isn't a valid SMTP domain for TlsSenderCertificateName. Use a domain such as contoso.com, a leading wildcard such as *.contoso.com; a wildcard inside the name (domain.*.contoso.com) isn't valid.",
    );
  });

  test('accepts a leading wildcard in TlsSenderCertificateName', () => {
    expect(created('New-InboundConnector', { ...GATEWAY_INBOUND, TlsSenderCertificateName: '*.contoso.com' }).TlsSenderCertificateName).toBe('*.contoso.com');
  });

  test('fails for SenderDomains longer than 2243 characters in stored form', () => {
    const domains = Array.from({ length: 100 }, (_, index) => `customer-domain-number-${index}.example`);
    // each stored as smtp:<domain>;1 plus one separator
    const length = domains.map((domain) => `smtp:${domain};1`).join('').length + domains.length - 1;
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, SenderDomains: domains }),
      PropertyTooLongError,
      'DataValidationException',
      `The length of the property is too long. The maximum length is 2243 and the length of the value provided is ${length}. (parameter 'SenderDomains')`,
    );
  });

  test('fails for TreatMessagesAsInternal on a Partner connector', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, ConnectorType: 'Partner', TreatMessagesAsInternal: true }),
      TreatMessagesAsInternalError,
      'TaskArgumentException',
      "You can't set TreatMessagesAsInternal to $true when CloudServicesMailEnabled is $true or ConnectorType isn't OnPremises.",
    );
  });

  test('fails for TreatMessagesAsInternal together with CloudServicesMailEnabled', () => {
    expect(() => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, TreatMessagesAsInternal: true, CloudServicesMailEnabled: true })).toThrow(
      TreatMessagesAsInternalError,
    );
  });

  test('accepts TreatMessagesAsInternal on an OnPremises connector', () => {
    expect(created('New-InboundConnector', { ...GATEWAY_INBOUND, TreatMessagesAsInternal: true }).TreatMessagesAsInternal).toBe(true);
  });

  test('fails for an IPv6 sender address and for a range wider than /24', () => {
    for (const address of ['2001:db8::1', '192.0.2.0/16']) {
      expectExoError(
        () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, ConnectorType: 'Partner', SenderIPAddresses: [address] }),
        InvalidSenderIpAddressError,
        'DataValidationException',
        `'${address}' isn't a valid value for SenderIPAddresses. Use an IPv4 address or a CIDR range with a mask from /24 through /32; IPv6 addresses aren't supported.`,
      );
    }
  });

  test('accepts IPv4 addresses and /24-/32 ranges', () => {
    expect(created('New-InboundConnector', { ...GATEWAY_INBOUND, SenderIPAddresses: ['192.0.2.10', '198.51.100.0/24'] }).SenderIPAddresses).toEqual([
      '192.0.2.10',
      '198.51.100.0/24',
    ]);
  });

  test('fails for AssociatedAcceptedDomains that are not accepted domains', () => {
    expectExoError(
      () => invoke('New-InboundConnector', { ...GATEWAY_INBOUND, AssociatedAcceptedDomains: ['fabrikam.com'] }),
      ManagementObjectNotFoundError,
      'ManagementObjectNotFoundException',
      "The operation couldn't be performed because object 'fabrikam.com' couldn't be found on 'SIM'.",
    );
  });

  test('accepts ClientHostNames (New only)', () => {
    expect(created('New-InboundConnector', { ...GATEWAY_INBOUND, ClientHostNames: ['gw.example.net'] }).ClientHostNames).toEqual(['gw.example.net']);
  });

  test('creates the connector disabled, with Exchange\'s warning, in a restricted service offering', () => {
    store.seedTenant({ organization: 'dev.onmicrosoft.com', tenantId: 'e0e0e0e0-0000-4000-8000-000000000001', acceptedDomains: [], restrictedInboundConnectors: true });
    const outcome = invoke('New-InboundConnector', GATEWAY_INBOUND, 'dev.onmicrosoft.com');
    expect((outcome.result as ObservedObject).Enabled).toBe(false);
    expect(outcome.warnings).toEqual([INBOUND_CREATED_DISABLED_WARNING]);
    // Enabling it later warns and leaves it disabled: test/runtime/simulator-fidelity.test.ts.
  });
});

describe('Set-InboundConnector', () => {
  beforeEach(() => {
    created('New-InboundConnector', { ...GATEWAY_INBOUND, EFSkipIPs: ['192.0.2.1', '192.0.2.2'] });
  });

  test('overwrites multi-valued parameters', () => {
    invoke('Set-InboundConnector', { Identity: 'Gateway -> EXO', EFSkipIPs: ['198.51.100.7'], SenderDomains: ['contoso.com'] });
    expect(find('InboundConnector', 'Gateway -> EXO')).toMatchObject({ EFSkipIPs: ['198.51.100.7'], SenderDomains: ['smtp:contoso.com;1'] });
  });

  test('clears a multi-valued parameter set to $null', () => {
    invoke('Set-InboundConnector', { Identity: 'Gateway -> EXO', EFSkipIPs: null });
    expect(find('InboundConnector', 'Gateway -> EXO')!.EFSkipIPs).toEqual([]);
  });

  test('finds the connector by its Guid', () => {
    const guid = String(find('InboundConnector', 'Gateway -> EXO')!.Guid);
    invoke('Set-InboundConnector', { Identity: guid, Comment: 'by guid' });
    expect(find('InboundConnector', 'Gateway -> EXO')!.Comment).toBe('by guid');
  });

  test('renames with -Name and the Identity follows', () => {
    invoke('Set-InboundConnector', { Identity: 'gateway -> exo', Name: 'Gateway (renamed)' });
    expect(find('InboundConnector', 'Gateway (renamed)')).toMatchObject({ Identity: 'Gateway (renamed)' });
    expect(() => invoke('Set-InboundConnector', { Identity: 'Gateway -> EXO', Comment: 'x' })).toThrow(ManagementObjectNotFoundError);
  });

  test('warns like Exchange and keeps WhenChanged when nothing changes', () => {
    const before = find('InboundConnector', 'Gateway -> EXO')!;
    const outcome = invoke('Set-InboundConnector', { Identity: 'Gateway -> EXO', RequireTls: true, Comment: before.Comment });
    expect(outcome).toEqual({ result: null, warnings: [noChangeWarning('Gateway -> EXO')] });
    expect(noChangeWarning('Gateway -> EXO')).toBe("The command completed successfully but no settings of 'Gateway -> EXO' have been modified.");
    expect(find('InboundConnector', 'Gateway -> EXO')!.WhenChanged).toBe(before.WhenChanged);
  });

  test('checks TreatMessagesAsInternal against the stored ConnectorType', () => {
    created('New-InboundConnector', { Name: 'Partner in', SenderDomains: ['contoso.com'] });
    expect(() => invoke('Set-InboundConnector', { Identity: 'Partner in', TreatMessagesAsInternal: true })).toThrow(TreatMessagesAsInternalError);
    expect(find('InboundConnector', 'Partner in')!.TreatMessagesAsInternal).toBe(false);
  });

  test('has no ClientHostNames parameter', () => {
    expect(() => invoke('Set-InboundConnector', { Identity: 'Gateway -> EXO', ClientHostNames: ['x'] })).toThrow(ParameterNotFoundError);
  });

  test('fails with ManagementObjectNotFoundException for an unknown identity', () => {
    expectExoError(
      () => invoke('Set-InboundConnector', { Identity: 'Nope', Comment: 'x' }),
      ManagementObjectNotFoundError,
      'ManagementObjectNotFoundException',
      "The operation couldn't be performed because object 'Nope' couldn't be found on 'SIM'.",
    );
  });

  test('fails to rename onto another connector\'s name', () => {
    created('New-InboundConnector', { Name: 'Other', SenderDomains: ['contoso.com'] });
    expect(() => invoke('Set-InboundConnector', { Identity: 'Other', Name: 'gateway -> EXO' })).toThrow(ManagementObjectAlreadyExistsError);
  });
});

describe('Remove-InboundConnector', () => {
  test('removes the connector; removing it again fails', () => {
    created('New-InboundConnector', GATEWAY_INBOUND);
    expect(invoke('Remove-InboundConnector', { Identity: 'Gateway -> EXO', Confirm: false })).toEqual({ result: null, warnings: [] });
    expect(backend.get(CONTOSO, 'InboundConnector')).toEqual([]);
    expect(() => invoke('Remove-InboundConnector', { Identity: 'Gateway -> EXO', Confirm: false })).toThrow(ManagementObjectNotFoundError);
  });
});

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

// ---------------------------------------------------------------------------------------------
// Store: isolation, persistence, test API
// ---------------------------------------------------------------------------------------------

describe('store', () => {
  test('state is tenant-specific', () => {
    created('New-InboundConnector', GATEWAY_INBOUND, CONTOSO);
    created('New-TransportRule', { Name: 'Only in fabrikam' }, FABRIKAM);
    expect(backend.get(FABRIKAM, 'InboundConnector')).toEqual([]);
    expect(backend.get(CONTOSO, 'TransportRule')).toEqual([]);
    // the same name in another tenant is no clash
    expect(created('New-InboundConnector', GATEWAY_INBOUND, FABRIKAM).Name).toBe('Gateway -> EXO');
  });

  test('state survives a new backend and store on the same folder', () => {
    const connector = created('New-InboundConnector', GATEWAY_INBOUND);
    const reopened = new ExoSimBackend(new SimulatorStore(stateDir));
    expect(reopened.get(CONTOSO, 'InboundConnector')).toEqual([connector]);
  });

  test('keeps one file per tenant and leaves no temporary files', () => {
    created('New-InboundConnector', GATEWAY_INBOUND);
    expect(fs.readdirSync(path.join(stateDir, 'tenants')).sort()).toEqual([`${CONTOSO}.json`, `${FABRIKAM}.json`]);
  });

  test('finds a tenant whatever the case of the organization', () => {
    expect(store.readTenant('Contoso.OnMicrosoft.com')!.tenantId).toBe(CONTOSO_TENANT_ID);
    expect(store.listTenants()).toEqual([CONTOSO, FABRIKAM]);
  });

  test('editObject simulates an admin\'s manual change (drift)', () => {
    created('New-OutboundConnector', GATEWAY_OUTBOUND);
    store.editObject(CONTOSO, 'OutboundConnector', 'EXO -> Gateway', { SmartHosts: ['rogue.example.net'] });
    expect(find('OutboundConnector', 'EXO -> Gateway')!.SmartHosts).toEqual(['rogue.example.net']);
  });

  test('putForeignObject adds an admin-made object that reads ConnectorSource AdminUI', () => {
    const foreign = store.putForeignObject(CONTOSO, 'InboundConnector', { Name: 'Made in EAC', SenderDomains: ['smtp:partner.example;1'] });
    expect(foreign).toMatchObject({ ConnectorSource: 'AdminUI', Identity: 'Made in EAC' });
    expect(find('InboundConnector', 'Made in EAC')).toEqual(foreign);
    store.putForeignObject(CONTOSO, 'TransportRule', { Name: 'Disclaimer', Priority: 0 });
    created('New-TransportRule', { Name: 'Ours', Priority: 0 });
    expect(ruleOrder()).toEqual(['0:Ours', '1:Disclaimer']);
  });

  test('reset forgets tenants, logs and faults', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    await session.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'R' } });
    store.writeFaults([{ cmdlet: 'New-TransportRule', nth: 5, message: 'x' }]);
    store.reset();
    expect(store.listTenants()).toEqual([]);
    expect(store.readCalls()).toEqual([]);
    expect(store.readSessions()).toEqual([]);
    expect(fs.existsSync(store.faultsFile)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Session: connect, allow-list, logs, latency, faults
// ---------------------------------------------------------------------------------------------

describe('simulated session', () => {
  test('connects to the tenant named by -Organization and logs the session', async () => {
    const session = await openSimulatedSession({ stateDir, organization: 'CONTOSO.onmicrosoft.com', pid: 4242 });
    expect(session.hello).toEqual({ type: 'ready', tenantId: CONTOSO_TENANT_ID, organization: CONTOSO });
    expect(store.readSessions()).toEqual([{ time: expect.any(String), organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, pid: 4242, ok: true }]);
  });

  test('fails to connect to an unknown organization like a real connect', async () => {
    const session = await openSimulatedSession({ stateDir, organization: 'unknown.onmicrosoft.com' });
    expect(session.hello).toEqual({
      type: 'fatal',
      organization: 'unknown.onmicrosoft.com',
      error: {
        type: 'ConnectFailed',
        message: connectFailedMessage(
          'unknown.onmicrosoft.com',
          "AADSTS90002: Tenant 'unknown.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
        ),
      },
    });
    expect(session.hello.error!.message).toBe("Connect-ExchangeOnline failed for organization 'unknown.onmicrosoft.com': AADSTS90002: Tenant 'unknown.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
    expect(session.closed).toBe(true);
    expect(await session.handle({ id: 1, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } })).toEqual({
      id: 1,
      ok: false,
      error: { type: 'SessionClosed', message: 'The session is closed.' },
    });
    expect(store.readSessions()).toEqual([expect.objectContaining({ organization: 'unknown.onmicrosoft.com', tenantId: null, ok: false })]);
  });

  test('refuses an app id the tenant does not allow, accepts the allowed one', async () => {
    const refused = await openSimulatedSession({ stateDir, organization: FABRIKAM, appId: 'ffffffff-0000-4000-8000-000000000000' });
    expect(refused.hello.type).toBe('fatal');
    expect(refused.hello.error!.message).toContain("AADSTS700016: Application with identifier 'ffffffff-0000-4000-8000-000000000000' was not found in the directory 'fabrikam.onmicrosoft.com'.");
    const accepted = await openSimulatedSession({ stateDir, organization: FABRIKAM, appId: GATEWAY_APP_ID });
    expect(accepted.hello).toEqual({ type: 'ready', tenantId: FABRIKAM_TENANT_ID, organization: FABRIKAM });
  });

  test('refuses cmdlets outside the allow-list, Get-* included', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    for (const cmdlet of ['Get-InboundConnector', 'New-AcceptedDomain', 'Set-Mailbox']) {
      const reply = await session.handle({ id: 7, op: 'invoke', cmdlet, parameters: {} });
      expect(reply).toEqual({ id: 7, ok: false, error: { type: 'CmdletNotAllowed', message: new CmdletNotAllowedError(cmdlet).message } });
    }
    expect(new CmdletNotAllowedError('Set-Mailbox').message).toBe("Cmdlet 'Set-Mailbox' is not on the session's allow-list.");
  });

  test('logs every invoke with its parameter names and outcome', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    await session.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'R', Priority: 0 } });
    await session.handle({ id: 2, op: 'invoke', cmdlet: 'new-transportrule', parameters: { Name: 'R' } });
    await session.handle({ id: 3, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } });
    expect(store.readCalls()).toEqual([
      { time: expect.any(String), organization: CONTOSO, cmdlet: 'New-TransportRule', parameterNames: ['Name', 'Priority'], ok: true },
      { time: expect.any(String), organization: CONTOSO, cmdlet: 'New-TransportRule', parameterNames: ['Name'], ok: false },
    ]);
  });

  test('answers malformed lines with a ProtocolError', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect(await session.handleLine('not json')).toMatchObject({ id: -1, ok: false, error: { type: 'ProtocolError' } });
    expect(await session.handleLine('{"id":4,"op":"dance"}')).toEqual({ id: 4, ok: false, error: { type: 'ProtocolError', message: "Unknown op 'dance'." } });
    expect(await session.handleLine('{"id":5,"op":"get","kind":"Mailbox"}')).toEqual({ id: 5, ok: false, error: { type: 'ProtocolError', message: 'A get request needs "cmdlet".' } });
    expect(await session.handleLine('{"id":6,"op":"get","cmdlet":"Get-Mailbox"}')).toEqual({ id: 6, ok: false, error: { type: 'CmdletNotAllowed', message: "Cmdlet 'Get-Mailbox' is not on the session's allow-list." } });
    expect(await session.handleLine('{"id":7,"op":"get","cmdlet":"Remove-TransportRule","parameters":{"Identity":"x"}}')).toEqual({ id: 7, ok: false, error: { type: 'CmdletNotAllowed', message: "Cmdlet 'Remove-TransportRule' is not on the session's allow-list." } });
    expect(await session.handleLine('{"op":"close"}')).toEqual({ id: -1, ok: false, error: { type: 'ProtocolError', message: 'A request needs an integer "id".' } });
  });

  test('serves nothing after close', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect(await session.handle({ id: 1, op: 'close' })).toEqual({ id: 1, ok: true, result: null });
    expect(session.closed).toBe(true);
    expect((await session.handle({ id: 2, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } })).error!.type).toBe('SessionClosed');
  });

  test('waits the configured latency (latency.json, overridden by env)', async () => {
    store.writeLatency({ connectDelayMs: 0, cmdletDelayMs: 150 });
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO, env: {} });
    let started = Date.now();
    await session.handle({ id: 1, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const fast = await openSimulatedSession({ stateDir, organization: CONTOSO, env: { EXO_SIM_CMDLET_DELAY_MS: '0' } });
    started = Date.now();
    await fast.handle({ id: 1, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } });
    expect(Date.now() - started).toBeLessThan(140);
  });

  test('fault injection fails the Nth invoke of a tenant, counted across sessions, and changes nothing', async () => {
    store.writeFaults([{ organization: CONTOSO, cmdlet: 'New-TransportRule', nth: 2, message: 'The service is busy (injected).', type: 'TransientException' }]);
    const first = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect((await first.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'One' } })).ok).toBe(true);
    // another tenant has its own count
    expect((await (await openSimulatedSession({ stateDir, organization: FABRIKAM, appId: GATEWAY_APP_ID })).handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'F' } })).ok).toBe(true);
    const second = await openSimulatedSession({ stateDir, organization: CONTOSO });
    expect(await second.handle({ id: 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'Two' } })).toEqual({
      id: 1,
      ok: false,
      error: { type: 'TransientException', message: 'The service is busy (injected).' },
    });
    expect(backend.get(CONTOSO, 'TransportRule').map((rule) => rule.Name)).toEqual(['One']);
    expect((await second.handle({ id: 2, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'Two' } })).ok).toBe(true);
    expect(store.readCalls().map((call) => call.ok)).toEqual([true, true, false, true]);
  });
});

// ---------------------------------------------------------------------------------------------
// The same scenario in-process and through the stand-in pwsh
// ---------------------------------------------------------------------------------------------

const SCENARIO: string[] = [
  JSON.stringify({ id: 1, op: 'get', cmdlet: 'Get-AcceptedDomain', parameters: { ResultSize: 'Unlimited' } }),
  JSON.stringify({ id: 2, op: 'invoke', cmdlet: 'New-InboundConnector', parameters: GATEWAY_INBOUND }),
  JSON.stringify({ id: 3, op: 'invoke', cmdlet: 'New-OutboundConnector', parameters: GATEWAY_OUTBOUND }),
  JSON.stringify({ id: 4, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: 'Route', RouteMessageOutboundConnector: 'EXO -> Gateway', Enabled: false } }),
  JSON.stringify({ id: 5, op: 'invoke', cmdlet: 'Set-TransportRule', parameters: { Identity: 'Route', Enabled: true } }),
  JSON.stringify({ id: 6, op: 'invoke', cmdlet: 'Enable-TransportRule', parameters: { Identity: 'Route' } }),
  JSON.stringify({ id: 7, op: 'invoke', cmdlet: 'Remove-OutboundConnector', parameters: { Identity: 'EXO -> Gateway', Confirm: false } }),
  JSON.stringify({ id: 8, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } }),
  JSON.stringify({ id: 9, op: 'get', cmdlet: 'Get-InboundConnector', parameters: { ResultSize: 'Unlimited' } }),
  JSON.stringify({ id: 10, op: 'close' }),
];

/** Replaces Guids and times, which differ between runs. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"<guid>"')
      .replace(/"\d{4}-\d{2}-\d{2}T[\d:.]+Z"/g, '"<time>"'),
  );
}

function checkScenario(hello: SessionHello, replies: SessionReply[]): void {
  expect(hello).toEqual({ type: 'ready', tenantId: CONTOSO_TENANT_ID, organization: CONTOSO });
  expect(replies.map((reply) => [reply.id, reply.ok])).toEqual([
    [1, true], [2, true], [3, true], [4, true], [5, false], [6, true], [7, false], [8, true], [9, true], [10, true],
  ]);
  expect(replies[4].error).toEqual({ type: 'ParameterBindingException', message: "A parameter cannot be found that matches parameter name 'Enabled'." });
  expect(replies[6].error!.type).toBe('InvalidOperationException');
  const rules = replies[7].result as ObservedObject[];
  expect(rules).toEqual([expect.objectContaining({ Name: 'Route', State: 'Enabled', Priority: 0, RouteMessageOutboundConnector: 'EXO -> Gateway' })]);
  expect((replies[8].result as ObservedObject[])[0].SenderDomains).toEqual(['smtp:*;1']);
}

describe('the same scenario in-process and through the stand-in pwsh', () => {
  let bundleDir: string;
  let bundle: string;

  beforeAll(() => {
    // The stand-in runs the BUNDLED session (as scripts/bundle-runtime.js builds it); bundle the
    // current source into a temporary folder so this test checks exactly this code.
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-bundle-'));
    bundle = path.join(bundleDir, 'exo-sim-session.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const built = esbuild.buildSync({
      entryPoints: [path.join(REPO, 'lib', 'runtime', 'simulator', 'sim-session-main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      metafile: true,
      logLevel: 'silent',
    });
    // Node built-ins only: nothing from node_modules in the bundle.
    expect(Object.keys(built.metafile!.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
  });

  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  function standInEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      EXO_SIM_SESSION_BUNDLE: bundle,
      EXO_SIM_STATE_DIR: stateDir,
      EXO_SESSION_APP_ID: GATEWAY_APP_ID,
      EXO_SESSION_ORGANIZATION: CONTOSO,
      EXO_SESSION_CERT_ENV: 'TEST_CERT_PFX',
      TEST_CERT_PFX: 'TUlJLi4uZmFrZQ==',
      EXO_SIM_CONNECT_DELAY_MS: '',
      EXO_SIM_CMDLET_DELAY_MS: '',
      ...extra,
    };
  }

  test('in-process', async () => {
    const session = await openSimulatedSession({ stateDir, organization: CONTOSO, appId: GATEWAY_APP_ID });
    const replies: SessionReply[] = [];
    for (const line of SCENARIO) replies.push(await session.handleLine(line));
    checkScenario(session.hello, replies);
  });

  test('through the stand-in pwsh, with the same replies as in-process', async () => {
    const inProcessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-sim-inproc-'));
    try {
      const inProcessStore = new SimulatorStore(inProcessDir);
      inProcessStore.seedTenant({ organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, acceptedDomains: ['contoso.com', 'mail.contoso.com'] });
      const session = await openSimulatedSession({ stateDir: inProcessDir, organization: CONTOSO, appId: GATEWAY_APP_ID });
      const expected: SessionReply[] = [];
      for (const line of SCENARIO) expected.push(await session.handleLine(line));

      const run = spawnSync('pwsh', ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', 'exo-session.ps1'], {
        env: standInEnv(),
        input: `${SCENARIO.join('\n')}\n`,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
      const hello = lines[0] as SessionHello;
      const replies = lines.slice(1) as SessionReply[];
      checkScenario(hello, replies);
      expect(normalise(replies)).toEqual(normalise(expected));
      // the process wrote to the folder-backed state
      expect(store.objects(CONTOSO, 'TransportRule').map((rule) => rule.Name)).toEqual(['Route']);
      expect(store.readSessions()).toEqual([expect.objectContaining({ organization: CONTOSO, tenantId: CONTOSO_TENANT_ID, pid: expect.any(Number), ok: true })]);
    } finally {
      fs.rmSync(inProcessDir, { recursive: true, force: true });
    }
  });

  test('the stand-in fails like the real script when no certificate is configured', () => {
    const run = spawnSync('pwsh', [], { env: standInEnv({ EXO_SESSION_CERT_ENV: '' }), input: '', encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout.trim())).toEqual({
      type: 'fatal',
      organization: CONTOSO,
      error: { type: 'ConfigurationError', message: "Neither EXO_SESSION_CERT_FILE nor EXO_SESSION_CERT_ENV is set: the session needs the app's certificate." },
    });
  });

  test('the stand-in ends the session at end of input', () => {
    const run = spawnSync('pwsh', [], { env: standInEnv(), input: `${JSON.stringify({ id: 1, op: 'get', cmdlet: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } })}\n`, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { type: 'ready', tenantId: CONTOSO_TENANT_ID, organization: CONTOSO },
      { id: 1, ok: true, result: [], warnings: [] },
    ]);
  });

  test('parallel processes on different tenants do not clash', async () => {
    const runOne = (organization: string): Promise<number | null> =>
      new Promise((resolve) => {
        const lines = Array.from({ length: 25 }, (_, index) => JSON.stringify({ id: index + 1, op: 'invoke', cmdlet: 'New-TransportRule', parameters: { Name: `Rule ${index}` } }));
        lines.push(JSON.stringify({ id: 99, op: 'close' }));
        const child = spawn('pwsh', [], { env: standInEnv({ EXO_SESSION_ORGANIZATION: organization }), stdio: ['pipe', 'ignore', 'inherit'] });
        child.on('close', resolve);
        child.stdin.end(`${lines.join('\n')}\n`);
      });
    const codes = await Promise.all([runOne(CONTOSO), runOne(FABRIKAM)]);
    expect(codes).toEqual([0, 0]);
    for (const organization of [CONTOSO, FABRIKAM]) {
      expect(store.objects(organization, 'TransportRule').map((rule) => rule.Priority)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    }
  });
});
