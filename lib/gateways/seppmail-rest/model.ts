/**
 * The SEPPmail REST deployment in the fleet model: `GatewayModel.seppmailRest`, set by
 * MailGateway for a gateway deployed with `GatewayDeployment.seppmailRest`, read by the rules
 * CBC033-CBC035. (`GatewayModel.deployment` holds the Postfix deployments, whose code reads it
 * as such.)
 */
import type { SeppmailRestSpec } from './types';

declare module '../../core/fleet' {
  interface GatewayModel {
    /** The gateway's SEPPmail REST deployment; undefined: none. */
    readonly seppmailRest?: SeppmailRestSpec;
  }
}
