import { defineRule } from '../findings';
import { ValidationContext } from './context';
import { ALLOWED_SCL_THRESHOLDS } from './input-values';

export const NumericRanges = defineRule<ValidationContext>(
  {
    code: 'CBC018',
    level: 'error',
    title: 'Every numeric prop is a number in its range',
    explanation: 'An SCL threshold or expiry horizon outside its range, or a string or NaN from an untyped caller, would be refused by Exchange Online half way through an apply, or silently disable the check.',
  },
  (ctx, report) => {
    for (const g of ctx.fleet.gateways) {
      const days = g.certificatePolicy.expiryWarningDays;
      if (typeof days !== 'number' || !Number.isFinite(days) || days < g.certificatePolicy.expiryErrorDays) {
        report(g.path, `certificateExpiryWarningDays ${String(days)} is not a number of days at or above the error horizon of ${g.certificatePolicy.expiryErrorDays} days`, `use ${g.certificatePolicy.expiryErrorDays} or more, or leave it out (30)`, String(days));
      }
      g.customProfile?.routingRules.forEach((r, n) => {
        const scl = r.exceptIfSclOver;
        if (scl !== undefined && (typeof scl !== 'number' || !Number.isInteger(scl) || scl < -1 || scl > 9)) {
          report(g.path, `customProfile.routingRules[${n}] '${r.name}': exceptIfSclOver ${String(scl)} is not a spam confidence level from -1 to 9`, 'use a whole number from -1 to 9, or leave it out', String(scl));
        }
      });
    }
    for (const t of ctx.fleet.tenants) {
      const scl = t.connector?.sclInboundThreshold;
      if (t.connector && (typeof scl !== 'number' || !ALLOWED_SCL_THRESHOLDS.includes(scl))) {
        report(t.connector.path, `sclInboundThreshold ${String(scl)} is not one of the values SEPPmail365 accepts for ExceptIfSCLOver`, `use one of ${ALLOWED_SCL_THRESHOLDS.join(', ')} (a number), or leave it out (5)`, String(scl));
      }
    }
  },
);
