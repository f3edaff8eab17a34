/**
 * False drift: read-back forms of a converged tenant that must plan nothing (text re-encoded by
 * Exchange, documented defaults read back as nothing, dates in other offsets).
 */
import { EXO_CATALOGUE } from '../../lib/core/exo-catalogue';
import { canonicalEqual, normaliseValue, planTenant, valueKindOf } from '../../lib/core/planner';
import { MARK, inbound, outbound, rule, R1, tenant, observedOf } from './drift-helpers';

// ---------------------------------------------------------------------------------------------
// 7. Text values Exchange may re-encode
// ---------------------------------------------------------------------------------------------

describe('text values', () => {
  test.each([
    ['CRLF read back for LF', 'OutboundConnector', 'Comment', 'one\ntwo #m', 'one\r\ntwo #m'],
    ['lone CR read back for LF', 'InboundConnector', 'Comment', 'one\ntwo', 'one\rtwo'],
    ['CRLF in a rule comment', 'TransportRule', 'Comments', 'a\nb\nc', 'a\r\nb\r\nc'],
    ['CRLF in a header value', 'TransportRule', 'SetHeaderValue', 'x\ny', 'x\r\ny'],
    ['CRLF inside a word list', 'TransportRule', 'HeaderContainsWords', ['a\nb'], ['a\r\nb']],
  ] as const)('%s: no drift', (_title, kind, parameter, declared, readBackValue) => {
    const d = normaliseValue(kind, parameter, declared as never, declared as never);
    const o = normaliseValue(kind, parameter, readBackValue as never, declared as never);
    expect(canonicalEqual(d, o)).toBe(true);
  });

  test('a different line is still drift', () => {
    expect(canonicalEqual(normaliseValue('InboundConnector', 'Comment', 'one\ntwo'), normaliseValue('InboundConnector', 'Comment', 'one\r\nthree'))).toBe(false);
  });

  test('a converged tenant whose comments read back with CRLF plans nothing', () => {
    const objects = [inbound(), outbound(), rule(R1, { Comments: `line one\nline two ${MARK}` })];
    const observed = observedOf(objects, (o) => {
      for (const p of ['Comment', 'Comments']) if (typeof o[p] === 'string') o[p] = (o[p] as string).replace(/\n/g, '\r\n');
    });
    expect(planTenant(tenant(objects), observed)).toEqual({ steps: [], blockers: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// 8. Read-back null or empty for a parameter with a documented default
// ---------------------------------------------------------------------------------------------

describe('documented defaults', () => {
  test.each([
    ['outbound ConnectorSource null', 'OutboundConnector', 'ConnectorSource', 'Default', null],
    ['outbound ConnectorSource empty', 'OutboundConnector', 'ConnectorSource', 'Default', ''],
    ['inbound ConnectorSource null', 'InboundConnector', 'ConnectorSource', 'Default', null],
    ['rule Mode null', 'TransportRule', 'Mode', 'Enforce', null],
    ['rule RuleErrorAction empty', 'TransportRule', 'RuleErrorAction', 'Ignore', ''],
    ['rule SenderAddressLocation null', 'TransportRule', 'SenderAddressLocation', 'Header', null],
    ['outbound UseMXRecord null', 'OutboundConnector', 'UseMXRecord', true, null],
  ] as const)('%s equals the default: no drift', (_title, kind, parameter, declared, readBackValue) => {
    const d = normaliseValue(kind, parameter, declared as never, declared as never);
    const o = normaliseValue(kind, parameter, readBackValue as never, declared as never);
    expect(canonicalEqual(d, o)).toBe(true);
  });

  test.each([
    ['ConnectorSource null is not HybridWizard', 'OutboundConnector', 'ConnectorSource', 'HybridWizard', null],
    ['UseMXRecord null is not false', 'OutboundConnector', 'UseMXRecord', false, null],
    ['TlsSettings has no default value', 'OutboundConnector', 'TlsSettings', 'DomainValidation', null],
  ] as const)('%s: drift', (_title, kind, parameter, declared, readBackValue) => {
    const d = normaliseValue(kind, parameter, declared as never, declared as never);
    const o = normaliseValue(kind, parameter, readBackValue as never, declared as never);
    expect(canonicalEqual(d, o)).toBe(false);
  });

  test('every documented default is a valid value of its parameter', () => {
    for (const spec of Object.values(EXO_CATALOGUE)) {
      for (const [name, p] of Object.entries(spec.parameters)) {
        if (p.defaultValue === undefined) continue;
        if (p.type === 'Enum') expect({ name, ok: (p.values ?? []).includes(String(p.defaultValue)) }).toEqual({ name, ok: true });
        if (p.type === 'Boolean') expect({ name, type: typeof p.defaultValue }).toEqual({ name, type: 'boolean' });
      }
    }
  });

  test('an outbound connector read back with ConnectorSource null plans nothing', () => {
    const objects = [inbound(), outbound()];
    const observed = observedOf(objects, (o, d) => {
      if (d.kind === 'OutboundConnector') o.ConnectorSource = null;
      if (d.kind === 'InboundConnector') o.ConnectorSource = '';
    });
    expect(planTenant(tenant(objects), observed)).toEqual({ steps: [], blockers: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// 9. Dates
// ---------------------------------------------------------------------------------------------

describe('dates', () => {
  test('ActivationDate and ExpiryDate are transport rule dates on New and Set', () => {
    for (const cmdlet of ['New-TransportRule', 'Set-TransportRule']) {
      expect(EXO_CATALOGUE[cmdlet].parameters.ActivationDate?.type).toBe('DateTime');
      expect(EXO_CATALOGUE[cmdlet].parameters.ExpiryDate?.type).toBe('DateTime');
    }
    expect(valueKindOf('TransportRule', 'ActivationDate')).toBe('date');
    expect(valueKindOf('OutboundConnector', 'LastValidationTimestamp')).toBe('date');
  });

  test.each([
    ['offsets', '2027-01-01T10:00:00+01:00', '2027-01-01T09:00:00Z'],
    ['fractional seconds and offset', '2027-01-01T09:00:00.000+00:00', '2027-01-01T09:00:00Z'],
    ['Windows PowerShell JSON form', '2027-01-01T09:00:00Z', '/Date(1798794000000)/'],
    ['negative offset', '2027-01-01T02:00:00-07:00', '2027-01-01T09:00:00Z'],
  ])('same instant in %s: no drift', (_title, declared, readBackValue) => {
    const d = normaliseValue('TransportRule', 'ExpiryDate', declared, declared);
    const o = normaliseValue('TransportRule', 'ExpiryDate', readBackValue, declared);
    expect(canonicalEqual(d, o)).toBe(true);
  });

  test('another instant is drift, and is applied with Set-TransportRule', () => {
    const objects = [outbound(), rule(R1, { ActivationDate: '2027-01-01T10:00:00+01:00', ExpiryDate: '2027-06-30T00:00:00Z' })];
    const converged = observedOf(objects, (o) => {
      if (o.ActivationDate) o.ActivationDate = '2027-01-01T09:00:00Z';
      if (o.ExpiryDate) o.ExpiryDate = '2027-06-30T02:00:00+02:00';
    });
    expect(planTenant(tenant(objects), converged)).toEqual({ steps: [], blockers: [] });
    const drifted = observedOf(objects, (o) => {
      if (o.ExpiryDate) o.ExpiryDate = '2027-07-31T00:00:00Z';
    });
    const plan = planTenant(tenant(objects), drifted);
    expect(plan.blockers).toEqual([]);
    expect(plan.steps.map((s) => [s.cmdlet, s.changes?.map((c) => c.parameter)])).toEqual([['Set-TransportRule', ['ExpiryDate']]]);
  });
});

