import { RuleDefinition } from '../findings';
import { hostNameProblem } from '../names';
import { shownName } from '../idn';
import { ValidationContext } from './context';
import { finding } from './helpers';

export const InitialDomain: RuleDefinition<ValidationContext> = {
  code: 'CBC010',
  level: 'error',
  title: 'The initial domain is the tenant\'s *.onmicrosoft.com domain',
  explanation: 'App-only Connect-ExchangeOnline needs -Organization set to the .onmicrosoft.com domain; any other value connects nowhere or to the wrong customer.',
  check: (ctx) =>
    ctx.fleet.tenants.flatMap((t) =>
      hostNameProblem(t.initialDomain) || t.initialDomain.toLowerCase().endsWith('.onmicrosoft.com')
        ? []
        : [finding('CBC010', 'error', t.path, t.initialDomain, `initialDomain '${shownName(t.initialDomain)}' of tenant '${t.name}' does not end in .onmicrosoft.com`, "use the tenant's initial domain, e.g. contoso.onmicrosoft.com (Entra admin center > Domain names)")],
    ),
};
