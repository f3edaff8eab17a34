/**
 * Tenant isolation on the wire (scenarios 1 and 2): a fleet of three tenants with five domains,
 * deployed with the real Terraform into a private Postfix instance and the simulated Exchange
 * Online; mail submitted to that Postfix arrives at the stand-in front door, which attributes each
 * connection from the connectors the simulated Exchange Online holds after the apply.
 */
import { describeWire } from '../helpers/postfix-instance';
import { fingerprintOf, WIRE_TENANTS, WireHarness } from '../helpers/wire-harness';

describeWire('on the wire: tenant isolation through a real Postfix', () => {
  let h: WireHarness;
  const fingerprints = new Map(WIRE_TENANTS.map((t) => [t.id, fingerprintOf(t.certificate)]));

  beforeAll(async () => {
    h = new WireHarness('isolation', 1);
    h.seed(WIRE_TENANTS);
    await h.startFrontDoor(WIRE_TENANTS);
    h.synth(WIRE_TENANTS);
    await h.apply();
  }, 120_000);
  afterAll(async () => h?.cleanup());

  test('1. mail to each of the five domains arrives at its tenant, attributed to its CBC connector, with its certificate only', async () => {
    const sent: { tenant: (typeof WIRE_TENANTS)[number]; domain: string; id: string }[] = [];
    for (const tenant of WIRE_TENANTS) {
      for (const domain of tenant.domains) {
        for (const user of ['bob', 'carol']) sent.push({ tenant, domain, id: await h.send(`${user}@${domain}`, `to-${domain}`) });
      }
    }
    expect(sent).toHaveLength(10);
    await h.waitForDelivery(sent.map((s) => s.id));

    for (const { tenant, domain, id } of sent) {
      const records = h.recordsOf(id);
      expect(records).toHaveLength(1);
      const [r] = records;
      const connector = h.inboundConnectorOf(tenant);
      expect({ domain, tenant: r.tenant, connector: r.connector, listener: r.listener }).toEqual({
        domain,
        tenant: tenant.initialDomain,
        connector: connector.Name,
        listener: `${h.mxHost(tenant)}:${h.port}`,
      });
      expect(r.presented?.fingerprint).toBe(fingerprints.get(tenant.id));
      expect(r.presented?.names).toContain(connector.TlsSenderCertificateName);
      for (const other of WIRE_TENANTS.filter((o) => o.id !== tenant.id)) {
        expect(r.presented?.fingerprint).not.toBe(fingerprints.get(other.id));
        expect(r.tenant).not.toBe(other.initialDomain);
      }
    }
    expect(h.door.refusals).toEqual([]);
    expect(h.postfix.queue()).toEqual([]);
    // Postfix verified the front door's certificate against the test root (exoCaFile) on every tenant's next hop.
    const log = h.postfix.log();
    for (const t of WIRE_TENANTS) expect(log).toContain(`Verified TLS connection established to ${h.mxHost(t)}[${h.mxHost(t)}]:${h.port}`);
  });

  test('2. mail to a domain no tenant owns leaves through the default transport without a client certificate', async () => {
    const ids = [await h.send('dave@elsewhere.example', 'unowned'), await h.send('erin@partner.example.org', 'unowned')];
    await h.waitForDelivery(ids);
    for (const id of ids) {
      const records = h.recordsOf(id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ listener: h.internetListener, presented: null, tenant: null, connector: null });
    }
    // The default transport is Postfix's own smtp service, not a tenant transport.
    const log = h.postfix.log();
    expect(log).toMatch(/postfix-exo-wire-isolation\/smtp\[\d+\]: [0-9A-F]+: to=<dave@elsewhere\.example>, relay=127\.0\.1\.29\[127\.0\.1\.29\]:\d+, .*status=sent/);
    expect(h.door.refusals).toEqual([]);
  });
});
