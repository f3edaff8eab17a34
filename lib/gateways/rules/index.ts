/**
 * Validation rules for gateways whose configuration the library deploys (codes CBC030-CBC039;
 * the SEPPmail REST deployment's CBC033-CBC035 are in seppmail-rest/rules).
 */
import { RuleDefinition } from '../../core/findings';
import { ValidationContext } from '../../core/rules/context';
import { SEPPMAIL_REST_RULES } from '../seppmail-rest/rules';
import { DeployableCertificate } from './deployable-certificate';
import { DistinctTransportNames } from './distinct-transport-names';
import { PostfixWithoutDeployment } from './postfix-without-deployment';

export { DeployableCertificate, DistinctTransportNames, PostfixWithoutDeployment };

/** The rules of gateway deployments, in code order. */
export const GATEWAY_DEPLOYMENT_RULES: readonly RuleDefinition<ValidationContext>[] = [DeployableCertificate, DistinctTransportNames, PostfixWithoutDeployment, ...SEPPMAIL_REST_RULES];
