/**
 * The gateway steps of the apply-time program:
 *
 *   exo-apply.js gateway-sync       full reconcile of the gateway in $EXO_GATEWAY_DOCUMENT
 *                                   (or $EXO_GATEWAY_DOCUMENT_PARTS and _1.._n)
 *   exo-apply.js gateway-teardown   remove everything the library wrote to that gateway
 *
 * The document holds references only (certificate files, the names of password variables);
 * the key material is read here, on the runner, and written only to the gateway's files. A
 * SEPPmail REST document names the variables of the API token and secret, read here too.
 */
import { defaultContext, documentText, GatewayContext, GatewayReport, parseAnyGatewayDocument, runGatewayStep } from '../gateways';

type Log = (line: string) => void;

function context(env: NodeJS.ProcessEnv, log: Log): GatewayContext {
  return defaultContext(env, log);
}

/** Renders every declared tenant's configuration onto the gateway and removes what is no longer declared. */
export async function gatewaySync(env: NodeJS.ProcessEnv, log: Log, ctx: GatewayContext = context(env, log)): Promise<GatewayReport> {
  return runGatewayStep('sync', parseAnyGatewayDocument(documentText(env), 'EXO_GATEWAY_DOCUMENT'), ctx);
}

/** Removes everything the library wrote for the gateway (what its manifest lists). */
export async function gatewayTeardown(env: NodeJS.ProcessEnv, log: Log, ctx: GatewayContext = context(env, log)): Promise<GatewayReport> {
  return runGatewayStep('teardown', parseAnyGatewayDocument(documentText(env), 'EXO_GATEWAY_DOCUMENT'), ctx);
}
