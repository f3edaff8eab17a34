import { defineRule } from '../findings';
import { namesOverlap } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';
import { namesDerivedByProduct } from './profile-aware';

export const GatewayCertificateOverlap = defineRule<ValidationContext>(
  {
    code: 'CBC015',
    level: 'error',
    title: "A tenant's CBC name differs from the gateway's own certificate name",
    explanation: 'The gateway presents its own certificate when it delivers anywhere else; if that certificate also matches a tenant connector, mail the gateway relays for others is attributed to that tenant.',
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      // SEPPmail.cloud: `*.<region>.seppmail.cloud` is the smart hosts' server certificate, and the cloud presents
      // `<tenant id>.<region>.seppmail.cloud` only to that tenant; both are the vendor's (CBC052).
      if (namesDerivedByProduct(t.gateway) || !namesOverlap(t.gateway.tlsCertificateName, t.cbcCertificateName)) continue;
      report(t.path, `certificate name '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' overlaps the gateway's own certificate name '${shownName(t.gateway.tlsCertificateName)}'`, 'use a separate, tenant-specific certificate for the connector; keep the gateway certificate for the smart host', t.cbcCertificateName);
    }
  },
);
