/**
 * Scenario 4, on the wire: why no two tenants may share a certificate (CBC004, CBC028).
 *
 * The declaration gives Fabrikam the certificate (and name) of Contoso. The validator rejects it,
 * so synth never produces it; the test forces it past validation by deploying exactly what that
 * declaration describes without synth: its gateway document, synced with the Postfix adapter, and
 * Fabrikam's desired state, converged into the simulated Exchange Online. The stand-in front
 * door then attributes Fabrikam's mail to Contoso's tenant: the misattribution the rules prevent.
 */
import { Testing } from 'cdktf';
import { defaultContext } from '../../lib/gateways/adapter';
import { postfixAdapter } from '../../lib/gateways/postfix/adapter';
import { GatewayDocument } from '../../lib/gateways/types';
import { describeWire } from '../helpers/postfix-instance';
import { synthWithAnnotations } from '../helpers/synth';
import { CHECK_CONTEXT, fingerprintOf, WIRE_TENANTS, WireHarness, WireTenant } from '../helpers/wire-harness';

describeWire('on the wire: two tenants sharing a certificate', () => {
  let h: WireHarness;
  const contoso = WIRE_TENANTS.find((t) => t.id === 'Contoso')!;
  const fabrikam = WIRE_TENANTS.find((t) => t.id === 'Fabrikam')!;
  /** Fabrikam declared with Contoso's certificate and certificate name. */
  const shared: WireTenant[] = WIRE_TENANTS.map((t) => (t.id === 'Fabrikam' ? { ...t, certificate: contoso.certificate, cbcCertificateName: contoso.cbcCertificateName } : t));

  beforeAll(async () => {
    h = new WireHarness('misattribution', 3);
    h.seed(WIRE_TENANTS);
    await h.startFrontDoor(WIRE_TENANTS);
    h.synth(WIRE_TENANTS);
    await h.apply();
  }, 120_000);
  afterAll(async () => h?.cleanup());

  test('4. forced past validation, a shared certificate puts one tenant\'s mail into another tenant; CBC004 and CBC028 reject the declaration', async () => {
    // Correctly deployed first: Fabrikam's mail reaches Fabrikam.
    const correct = await h.send('bob@fabrikam.com', 'correct');
    await h.waitForDelivery([correct]);
    expect(h.recordsOf(correct)[0]).toMatchObject({ tenant: fabrikam.initialDomain, connector: h.inboundConnectorOf(fabrikam).Name });

    // The validator rejects the declaration.
    const stack = h.declare(shared, Testing.app({ context: CHECK_CONTEXT }));
    const { errors } = synthWithAnnotations(stack);
    const onFabrikam = errors.filter((e) => e.startsWith('[wire/Fabrikam]'));
    expect(onFabrikam).toEqual(expect.arrayContaining([expect.stringContaining('CBC004:'), expect.stringContaining('CBC028:')]));

    // Forced past validation: what the declaration's apply would deploy, without synth.
    const log: string[] = [];
    const gatewayDocument = stack.gateway._gatewayDocument() as GatewayDocument;
    expect(gatewayDocument.deployment).toMatchObject({ kind: 'postfix-host', configDir: h.postfix.configDir });
    await postfixAdapter.sync(gatewayDocument, defaultContext(process.env, (l) => log.push(l)));
    await h.convergeDirectly(stack.tenants.get('Fabrikam')!, (l) => log.push(l));
    expect(h.inboundConnectorOf(fabrikam).TlsSenderCertificateName).toBe(contoso.cbcCertificateName);

    const toFabrikam = [await h.send('carol@fabrikam.com', 'shared'), await h.send('carol@fabrikam-mail.de', 'shared')];
    const toContoso = await h.send('carol@contoso.com', 'shared');
    await h.waitForDelivery([...toFabrikam, toContoso]);
    const contosoConnector = h.inboundConnectorOf(contoso).Name;
    for (const id of toFabrikam) {
      const [r] = h.recordsOf(id);
      // Postfix delivered it on Fabrikam's transport, to Fabrikam's Exchange Online MX ...
      expect(r.listener).toBe(`${h.mxHost(fabrikam)}:${h.port}`);
      expect(r.rcptTo[0]).toMatch(/@fabrikam/);
      // ... presenting the shared certificate, so Exchange Online processed it in Contoso's tenant.
      expect(r.presented?.fingerprint).toBe(fingerprintOf(contoso.certificate));
      expect(r).toMatchObject({ tenant: contoso.initialDomain, connector: contosoConnector });
      expect(r.tenant).not.toBe(fabrikam.initialDomain);
    }
    expect(h.recordsOf(toContoso)[0]).toMatchObject({ tenant: contoso.initialDomain, connector: contosoConnector });
  }, 60_000);
});
