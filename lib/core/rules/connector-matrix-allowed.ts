import { defineRule } from '../findings';
import { ValidationContext } from './context';
import { reportMatrix } from './profile-aware';

export const ConnectorMatrixAllowed = defineRule<ValidationContext>(
  {
    code: 'CBC050',
    level: 'error',
    title: 'Every connector and routing rule a profile emits is a combination Exchange Online allows (the connector matrix)',
    explanation: 'Exchange Online refuses or silently ignores impossible combinations (smart hosts with MX routing, TlsDomain without DomainValidation, `*` on an OnPremises outbound connector, an OnPremises inbound connector without certificate or IP, a rule routing to an inbound connector): the apply would stop half way through a tenant, or mail would take a path nobody declared.',
  },
  (ctx, report) => reportMatrix(ctx, 'error', report),
);
