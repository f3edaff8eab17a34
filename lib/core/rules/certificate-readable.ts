import { Finding, RuleDefinition } from '../findings';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

export const CertificateReadable: RuleDefinition<ValidationContext> = {
  code: 'CBC020',
  level: 'error',
  title: 'A certificate given as a file can be read (PEM, or PFX with the right password)',
  explanation: 'A certificate that synth cannot read cannot be checked, and the gateway would not be able to present it either.',
  check: (ctx) => {
    const out: Finding[] = [];
    for (const g of ctx.fleet.gateways) {
      const e = g.tlsCertificate?.load.error;
      if (e) out.push(finding('CBC020', 'error', g.path, g.tlsCertificate!.reference.file ?? '', `the gateway TLS certificate of ${g.fqdn} cannot be read: ${e}`, 'give a PEM file with the certificate and its chain, or a PFX and its password variable (passwordEnv)'));
    }
    for (const t of activeTenants(ctx)) {
      const e = t.cbcCertificate?.load.error;
      if (e) out.push(finding('CBC020', 'error', t.path, t.cbcCertificate!.reference.file ?? '', `the CBC certificate of tenant '${t.name}' cannot be read: ${e}`, 'give a PEM file with the certificate and its chain, or a PFX and its password variable (passwordEnv)'));
    }
    return out;
  },
};
