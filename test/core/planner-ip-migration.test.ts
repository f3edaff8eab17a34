/**
 * The move from an IP-based gateway inbound connector to the tenant's certificate: in place (Set,
 * never Remove + New), the certificate name first, the IP addresses dropped in a second call.
 */
import { ObservedObject } from '../../lib/core/exo-model';
import { planTenant } from '../../lib/core/planner';
import { INBOUND, LOCAL, MARK, inbound, outbound, ruleClean, ruleIn, ruleOut, tenant } from './planner-fixtures';

/** The tenant's connector as a person or an older vendor module made it: by IP, no certificate, no marker. */
function ipBased(extra: Partial<ObservedObject> = {}): ObservedObject {
  return {
    Name: INBOUND,
    ConnectorType: 'OnPremises',
    ConnectorSource: 'AdminUI',
    SenderDomains: ['smtp:*;1'],
    SenderIPAddresses: ['203.0.113.25', '203.0.113.26'],
    TlsSenderCertificateName: null,
    RequireTls: true,
    RestrictDomainsToCertificate: false,
    RestrictDomainsToIPAddresses: false,
    CloudServicesMailEnabled: false,
    EFSkipLastIP: true,
    EFSkipIPs: [],
    Enabled: true,
    Comment: 'made in the admin center',
    ...extra,
  };
}

const adopting = () => tenant({ adoptExisting: true, objects: [inbound(), outbound(), ruleIn(), ruleOut(), ruleClean()] });
const inboundSteps = (observed: ObservedObject) =>
  planTenant(adopting(), { InboundConnector: [observed], OutboundConnector: [], TransportRule: [] }, LOCAL).steps.filter((s) => s.kind === 'InboundConnector');

describe('IP-based inbound connector -> certificate', () => {
  test('two Set calls on the same connector: the certificate name (IPs kept), then the IPs cleared; nothing removed or created', () => {
    const steps = inboundSteps(ipBased());
    expect(steps.map((s) => s.cmdlet)).toEqual(['Set-InboundConnector', 'Set-InboundConnector']);
    const [first, second] = steps;
    expect(first.parameters).toMatchObject({ Identity: INBOUND, TlsSenderCertificateName: 'mail.contoso.com' });
    expect(first.parameters).not.toHaveProperty('SenderIPAddresses');
    expect(first.parameters.Comment).toContain(MARK);
    expect(second.parameters).toEqual({ Identity: INBOUND, SenderIPAddresses: null });
    expect(second.changes).toEqual([{ parameter: 'SenderIPAddresses', current: ['203.0.113.25', '203.0.113.26'], desired: null }]);
  });

  test('a connector restricted to its IPs is released in the same call that clears them', () => {
    const [, second] = inboundSteps(ipBased({ RestrictDomainsToIPAddresses: 'True' }));
    expect(second.parameters).toEqual({ Identity: INBOUND, SenderIPAddresses: null, RestrictDomainsToIPAddresses: false });
  });

  test('a run stopped after the first call (both forms held) plans only the second; a migrated connector plans nothing', () => {
    const half = ipBased({ TlsSenderCertificateName: 'mail.contoso.com', RestrictDomainsToCertificate: true, Comment: `Accept e-mail from the SEPPmail gateway ${MARK}`, ConnectorSource: 'Default' });
    const steps = inboundSteps(half);
    expect(steps).toHaveLength(1);
    expect(steps[0].parameters).toEqual({ Identity: INBOUND, SenderIPAddresses: null });
    expect(inboundSteps({ ...half, SenderIPAddresses: null })).toEqual([]);
    expect(inboundSteps({ ...half, SenderIPAddresses: [] })).toEqual([]);
  });

  test('a connector renamed back in the first call is addressed by its declared name in the second', () => {
    const id = 'a'.repeat(8);
    const declared = inbound({ Comment: `Accept e-mail from the SEPPmail gateway ${MARK} id=${id}` });
    const plan = planTenant(
      tenant({ objects: [declared] }),
      { InboundConnector: [ipBased({ Name: 'Gateway by IP', Comment: `by hand ${MARK} id=${id}` })], OutboundConnector: [], TransportRule: [] },
      LOCAL,
    );
    const sets = plan.steps.filter((s) => s.kind === 'InboundConnector');
    expect(sets.map((s) => [s.cmdlet, s.parameters.Identity])).toEqual([
      ['Set-InboundConnector', 'Gateway by IP'],
      ['Set-InboundConnector', INBOUND],
    ]);
    expect(sets[0].parameters.Name).toBe(INBOUND);
  });

  test('IP addresses the declaration lists are compared as usual and kept', () => {
    const steps = inboundSteps(ipBased());
    expect(steps).toHaveLength(2);
    const keep = planTenant(
      tenant({ adoptExisting: true, objects: [inbound({ SenderIPAddresses: ['203.0.113.25', '203.0.113.26'] })] }),
      { InboundConnector: [ipBased()], OutboundConnector: [], TransportRule: [] },
      LOCAL,
    ).steps;
    expect(keep).toHaveLength(1);
    expect(keep[0].parameters).not.toHaveProperty('SenderIPAddresses');
  });
});
