import { RuleDefinition } from '../findings';
import { namesOverlap } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';
import { namesDerivedByProduct } from './profile-aware';

export const GatewayCertificateOverlap: RuleDefinition<ValidationContext> = {
  code: 'CBC015',
  level: 'error',
  title: "A tenant's CBC name differs from the gateway's own certificate name",
  explanation: 'The gateway presents its own certificate when it delivers anywhere else; if that certificate also matches a tenant connector, mail the gateway relays for others is attributed to that tenant.',
  check: (ctx) =>
    activeTenants(ctx).flatMap((t) =>
      // SEPPmail.cloud: `*.<region>.seppmail.cloud` is the smart hosts' server certificate, and the cloud presents
      // `<tenant id>.<region>.seppmail.cloud` only to that tenant; both are the vendor's (CBC052).
      !namesDerivedByProduct(t.gateway) && namesOverlap(t.gateway.tlsCertificateName, t.cbcCertificateName)
        ? [finding('CBC015', 'error', t.path, t.cbcCertificateName, `certificate name '${shownName(t.cbcCertificateName)}' of tenant '${t.name}' overlaps the gateway's own certificate name '${shownName(t.gateway.tlsCertificateName)}'`, 'use a separate, tenant-specific certificate for the connector; keep the gateway certificate for the smart host')]
        : [],
    ),
};
