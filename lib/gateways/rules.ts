/**
 * Validation rules for gateways whose configuration the library deploys (codes CBC030-CBC039;
 * the SEPPmail REST deployment's CBC033-CBC035 are in seppmail-rest/rules.ts).
 */
import type { GatewayModel, TenantModel } from '../core/fleet';
import { RuleDefinition } from '../core/findings';
import { ValidationContext } from '../core/rules/context';
import { finding } from '../core/rules/helpers';
import { sanitiseTenantName } from './document';
import { SEPPMAIL_REST_RULES } from './seppmail-rest/rules';

function tenantsOf(ctx: ValidationContext, gateway: GatewayModel): TenantModel[] {
  return ctx.fleet.tenants.filter((t) => t.gateway.path === gateway.path);
}

export const DeployableCertificate: RuleDefinition<ValidationContext> = {
  code: 'CBC030',
  level: 'error',
  title: 'A gateway with a deployment gets every tenant certificate as a file with its key (PEM with keyFile, or PFX)',
  explanation: 'The apply step puts each tenant certificate and its private key on the gateway; without them the gateway cannot present the certificate and Exchange Online answers 550 5.7.64 TenantAttribution.',
  check: (ctx) =>
    ctx.fleet.gateways
      .filter((g) => g.deployment)
      .flatMap((g) =>
        tenantsOf(ctx, g).flatMap((t) => {
          const ref = t.cbcCertificate?.reference;
          if (ref?.kind === 'pfx' || (ref?.kind === 'pem' && ref.keyFile)) return [];
          const what = !ref || ref.kind === 'name' ? 'no certificate file' : `the PEM file ${ref.file} without a keyFile`;
          return [
            finding('CBC030', 'error', t.path, ref?.file ?? t.cbcCertificateName, `tenant '${t.name}' has ${what}, but its gateway ${g.fqdn} is deployed by the library (${g.deployment!.kind})`, "give cbcCertificate as CertificateSource.fromPemFile(cert, { keyFile }) or CertificateSource.fromPfxFile(pfx, { passwordEnv })"),
          ];
        }),
      ),
};

export const DistinctTransportNames: RuleDefinition<ValidationContext> = {
  code: 'CBC031',
  level: 'error',
  title: "The tenants of a Postfix gateway have distinct transport names (t- plus the tenant's construct id in lower case, letters, digits and '-')",
  explanation: 'Each tenant gets its own Postfix transport and certificate folder by name; two tenants on one name would present one tenant certificate for the other tenant.',
  check: (ctx) =>
    ctx.fleet.gateways
      .filter((g) => g.product === 'postfix')
      .flatMap((g) => {
        const seen = new Map<string, TenantModel>();
        const out = [];
        for (const t of tenantsOf(ctx, g)) {
          const name = sanitiseTenantName(t.name);
          if (!name) {
            out.push(finding('CBC031', 'error', t.path, t.name, `tenant '${t.name}' gives no Postfix transport name (no letter or digit)`, 'use a construct id with letters or digits'));
            continue;
          }
          const other = seen.get(name);
          if (other) out.push(finding('CBC031', 'error', t.path, `t-${name}`, `tenants '${other.name}' and '${t.name}' of the gateway ${g.fqdn} both get the Postfix transport t-${name}`, 'give the tenants construct ids that differ in more than case and punctuation'));
          else seen.set(name, t);
        }
        return out;
      }),
};

export const PostfixWithoutDeployment: RuleDefinition<ValidationContext> = {
  code: 'CBC032',
  level: 'warning',
  title: 'A Postfix gateway has a deployment (PostfixDeployment.files or PostfixDeployment.host)',
  explanation: 'Without one the library configures only Exchange Online: Postfix must present each tenant certificate to that tenant, and no certificate elsewhere, by your own configuration, or mail is misattributed or refused (5.7.64).',
  check: (ctx) =>
    ctx.fleet.gateways
      .filter((g) => g.product === 'postfix' && !g.deployment && tenantsOf(ctx, g).some((t) => !t.retired))
      .map((g) => finding('CBC032', 'warning', g.path, g.fqdn, `the Postfix gateway ${g.fqdn} has no deployment; the library does not configure its per-tenant certificates`, 'use GatewayProfile.postfix({ deployment: PostfixDeployment.files({ outputDir }) }) or PostfixDeployment.host({ configDir }), or configure the transports yourself (README, Deploying certificates to the gateway)')),
};

/** The rules of gateway deployments, in code order. */
export const GATEWAY_DEPLOYMENT_RULES: readonly RuleDefinition<ValidationContext>[] = [DeployableCertificate, DistinctTransportNames, PostfixWithoutDeployment, ...SEPPMAIL_REST_RULES];
