import { RuleDefinition } from '../findings';
import { isInDomain } from '../names';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

export const SeppmailCloudDomain: RuleDefinition<ValidationContext> = {
  code: 'CBC060',
  level: 'error',
  title: 'A SEPPmail.cloud tenant has a managed domain outside onmicrosoft.com (its smart hosts derive from it)',
  explanation: 'SEPPmail.cloud names its smart hosts after the customer domain (`<domain-dashed>.mail|relay|gate.seppmail.cloud`) and its module refuses `*.onmicrosoft.com` as that domain: with only an onmicrosoft.com domain the outbound connector would point at a host that does not exist and mail would queue (4.4.x, then NDR).',
  check: (ctx) =>
    activeTenants(ctx)
      .filter((t) => t.gateway.traits.smartHostsFromDomainNames && t.domains.length > 0 && t.domains.every((d) => isInDomain(d.domain, 'onmicrosoft.com')))
      .map((t) => finding('CBC060', 'error', t.path, t.domains.map((d) => d.domain).join(', '), `tenant '${t.name}' routes only onmicrosoft.com domains through SEPPmail.cloud, so no smart host can be derived`, 'add the mail domain booked with SEPPmail.cloud first (addManagedDomain), usually the default domain')),
};
