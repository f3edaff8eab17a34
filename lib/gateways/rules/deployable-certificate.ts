import { defineRule } from '../../core/findings';
import { ValidationContext } from '../../core/rules/context';
import { tenantsOf } from './tenants-of';

export const DeployableCertificate = defineRule<ValidationContext>(
  {
    code: 'CBC030',
    level: 'error',
    title: 'A gateway with a deployment gets every tenant certificate as a file with its key (PEM with keyFile, or PFX)',
    explanation: 'The apply step puts each tenant certificate and its private key on the gateway; without them the gateway cannot present the certificate and Exchange Online answers 550 5.7.64 TenantAttribution.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      if (!g.deployment) continue;
      for (const t of tenantsOf(ctx, g)) {
        const ref = t.cbcCertificate?.reference;
        if (ref?.kind === 'pfx' || (ref?.kind === 'pem' && ref.keyFile)) continue;
        const what = !ref || ref.kind === 'name' ? 'no certificate file' : `the PEM file ${ref.file} without a keyFile`;
        report(t.path, `tenant '${t.name}' has ${what}, but its gateway ${g.fqdn} is deployed by the library (${g.deployment.kind})`, 'give cbcCertificate as CertificateSource.fromPemFile(cert, { keyFile }) or CertificateSource.fromPfxFile(pfx, { passwordEnv })', ref?.file ?? t.cbcCertificateName);
      }
    }
  },
);
