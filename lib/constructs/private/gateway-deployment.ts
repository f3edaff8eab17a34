import { Annotations, Aspects, Lazy, TerraformOutput, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { contentHash } from '../../core/desired-state';
import { deploymentTargetOf } from '../../gateways';
import { asciiJson, DOCUMENT_PART_LENGTH, teardownDocument } from '../../gateways/document';
import { CertificateChecklistItem, isSeppmailRestDocument } from '../../gateways/seppmail-rest/document';
import { AnyGatewayDeploymentSpec, AnyGatewayDocument } from '../../gateways/types';
import { FleetRegistry } from './fleet-registry';
import { runtimeCommand } from './runtime-asset';
import { ScriptResource } from './script-resource';
import { terraformLiteral } from '../../core/terraform-literal';


/** The document the teardown step keeps: the gateway and where its configuration is; no tenants. */
function teardownDocumentOf(doc: AnyGatewayDocument): AnyGatewayDocument {
  return isSeppmailRestDocument(doc) ? { ...doc, tenants: [] } : teardownDocument(doc);
}

/** The two resources that deploy a gateway's configuration; tenants order themselves against them. */
export interface GatewayDeploymentResources {
  /** Renders and applies the configuration of every declared tenant; each tenant's Converge depends on it. */
  readonly sync: ScriptResource;
  /** Removes everything the library wrote to the gateway, on destroy; each tenant's Teardown depends on it. */
  readonly teardown: ScriptResource;
}

/**
 * The environment that carries the document to the sync step: one variable when it is short,
 * else parts of at most DOCUMENT_PART_LENGTH characters (Linux limits one variable to 128 KiB).
 * The document is ASCII JSON, so Terraform's substr counts the same characters as JavaScript.
 */
function documentEnvironment(length: number): { [name: string]: string } {
  if (length <= DOCUMENT_PART_LENGTH) return { EXO_GATEWAY_DOCUMENT: '${self.input.document}' };
  const parts = Math.ceil(length / DOCUMENT_PART_LENGTH);
  const env: { [name: string]: string } = { EXO_GATEWAY_DOCUMENT_PARTS: String(parts) };
  for (let i = 0; i < parts; i++) env[`EXO_GATEWAY_DOCUMENT_${i + 1}`] = `\${substr(self.input.document, ${i * DOCUMENT_PART_LENGTH}, ${DOCUMENT_PART_LENGTH})}`;
  return env;
}

/**
 * Declares, under the gateway construct, `GatewayTeardown` (trigger: where the deployment
 * writes, so it is replaced only when that moves; its destroy-time provisioner references only
 * `self`) and `GatewaySync` (trigger: hash of the gateway document; depends on GatewayTeardown
 * and on the stack's fleet registry, so a deleted tenant's connectors are pruned before its
 * gateway configuration is dropped).
 */
export function addGatewayDeployment(gateway: Construct, spec: AnyGatewayDeploymentSpec, document: () => AnyGatewayDocument): GatewayDeploymentResources {
  const name = terraformLiteral(gateway.node.id);
  const teardown = new ScriptResource(gateway, 'GatewayTeardown', {
    triggersReplace: terraformLiteral(deploymentTargetOf(spec)),
    input: Lazy.anyValue({ produce: () => ({ gateway: name, document: terraformLiteral(asciiJson(teardownDocumentOf(document()))) }) }),
    provisioners: [
      {
        type: 'local-exec',
        when: 'destroy',
        command: runtimeCommand(gateway, 'gateway-teardown'),
        environment: { EXO_GATEWAY_DOCUMENT: '${self.input.document}' },
      },
    ],
  });
  const sync = new ScriptResource(gateway, 'GatewaySync', {
    triggersReplace: Lazy.stringValue({ produce: () => contentHash(document()) }),
    input: Lazy.anyValue({ produce: () => ({ gateway: name, hash: contentHash(document()), document: terraformLiteral(asciiJson(document())) }) }),
    provisioners: [
      {
        type: 'local-exec',
        command: runtimeCommand(gateway, 'gateway-sync'),
        environment: Token.asStringMap(Lazy.anyValue({ produce: () => documentEnvironment(asciiJson(document()).length) })),
      },
    ],
    dependsOn: [teardown, FleetRegistry.of(gateway).resource],
  });
  return { sync, teardown };
}

/**
 * The step a deployment cannot do through its gateway's API (SEPPmail REST: the managed
 * domains' TLS certificate), in the synth output: the Terraform output `CertificateChecklist`
 * under the gateway (one item per tenant) and an info annotation on each tenant.
 */
export function addCertificateChecklist(gateway: Construct, checklist: () => CertificateChecklistItem[], tenantNamed: (name: string) => IConstruct | undefined): void {
  new TerraformOutput(gateway, 'CertificateChecklist', {
    description: terraformLiteral(`Manual step per tenant: the certificate to import in each managed domain of the gateway ${gateway.node.id} (no API call sets it)`),
    value: Lazy.anyValue({ produce: () => JSON.parse(terraformLiteral(JSON.stringify(checklist()))) }),
  });
  Aspects.of(gateway).add({
    visit: (node: IConstruct) => {
      if (node !== gateway) return;
      for (const item of checklist()) Annotations.of(tenantNamed(item.tenant) ?? gateway).addInfo(`manual step for tenant ${item.tenant}: ${item.step}`);
    },
  });
}
