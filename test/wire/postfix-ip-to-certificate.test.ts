/**
 * Scenario 7, on the wire: a tenant whose gateway connector was made by hand and identifies the
 * gateway by its IP address moves to its certificate while mail flows (a message every 100 ms).
 *
 * Before: Northwind's mail leaves the gateway by its default route to Northwind's front door,
 * without a tenant certificate, and is attributed by the source address through an OnPremises
 * inbound connector listing `SenderIPAddresses 127.0.0.1`. One `terraform apply` of the
 * declaration (adoptExisting, the connector under its declared name) then: deploys Northwind's
 * certificate to the gateway (gateway sync), sets the certificate name on the same connector, and
 * drops its IP address. No message is refused, none is attributed to another tenant or treated
 * as anonymous Internet mail at any step, and afterwards Northwind's mail is attributed by its
 * certificate only.
 */
import { POSTFIX_NAMES } from '../../lib/profiles/postfix';
import { describeWire, sleep } from '../helpers/postfix-instance';
import { fingerprintOf, NORTHWIND, WIRE_TENANTS, WireHarness } from '../helpers/wire-harness';

describeWire('on the wire: an IP-based connector moves to the certificate while mail flows', () => {
  let h: WireHarness;
  const contoso = WIRE_TENANTS.find((t) => t.id === 'Contoso')!;
  const CONNECTOR = POSTFIX_NAMES.inboundConnector;
  let guid: unknown;

  beforeAll(async () => {
    // Domains no tenant declares leave by the default route, here Northwind's front door.
    h = new WireHarness('ip-to-cbc', 6, NORTHWIND.mxOctet);
    h.seed([...WIRE_TENANTS, NORTHWIND]);
    guid = h.store.putForeignObject(NORTHWIND.initialDomain, 'InboundConnector', {
      Name: CONNECTOR,
      ConnectorType: 'OnPremises',
      SenderDomains: ['*'],
      SenderIPAddresses: ['127.0.0.1'],
      RequireTls: true,
      Comment: 'Gateway, identified by its address (made in the admin center)',
    }).Guid;
    await h.startFrontDoor([...WIRE_TENANTS, NORTHWIND]);
    h.synth(WIRE_TENANTS);
    await h.apply();
  }, 120_000);
  afterAll(async () => h?.cleanup());

  test('7. before: attributed by address; without the address (wrong order) the same mail would be anonymous', async () => {
    const byIp = await h.send('before@northwind.com', 'by-ip');
    await h.waitForDelivery([byIp]);
    expect(h.recordsOf(byIp)[0]).toMatchObject({ tenant: NORTHWIND.initialDomain, connector: CONNECTOR, attributedBy: 'ip' });
    expect(h.recordsOf(byIp)[0].presented?.fingerprint).not.toBe(fingerprintOf(NORTHWIND.certificate));

    // Control: the address dropped before the certificate is presented leaves the message unattributed.
    h.store.editObject(NORTHWIND.initialDomain, 'InboundConnector', CONNECTOR, { SenderIPAddresses: [] });
    const anonymous = await h.send('control@northwind.com', 'anonymous');
    await h.waitForDelivery([anonymous]);
    expect(h.recordsOf(anonymous)[0]).toMatchObject({ tenant: NORTHWIND.initialDomain, connector: null, attributedBy: null });
    h.store.editObject(NORTHWIND.initialDomain, 'InboundConnector', CONNECTOR, { SenderIPAddresses: ['127.0.0.1'] });
  }, 60_000);

  test('7. one apply moves the connector in place, in order, and every message reaches its tenant through a connector', async () => {
    const flowing: { id: string; tenant: string; sentAt: number }[] = [];
    let sending = true;
    const sender = (async () => {
      // One message every 100 ms (measured from the start of each send), every fifth to Contoso as a control.
      for (let i = 0; sending && i < 1200; i++) {
        const started = Date.now();
        const toContoso = i % 5 === 4;
        const id = await h.send(toContoso ? `flow${i}@${contoso.domains[0]}` : `flow${i}@northwind.com`, 'during');
        flowing.push({ id, tenant: toContoso ? contoso.initialDomain : NORTHWIND.initialDomain, sentAt: started });
        await sleep(Math.max(0, 100 - (Date.now() - started)));
      }
    })();
    await sleep(500);
    h.synth([...WIRE_TENANTS, { ...NORTHWIND, adoptExisting: true }]);
    const applyStarted = Date.now();
    const apply = await h.apply();
    const applyEnded = Date.now();
    // Mail keeps flowing after the apply too, until there are at least 20 messages in all.
    await sleep(500);
    while (flowing.length < 20) await sleep(100);
    sending = false;
    await sender;
    const after = [await h.send('after1@northwind.com', 'after'), await h.send('after2@northwind.com', 'after')];

    // Order: the gateway presents the certificate before Northwind converges; the converge sets
    // the name on the existing connector, then drops the address; nothing is removed or created.
    const lines = apply.stdout.split('\n');
    const synced = lines.findIndex((l) => /Postfix_GatewaySync_\w+: Creation complete/.test(l));
    const converging = lines.findIndex((l) => /Northwind_Converge_\w+: Provisioning with/.test(l));
    expect(synced).toBeGreaterThan(-1);
    expect(converging).toBeGreaterThan(synced);
    const named = lines.findIndex((l) => /Set-InboundConnector/.test(l) && /TlsSenderCertificateName/.test(l));
    const dropped = lines.findIndex((l) => /Set-InboundConnector/.test(l) && /SenderIPAddresses/.test(l));
    expect(named).toBeGreaterThan(converging);
    expect(dropped).toBeGreaterThan(named);
    expect(apply.stdout).not.toMatch(/(New|Remove)-InboundConnector '\[Postfix\]/);

    const connectors = h.store.objects(NORTHWIND.initialDomain, 'InboundConnector');
    expect(connectors).toHaveLength(1);
    expect(connectors[0]).toMatchObject({ Guid: guid, Name: CONNECTOR, TlsSenderCertificateName: NORTHWIND.cbcCertificateName });
    expect(connectors[0].SenderIPAddresses ?? []).toEqual([]);

    await h.waitForDelivery([...flowing.map((f) => f.id), ...after]);
    await h.waitForEmptyQueue();
    // The apply takes a few seconds: at a message every 100 ms, several were sent while it ran.
    expect(flowing.filter((f) => f.sentAt >= applyStarted && f.sentAt <= applyEnded).length).toBeGreaterThanOrEqual(5);
    expect(flowing.length).toBeGreaterThanOrEqual(20);
    expect(h.door.refusals).toEqual([]);
    const northwind = flowing.filter((f) => f.tenant === NORTHWIND.initialDomain);
    for (const { id, tenant } of flowing) {
      const records = h.recordsOf(id);
      expect(records).toHaveLength(1);
      expect(records[0].tenant).toBe(tenant);
      // Never anonymous: each message came in through its tenant's connector, by address or by certificate.
      expect(records[0].connector).not.toBeNull();
    }
    // Northwind's mail switched from the address to the certificate during the apply.
    const ways = northwind.map((f) => h.recordsOf(f.id)[0].attributedBy);
    expect(ways[0]).toBe('ip');
    expect(ways[ways.length - 1]).toBe('certificate');
    for (const id of after) {
      expect(h.recordsOf(id)[0]).toMatchObject({ tenant: NORTHWIND.initialDomain, connector: CONNECTOR, attributedBy: 'certificate' });
      expect(h.recordsOf(id)[0].presented?.fingerprint).toBe(fingerprintOf(NORTHWIND.certificate));
    }
  }, 150_000);
});
