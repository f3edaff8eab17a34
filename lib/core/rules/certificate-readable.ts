import { defineRule } from '../findings';
import { activeTenants, ValidationContext } from './context';

const FIX = 'give a PEM file with the certificate and its chain, or a PFX and its password variable (passwordEnv)';

export const CertificateReadable = defineRule<ValidationContext>(
  {
    code: 'CBC020',
    level: 'error',
    title: 'A certificate given as a file can be read (PEM, or PFX with the right password)',
    explanation: 'A certificate that synth cannot read cannot be checked, and the gateway would not be able to present it either.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      const e = g.tlsCertificate?.load.error;
      if (e) report(g.path, `the gateway TLS certificate of ${g.fqdn} cannot be read: ${e}`, FIX, g.tlsCertificate!.reference.file ?? '');
    }
    for (const t of activeTenants(ctx)) {
      const e = t.cbcCertificate?.load.error;
      if (e) report(t.path, `the CBC certificate of tenant '${t.name}' cannot be read: ${e}`, FIX, t.cbcCertificate!.reference.file ?? '');
    }
  },
);
