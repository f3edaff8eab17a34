/**
 * Validation rules of the SEPPmail REST deployment (codes CBC033-CBC035).
 */
import type { GatewayModel, TenantModel } from '../../core/fleet';
import { Finding, RuleDefinition } from '../../core/findings';
import { ValidationContext } from '../../core/rules/context';
import { finding } from '../../core/rules/helpers';
import { customerNameOf, DOMAIN_NAME_PATTERN } from './types';

function seppmailGateways(ctx: ValidationContext): GatewayModel[] {
  return ctx.fleet.gateways.filter((g) => g.seppmailRest);
}

function tenantsOf(ctx: ValidationContext, gateway: GatewayModel): TenantModel[] {
  return ctx.fleet.tenants.filter((t) => t.gateway.path === gateway.path);
}

export const SeppmailCustomerNames: RuleDefinition<ValidationContext> = {
  code: 'CBC033',
  level: 'error',
  title: "The tenants of a SEPPmail REST deployment get distinct customer names (customerPrefix plus the tenant's construct id: letters, digits, '-', '_'; case ignored)",
  explanation: 'Each tenant is one customer on the appliance, found by name; two tenants on one name would share one customer, and the sync would move their managed domains between them on every run.',
  check: (ctx) =>
    seppmailGateways(ctx).flatMap((g) => {
      const prefix = g.seppmailRest!.customerPrefix;
      const seen = new Map<string, TenantModel>();
      const out: Finding[] = [];
      for (const t of tenantsOf(ctx, g)) {
        const name = customerNameOf(prefix, t.name);
        if (!name) {
          out.push(finding('CBC033', 'error', t.path, t.name, `tenant '${t.name}' gives no SEPPmail customer name (no letter, digit, '-' or '_')`, 'use a construct id with letters or digits'));
          continue;
        }
        const other = seen.get(name.toLowerCase());
        if (other) out.push(finding('CBC033', 'error', t.path, name, `tenants '${other.name}' and '${t.name}' of the gateway ${g.fqdn} both get the SEPPmail customer ${name}`, 'give the tenants construct ids that differ in more than case and punctuation'));
        else seen.set(name.toLowerCase(), t);
      }
      return out;
    }),
};

export const SeppmailDomainNames: RuleDefinition<ValidationContext> = {
  code: 'CBC034',
  level: 'error',
  title: 'The managed domains of a SEPPmail REST deployment match the API\'s domain name pattern (labels of letters, digits and \'-\'; a top-level label of 2 to 6 letters)',
  explanation: 'The appliance API (1.0.3) refuses other names, so the sync would stop half way; such a domain must be set up in the appliance GUI.',
  check: (ctx) =>
    seppmailGateways(ctx).flatMap((g) =>
      tenantsOf(ctx, g).flatMap((t) =>
        t.domains
          .filter((d) => !DOMAIN_NAME_PATTERN.test(d.domain.replace(/\.$/, '')))
          .map((d) => finding('CBC034', 'error', d.path, d.domain, `managed domain '${d.domain}' of tenant '${t.name}' does not match the SEPPmail API's domain name pattern (top-level label of 2 to 6 letters)`, 'route this domain through a gateway without the REST deployment, or create it in the appliance GUI')),
      ),
    ),
};

export const SeppmailApiCertificateVerified: RuleDefinition<ValidationContext> = {
  code: 'CBC035',
  level: 'warning',
  title: "The SEPPmail REST deployment verifies the API's HTTPS certificate (no insecureSkipVerify)",
  explanation: 'Without verification the API token and secret go to whoever answers at apiUrl, and with them full control of every customer on the appliance.',
  check: (ctx) =>
    seppmailGateways(ctx)
      .filter((g) => g.seppmailRest!.insecureSkipVerify)
      .map((g) => finding('CBC035', 'warning', g.path, g.seppmailRest!.apiUrl, `the SEPPmail REST deployment of ${g.fqdn} does not verify the certificate of ${g.seppmailRest!.apiUrl}`, "give the appliance's CA (or its self-signed certificate) as caFile instead of insecureSkipVerify")),
};

/** The rules of the SEPPmail REST deployment, in code order. */
export const SEPPMAIL_REST_RULES: readonly RuleDefinition<ValidationContext>[] = [SeppmailCustomerNames, SeppmailDomainNames, SeppmailApiCertificateVerified];
