/**
 * Scenario 3, on the wire: a tenant certificate rotated under the same name (new key and
 * certificate, test/fixtures/pki/contoso-rotated.pem). Re-synth and `terraform apply` run the
 * gateway sync only (no Exchange session: the connector's name is unchanged); mail keeps flowing
 * while Postfix is reloaded, and connections made after the apply present the new certificate.
 */
import { describeWire, sleep } from '../helpers/postfix-instance';
import { fingerprintOf, WIRE_TENANTS, WireHarness, WireTenant } from '../helpers/wire-harness';

describeWire('on the wire: certificate rotation with the same name', () => {
  let h: WireHarness;
  const contoso = WIRE_TENANTS.find((t) => t.id === 'Contoso')!;
  const rotated: WireTenant[] = WIRE_TENANTS.map((t) => (t.id === 'Contoso' ? { ...t, certificate: 'contoso-rotated' } : t));
  const OLD = fingerprintOf('contoso');
  const NEW = fingerprintOf('contoso-rotated');

  beforeAll(async () => {
    h = new WireHarness('rotation', 2);
    h.seed(WIRE_TENANTS);
    await h.startFrontDoor(WIRE_TENANTS);
    h.synth(WIRE_TENANTS);
    await h.apply();
  }, 120_000);
  afterAll(async () => h?.cleanup());

  test('3. after the apply new connections present the new certificate; no message is lost or deferred more than once', async () => {
    expect(OLD).not.toBe(NEW);
    const before = [await h.send('bob@contoso.com', 'before'), await h.send('bob@contoso.ch', 'before')];
    await h.waitForDelivery(before);
    for (const id of before) expect(h.recordsOf(id)[0].presented?.fingerprint).toBe(OLD);

    // Mail to Contoso (and, as a control, Fabrikam) keeps coming while the rotation is deployed.
    const during: { id: string; tenant: string }[] = [];
    let sending = true;
    const sender = (async () => {
      for (let i = 0; sending && i < 400; i++) {
        during.push({ id: await h.send(i % 3 === 2 ? 'carol@fabrikam.com' : `carol@${contoso.domains[i % 2]}`, 'during'), tenant: i % 3 === 2 ? 'Fabrikam' : 'Contoso' });
        await sleep(20);
      }
    })();
    const sessions = h.store.readSessions().length;
    h.synth(rotated);
    const apply = await h.apply();
    sending = false;
    await sender;
    const appliedAt = Date.now();

    // The certificate changed, its name did not: the gateway sync ran, no tenant converged, no Exchange session opened.
    expect(apply.stdout).toMatch(/Postfix_GatewaySync_\w+: Creation complete/);
    expect(apply.stdout).not.toMatch(/_Converge_\w+: Creating/);
    expect(h.store.readSessions().length).toBe(sessions);

    const after = [await h.send('dave@contoso.com', 'after'), await h.send('dave@contoso.ch', 'after'), await h.send('erin@contoso.com', 'after')];
    const all = [...before, ...during.map((d) => d.id), ...after];
    await h.waitForDelivery(all);

    const connector = h.inboundConnectorOf(contoso).Name;
    for (const id of after) {
      const [r] = h.recordsOf(id);
      expect(r).toMatchObject({ tenant: contoso.initialDomain, connector });
      expect(r.presented?.fingerprint).toBe(NEW);
    }
    // Every connection opened after the apply presented the new certificate.
    const contosoRecords = h.door.records.filter((r) => r.tenant === contoso.initialDomain);
    const firstSeen = new Map<string, number>();
    for (const r of contosoRecords) if (!firstSeen.has(r.connection)) firstSeen.set(r.connection, r.receivedAt);
    for (const r of contosoRecords.filter((x) => firstSeen.get(x.connection)! > appliedAt)) expect(r.presented?.fingerprint).toBe(NEW);
    // During the change each message carried one of the two certificates and reached its own tenant.
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (const d of during) {
      const [r] = h.recordsOf(d.id);
      const tenant = WIRE_TENANTS.find((t) => t.id === d.tenant)!;
      expect(r.tenant).toBe(tenant.initialDomain);
      expect([...(d.tenant === 'Contoso' ? [OLD, NEW] : [fingerprintOf(tenant.certificate)])]).toContain(r.presented?.fingerprint);
    }
    // Nothing lost, nothing delivered twice, nothing refused, nothing deferred longer than one retry.
    for (const id of all) expect(h.recordsOf(id)).toHaveLength(1);
    expect(h.door.refusals).toEqual([]);
    const attempts = h.postfix.deliveries();
    for (const id of all) {
      const statuses = attempts.get(id) ?? [];
      expect({ id, deferred: statuses.filter((s) => s === 'deferred').length <= 1, sent: statuses.filter((s) => s === 'sent').length }).toEqual({ id, deferred: true, sent: 1 });
    }
    await h.waitForEmptyQueue();
    for (const id of all) expect(h.recordsOf(id)).toHaveLength(1);
  }, 90_000);
});
