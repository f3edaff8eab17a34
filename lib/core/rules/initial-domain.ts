import { defineRule } from '../findings';
import { hostNameProblem } from '../names';
import { shownName } from '../idn';
import { ValidationContext } from './context';

export const InitialDomain = defineRule<ValidationContext>(
  {
    code: 'CBC010',
    level: 'error',
    title: 'The initial domain is the tenant\'s *.onmicrosoft.com domain',
    explanation: 'App-only Connect-ExchangeOnline needs -Organization set to the .onmicrosoft.com domain; any other value connects nowhere or to the wrong customer.',
  },
  (ctx, report) => {
    for (const t of ctx.fleet.tenants) {
      if (hostNameProblem(t.initialDomain) || t.initialDomain.toLowerCase().endsWith('.onmicrosoft.com')) continue;
      report(t.path, `initialDomain '${shownName(t.initialDomain)}' of tenant '${t.name}' does not end in .onmicrosoft.com`, "use the tenant's initial domain, e.g. contoso.onmicrosoft.com (Entra admin center > Domain names)", t.initialDomain);
    }
  },
);
