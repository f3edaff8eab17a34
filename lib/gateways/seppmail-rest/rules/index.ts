/**
 * Validation rules of the SEPPmail REST deployment (codes CBC033-CBC035).
 */
import { RuleDefinition } from '../../../core/findings';
import { ValidationContext } from '../../../core/rules/context';
import { SeppmailApiCertificateVerified } from './api-certificate-verified';
import { SeppmailCustomerNames } from './customer-names';
import { SeppmailDomainNames } from './domain-names';

export { SeppmailApiCertificateVerified, SeppmailCustomerNames, SeppmailDomainNames };

/** The rules of the SEPPmail REST deployment, in code order. */
export const SEPPMAIL_REST_RULES: readonly RuleDefinition<ValidationContext>[] = [SeppmailCustomerNames, SeppmailDomainNames, SeppmailApiCertificateVerified];
