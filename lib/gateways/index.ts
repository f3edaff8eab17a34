/**
 * Gateway-side deployment: adapters that put the tenants' certificates and routing onto the
 * gateway. Plain TypeScript, no cdktf import (the apply-time program bundles it).
 */
import { GatewayAdapter, GatewayContext, GatewayReport } from './adapter';
import { deploymentTarget, GatewayDeploymentError, parseGatewayDocument } from './document';
import { postfixAdapter } from './postfix/adapter';
import { deploymentKindOf, isSeppmailRestDocument, parseSeppmailRestDocument, SEPPMAIL_REST_KIND, seppmailRestAdapter } from './seppmail-rest';
import { AnyGatewayDeploymentSpec, AnyGatewayDocument, GatewayDocument } from './types';

export * from './adapter';
export * from './document';
export * from './types';
export * from './seppmail-rest';

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

/** Parses a gateway document of any deployment kind (the SEPPmail REST kind, else the Postfix parser). */
export function parseAnyGatewayDocument(text: string | undefined, where: string): AnyGatewayDocument {
  return deploymentKindOf(text) === SEPPMAIL_REST_KIND ? parseSeppmailRestDocument(text, where) : parseGatewayDocument(text, where);
}

/** Runs the sync or the teardown of a document with the adapter of its deployment kind. */
export function runGatewayStep(step: 'sync' | 'teardown', doc: AnyGatewayDocument, ctx: GatewayContext): Promise<GatewayReport> {
  if (isSeppmailRestDocument(doc)) return seppmailRestAdapter[step](doc, ctx);
  return adapterFor(doc)[step](doc, ctx);
}

/**
 * The teardown step's trigger for any deployment kind. SEPPmail's is constant: a new URL or
 * owner never tears the appliance down (a removed managed domain loses its TLS certificate,
 * which only the GUI can give back).
 */
export function deploymentTargetOf(spec: AnyGatewayDeploymentSpec): string {
  return spec.kind === SEPPMAIL_REST_KIND ? SEPPMAIL_REST_KIND : deploymentTarget(spec);
}
