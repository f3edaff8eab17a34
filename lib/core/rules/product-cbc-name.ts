import { defineRule } from '../findings';
import { canonicalName } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';

export const ProductCbcName = defineRule<ValidationContext>(
  {
    code: 'CBC052',
    level: 'error',
    title: 'A declared cbcCertificateName equals the name the product derives (SEPPmail.cloud: `<tenant id>.<region>.seppmail.cloud`)',
    explanation: "SEPPmail.cloud presents its own per-tenant certificate, named after the tenant id and the region; an inbound connector that expects another name never matches it, and the tenant's mail from the cloud is rejected with 550 5.7.64 or not attributed to it.",
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      const declared = t.declaredCbcCertificateName;
      if (declared === undefined || canonicalName(declared) === canonicalName(t.cbcCertificateName)) continue;
      report(t.path, `tenant '${t.name}' declares the certificate name '${shownName(declared)}', but its ${t.gateway.product} gateway presents '${shownName(t.cbcCertificateName)}'`, `leave cbcCertificateName out (the profile derives it), or set it to '${shownName(t.cbcCertificateName)}'`, declared);
    }
  },
);
