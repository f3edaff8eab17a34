import { defineRule } from '../findings';
import { dnsHostNameProblem, shownName } from '../idn';
import { ValidationContext } from './context';

export const GatewayFqdn = defineRule<ValidationContext>(
  {
    code: 'CBC001',
    level: 'error',
    title: 'The gateway FQDN is a DNS host name, not an IP address',
    explanation: 'Exchange Online delivers to the smart host by name and validates its certificate against that name; SEPPmail does not support IP smart hosts.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      const problem = dnsHostNameProblem(g.fqdn);
      if (problem) report(g.path, `gateway fqdn '${shownName(g.fqdn)}' is not usable as a smart host: ${problem}`, 'set fqdn to the public DNS host name of the gateway, e.g. securemail.provider.example', g.fqdn);
    }
  },
);
