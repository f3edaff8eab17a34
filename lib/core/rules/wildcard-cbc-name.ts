import { defineRule } from '../findings';
import { isWildcard } from '../names';
import { shownName } from '../idn';
import { activeTenants, ValidationContext } from './context';

export const WildcardCbcName = defineRule<ValidationContext>(
  {
    code: 'CBC013',
    level: 'warning',
    title: 'The CBC certificate name is an exact host name rather than a wildcard',
    explanation: "Microsoft supports but does not recommend wildcard certificate names on connectors: a wildcard connector can capture another mail flow's certificate of the same organization.",
  },
  (ctx, report) => {
    for (const t of activeTenants(ctx)) {
      if (!isWildcard(t.cbcCertificateName)) continue;
      const example = `mail.${t.cbcCertificateName.slice(2)}`;
      report(t.path, `tenant '${t.name}' uses the wildcard certificate name '${shownName(t.cbcCertificateName)}'`, `prefer a certificate for one exact host name under it, e.g. ${shownName(example)}`, t.cbcCertificateName);
    }
  },
);
