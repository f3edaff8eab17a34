import { defineRule } from '../findings';
import { ValidationContext } from './context';
import { reportMatrix } from './profile-aware';

export const ConnectorMatrixDiscouraged = defineRule<ValidationContext>(
  {
    code: 'CBC051',
    level: 'warning',
    title: 'No connector uses a combination Microsoft discourages or that has no effect (the connector matrix)',
    explanation: 'Certificate and IP restrictions in one Partner connector, EFSkipIPs that EFSkipLastIP ignores, private addresses in the Enhanced Filtering skip list, cross-premises headers from a Partner, or a rule-scoped connector no rule uses, are accepted by Exchange Online but do not do what they seem to.',
  },
  (ctx, report) => reportMatrix(ctx, 'warning', report),
);
