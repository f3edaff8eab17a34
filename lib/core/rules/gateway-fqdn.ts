import { RuleDefinition } from '../findings';
import { dnsHostNameProblem, shownName } from '../idn';
import { ValidationContext } from './context';
import { finding } from './helpers';

export const GatewayFqdn: RuleDefinition<ValidationContext> = {
  code: 'CBC001',
  level: 'error',
  title: 'The gateway FQDN is a DNS host name, not an IP address',
  explanation: 'Exchange Online delivers to the smart host by name and validates its certificate against that name; SEPPmail does not support IP smart hosts.',
  check: (ctx) =>
    ctx.fleet.gateways.flatMap((g) => {
      const problem = dnsHostNameProblem(g.fqdn);
      return problem
        ? [finding('CBC001', 'error', g.path, g.fqdn, `gateway fqdn '${shownName(g.fqdn)}' is not usable as a smart host: ${problem}`, 'set fqdn to the public DNS host name of the gateway, e.g. securemail.provider.example')]
        : [];
    }),
};
