import { defineRule } from '../../core/findings';
import { ValidationContext } from '../../core/rules/context';
import { tenantsOf } from './tenants-of';

export const PostfixWithoutDeployment = defineRule<ValidationContext>(
  {
    code: 'CBC032',
    level: 'warning',
    title: 'A Postfix gateway has a deployment (PostfixDeployment.files or PostfixDeployment.host)',
    explanation: 'Without one the library configures only Exchange Online: Postfix must present each tenant certificate to that tenant, and no certificate elsewhere, by your own configuration, or mail is misattributed or refused (5.7.64).',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      if (g.product !== 'postfix' || g.deployment || !tenantsOf(ctx, g).some((t) => !t.retired)) continue;
      report(g.path, `the Postfix gateway ${g.fqdn} has no deployment; the library does not configure its per-tenant certificates`, 'use GatewayProfile.postfix({ deployment: PostfixDeployment.files({ outputDir }) }) or PostfixDeployment.host({ configDir }), or configure the transports yourself (docs/gateway-deployment.md)', g.fqdn);
    }
  },
);
