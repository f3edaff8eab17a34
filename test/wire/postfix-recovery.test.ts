/**
 * Scenario 5, on the wire: Exchange Online refusing for a while (451 4.7.500), and the gateway's
 * Postfix stopped and started. Mail stays queued (checked with `postqueue -j`, message by
 * message), nothing is lost, and after recovery every message is delivered once, to its own
 * tenant, with its own certificate.
 */
import { describeWire, waitUntil } from '../helpers/postfix-instance';
import { fingerprintOf, WIRE_TENANTS, WireHarness } from '../helpers/wire-harness';

describeWire('on the wire: refusals and restarts lose no mail', () => {
  let h: WireHarness;

  beforeAll(async () => {
    h = new WireHarness('recovery', 4);
    h.seed(WIRE_TENANTS);
    await h.startFrontDoor(WIRE_TENANTS);
    h.synth(WIRE_TENANTS);
    await h.apply();
  }, 120_000);
  afterAll(async () => h?.cleanup());

  /** Two messages per tenant: one to each of its first two domains (or twice to its only one). */
  async function sendToEveryTenant(label: string): Promise<{ id: string; tenant: (typeof WIRE_TENANTS)[number] }[]> {
    const out: { id: string; tenant: (typeof WIRE_TENANTS)[number] }[] = [];
    for (const tenant of WIRE_TENANTS) {
      for (const i of [0, 1]) out.push({ id: await h.send(`user${i}@${tenant.domains[i % tenant.domains.length]}`, label), tenant });
    }
    return out;
  }

  function expectDeliveredOnceToOwnTenant(sent: { id: string; tenant: (typeof WIRE_TENANTS)[number] }[]): void {
    for (const { id, tenant } of sent) {
      const records = h.recordsOf(id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ tenant: tenant.initialDomain, connector: h.inboundConnectorOf(tenant).Name });
      expect(records[0].presented?.fingerprint).toBe(fingerprintOf(tenant.certificate));
    }
  }

  /** The queues a deferred message is in until it is sent: deferred, or incoming/active for its retry. */
  const RETRYING = ['deferred', 'incoming', 'active'];

  /**
   * Waits until each message has been deferred with `what` at least once: it is in the queue with
   * that delay reason (a reason is only recorded by a deferral). With the instance's 1–2 s
   * backoff a deferred message goes back to the incoming or active queue for its retry, and may
   * wait there, so the deferred queue alone seldom holds them all at one moment.
   */
  async function waitUntilDeferred(ids: string[], what: RegExp): Promise<void> {
    const seen = new Set<string>();
    await waitUntil(
      () => {
        for (const q of h.queued()) if (RETRYING.includes(q.queue) && what.test(q.reason)) seen.add(q.messageId);
        return ids.every((id) => seen.has(id));
      },
      20_000,
      () => `not all deferred with ${what}: ${JSON.stringify(h.queued())}`,
    );
  }

  test('5a. while the front door answers 451 the mail stays queued; after it recovers each message arrives once', async () => {
    h.door.failTemporarily(1_000_000);
    const sent = await sendToEveryTenant('refused');
    const ids = sent.map((s) => s.id);
    await waitUntilDeferred(ids, /451 4\.7\.500 Server busy/);
    // Postfix keeps retrying (1-2 s backoff); each retry is refused again and the mail stays queued.
    const refusedOnce = h.door.refusals.length;
    await waitUntil(() => h.door.refusals.length >= refusedOnce + ids.length, 20_000, () => `no retries: ${h.door.refusals.length} refusals`);
    expect(h.door.refusals.every((r) => r.code === 451)).toBe(true);
    expect(h.queued().map((q) => q.messageId).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(h.recordsOf(id)).toEqual([]);

    h.door.failTemporarily(0);
    await h.waitForDelivery(ids);
    await h.waitForEmptyQueue();
    expectDeliveredOnceToOwnTenant(sent);
    const attempts = h.postfix.deliveries();
    for (const id of ids) {
      const statuses = attempts.get(id) ?? [];
      expect(statuses.filter((s) => s === 'deferred').length).toBeGreaterThanOrEqual(2);
      expect(statuses.filter((s) => s === 'sent')).toEqual(['sent']);
    }
  }, 60_000);

  test('5b. with Postfix stopped the queue keeps every message, including mail submitted meanwhile; after a start all arrive once', async () => {
    h.door.failTemporarily(1_000_000);
    const sent = await sendToEveryTenant('stopped');
    await waitUntilDeferred(
      sent.map((s) => s.id),
      /451/,
    );
    h.postfix.stop();
    expect(h.postfix.isRunning()).toBe(false);
    // Submitted while the gateway is down: postdrop leaves it in the maildrop queue.
    const whileDown = WIRE_TENANTS.map((tenant) => ({ id: h.sendmail(`late@${tenant.domains[0]}`, 'while-down'), tenant }));
    const all = [...sent, ...whileDown];
    // With the instance stopped, postqueue reads the queue files directly.
    // Each message sent before the stop is kept with its 451 reason: in the deferred queue, or in
    // the incoming or active queue when the stop came during its retry.
    const queued = h.postfix.queue();
    expect(queued.filter((q) => RETRYING.includes(q.queue_name))).toHaveLength(sent.length);
    expect(queued.filter((q) => q.queue_name === 'maildrop')).toHaveLength(whileDown.length);
    const kept = h.queued().filter((q) => RETRYING.includes(q.queue) && /451/.test(q.reason));
    expect(kept.map((q) => q.messageId).sort()).toEqual(sent.map((s) => s.id).sort());

    h.door.failTemporarily(0);
    h.postfix.start();
    await h.waitForDelivery(all.map((s) => s.id));
    await h.waitForEmptyQueue();
    expectDeliveredOnceToOwnTenant(all);
  }, 60_000);
});
