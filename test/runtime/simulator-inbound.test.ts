/**
 * The simulated Exchange Online, parameter binding and inbound connectors: one test per cmdlet
 * behaviour; negative tests assert the error class, its Exchange type and the exact message.
 */
import { ObservedObject } from '../../lib/core/exo-model';
import {
  CommandNotFoundError,
  INBOUND_CREATED_DISABLED_WARNING,
  InvalidSenderIpAddressError,
  InvalidSmtpDomainError,
  ManagementObjectAlreadyExistsError,
  ManagementObjectNotFoundError,
  MissingMandatoryParametersError,
  noChangeWarning,
  ParameterAlreadyBoundError,
  ParameterArgumentValidationError,
  ParameterNotFoundError,
  ParameterTransformationError,
  PropertyTooLongError,
  TreatMessagesAsInternalError,
} from '../../lib/runtime/simulator';
import {
  CONTOSO,
  GATEWAY_INBOUND,
  GATEWAY_OUTBOUND,
  backend,
  created,
  expectExoError,
  find,
  invoke,
  store,
  useSimulatorState,
} from './simulator-fixtures';

useSimulatorState();

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
