/**
 * Scenario 6, on the wire: a fourth tenant added with `terraform apply` while mail for the three
 * existing tenants keeps flowing through the gateway. Nothing is refused or misattributed during
 * or after the change (the gateway sync reloads Postfix in the middle of it), and the new
 * tenant's mail arrives with its own certificate, attributed to its own connector.
 */
import { describeWire, sleep } from '../helpers/postfix-instance';
import { fingerprintOf, NORTHWIND, WIRE_TENANTS, WireHarness, WireTenant } from '../helpers/wire-harness';

describeWire('on the wire: adding a tenant while mail flows', () => {
  let h: WireHarness;

  beforeAll(async () => {
    h = new WireHarness('add-tenant', 5);
    // The new customer's tenant exists in Exchange Online (with its accepted domains) before we add it.
    h.seed([...WIRE_TENANTS, NORTHWIND]);
    await h.startFrontDoor([...WIRE_TENANTS, NORTHWIND]);
    h.synth(WIRE_TENANTS);
    await h.apply();
  }, 120_000);
  afterAll(async () => h?.cleanup());

  test('6. existing tenants keep receiving during and after the apply; the new tenant receives with its own certificate', async () => {
    const domains = WIRE_TENANTS.flatMap((t) => t.domains.map((d) => ({ tenant: t, domain: d })));
    const flowing: { id: string; tenant: WireTenant }[] = [];
    for (const [i, { tenant, domain }] of domains.entries()) flowing.push({ id: await h.send(`before${i}@${domain}`, 'before'), tenant });

    let sending = true;
    const sender = (async () => {
      for (let i = 0; sending && i < 400; i++) {
        const { tenant, domain } = domains[i % domains.length];
        flowing.push({ id: await h.send(`during${i}@${domain}`, 'during'), tenant });
        await sleep(20);
      }
    })();
    const sessionsBefore = h.store.readSessions().length;
    h.synth([...WIRE_TENANTS, NORTHWIND]);
    const apply = await h.apply();
    sending = false;
    await sender;
    for (const [i, { tenant, domain }] of domains.entries()) flowing.push({ id: await h.send(`after${i}@${domain}`, 'after'), tenant });

    // The gateway got the new tenant's certificate before its connectors were created; only the new tenant converged.
    const lines = apply.stdout.split('\n');
    const synced = lines.findIndex((l) => /Postfix_GatewaySync_\w+: Creation complete/.test(l));
    const converged = lines.findIndex((l) => /Northwind_Converge_\w+: Provisioning with/.test(l));
    expect(synced).toBeGreaterThan(-1);
    expect(converged).toBeGreaterThan(synced);
    for (const t of WIRE_TENANTS) expect(apply.stdout).not.toMatch(new RegExp(`${t.id}_Converge_\\w+: Creating`));
    expect(h.store.readSessions().slice(sessionsBefore).map((s) => s.organization)).toEqual([NORTHWIND.initialDomain]);

    const newcomer = [await h.send('first@northwind.com', 'new-tenant'), await h.send('second@northwind.com', 'new-tenant')];
    await h.waitForDelivery([...flowing.map((f) => f.id), ...newcomer]);
    await h.waitForEmptyQueue();

    expect(flowing.filter((f) => /during/.test(f.id)).length).toBeGreaterThanOrEqual(3);
    expect(h.door.refusals).toEqual([]);
    for (const { id, tenant } of flowing) {
      const records = h.recordsOf(id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ tenant: tenant.initialDomain, connector: h.inboundConnectorOf(tenant).Name });
      expect(records[0].presented?.fingerprint).toBe(fingerprintOf(tenant.certificate));
    }
    const northwindConnector = h.inboundConnectorOf(NORTHWIND);
    expect(northwindConnector.TlsSenderCertificateName).toBe(NORTHWIND.cbcCertificateName);
    for (const id of newcomer) {
      const records = h.recordsOf(id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ tenant: NORTHWIND.initialDomain, connector: northwindConnector.Name, listener: `${h.mxHost(NORTHWIND)}:${h.port}` });
      expect(records[0].presented?.fingerprint).toBe(fingerprintOf(NORTHWIND.certificate));
      expect(records[0].presented?.names).toContain(NORTHWIND.cbcCertificateName);
    }
    // No message of an existing tenant was deferred more than once by the change.
    const attempts = h.postfix.deliveries();
    for (const { id } of flowing) expect((attempts.get(id) ?? []).filter((s) => s === 'deferred').length).toBeLessThanOrEqual(1);
  }, 90_000);
});
