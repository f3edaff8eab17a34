import { RuleDefinition, Finding } from '../findings';
import { namesOverlap } from '../names';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

export const CbcNameUnique: RuleDefinition<ValidationContext> = {
  code: 'CBC004',
  level: 'error',
  title: 'No two tenants share a CBC certificate name, directly or through a wildcard',
  explanation: "Exchange Online attributes a connection to the tenant whose connector matches the certificate; a shared or overlapping name lets one customer's mail be processed in another customer's tenant, or loop.",
  check: (ctx) => {
    const tenants = activeTenants(ctx);
    const out: Finding[] = [];
    for (let i = 0; i < tenants.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = tenants[j];
        const b = tenants[i];
        if (namesOverlap(a.cbcCertificateName, b.cbcCertificateName)) {
          const how = a.cbcCertificateName.toLowerCase() === b.cbcCertificateName.toLowerCase() ? 'is also used by' : 'overlaps through a wildcard with';
          out.push(finding('CBC004', 'error', b.path, b.cbcCertificateName, `certificate name '${b.cbcCertificateName}' of tenant '${b.name}' ${how} '${a.cbcCertificateName}' of tenant '${a.name}'`, 'give each tenant its own certificate, named after one of its own domains'));
        }
      }
    }
    return out;
  },
};
