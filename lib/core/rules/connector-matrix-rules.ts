import { checkConnectorMatrix, MatrixViolation } from '../connector-matrix';
import { Finding, FindingLevel, RuleDefinition } from '../findings';
import { TenantModel } from '../fleet';
import { activeTenants, ValidationContext } from './context';
import { finding } from './helpers';
import { objectFindingPath, objectOwner, uniqueFindings } from './profile-aware';

function matrixFindings(ctx: ValidationContext, code: string, level: FindingLevel): Finding[] {
  const out: Finding[] = [];
  for (const t of activeTenants(ctx)) {
    for (const v of checkConnectorMatrix(ctx.desiredObjects(t)).filter((x) => x.level === level)) {
      out.push(toFinding(code, level, t, v));
    }
  }
  return uniqueFindings(out);
}

function toFinding(code: string, level: FindingLevel, t: TenantModel, v: MatrixViolation): Finding {
  return finding(code, level, objectFindingPath(t), v.value, `[${v.entry}] ${v.kind} '${v.object}' ${objectOwner(t)} ${v.message} (${v.parameter})`, v.fix);
}

export const ConnectorMatrixAllowed: RuleDefinition<ValidationContext> = {
  code: 'CBC050',
  level: 'error',
  title: 'Every connector and routing rule a profile emits is a combination Exchange Online allows (the connector matrix)',
  explanation: 'Exchange Online refuses or silently ignores impossible combinations (smart hosts with MX routing, TlsDomain without DomainValidation, `*` on an OnPremises outbound connector, an OnPremises inbound connector without certificate or IP, a rule routing to an inbound connector): the apply would stop half way through a tenant, or mail would take a path nobody declared.',
  check: (ctx) => matrixFindings(ctx, 'CBC050', 'error'),
};

export const ConnectorMatrixDiscouraged: RuleDefinition<ValidationContext> = {
  code: 'CBC051',
  level: 'warning',
  title: 'No connector uses a combination Microsoft discourages or that has no effect (the connector matrix)',
  explanation: 'Certificate and IP restrictions in one Partner connector, EFSkipIPs that EFSkipLastIP ignores, private addresses in the Enhanced Filtering skip list, cross-premises headers from a Partner, or a rule-scoped connector no rule uses, are accepted by Exchange Online but do not do what they seem to.',
  check: (ctx) => matrixFindings(ctx, 'CBC051', 'warning'),
};
