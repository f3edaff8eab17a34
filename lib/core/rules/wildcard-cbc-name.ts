import { RuleDefinition } from '../findings';
import { isWildcard } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';

export const WildcardCbcName: RuleDefinition<ValidationContext> = {
  code: 'CBC013',
  level: 'warning',
  title: 'The CBC certificate name is an exact host name rather than a wildcard',
  explanation: "Microsoft supports but does not recommend wildcard certificate names on connectors: a wildcard connector can capture another mail flow's certificate of the same organization.",
  check: (ctx) =>
    activeTenants(ctx).flatMap((t) =>
      isWildcard(t.cbcCertificateName)
        ? [finding('CBC013', 'warning', t.path, t.cbcCertificateName, `tenant '${t.name}' uses the wildcard certificate name '${shownName(t.cbcCertificateName)}'`, 'prefer a certificate for one exact host name, e.g. seppmail.contoso.com')]
        : [],
    ),
};
