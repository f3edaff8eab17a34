/**
 * Gateway-side deployment: adapters that put the tenants' certificates and routing onto the
 * gateway. Plain TypeScript, no cdktf import (the apply-time program bundles it).
 */
import { GatewayAdapter } from './adapter';
import { GatewayDeploymentError } from './document';
import { postfixAdapter } from './postfix/adapter';
import { GatewayDocument } from './types';

export * from './adapter';
export * from './document';
export * from './types';

/** The adapter that deploys a gateway document. */
export function adapterFor(doc: GatewayDocument): GatewayAdapter {
  switch (doc.deployment.kind) {
    case 'postfix-files':
    case 'postfix-host':
      return postfixAdapter;
    default:
      throw new GatewayDeploymentError(`no gateway adapter for the deployment kind '${String((doc.deployment as { kind?: string }).kind)}'`);
  }
}
