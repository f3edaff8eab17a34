/**
 * Validation rules that belong to one product's profile (CBC057-CBC060): what a SEPPmail.cloud
 * or NoSpamProxy layout needs beyond the generic rules of lib/core/rules.
 */
import { RuleDefinition } from '../../core/findings';
import { ValidationContext } from '../../core/rules/context';
import { NoSpamProxyExternalCertificate } from './nospamproxy-external-certificate';
import { NoSpamProxyExternalCertificateDeclared } from './nospamproxy-external-certificate-declared';
import { SeppmailCloudDomain } from './seppmail-cloud-domain';
import { TenantPrerequisites } from './tenant-prerequisites';

/** The rules of the product profiles, in code order. */
export const PRODUCT_PROFILE_RULES: readonly RuleDefinition<ValidationContext>[] = [TenantPrerequisites, NoSpamProxyExternalCertificate, NoSpamProxyExternalCertificateDeclared, SeppmailCloudDomain];
