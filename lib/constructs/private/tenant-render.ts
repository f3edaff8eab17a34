/**
 * What a TenantGateway synthesizes, computed once per synth from its model: the document's text
 * and hash, the Converge step's trigger, the teardown document and the tenant's fleet registry
 * line and access.
 */
import { registryAccess, registryLine, teardownDocument, tenantSummary, textHash } from '../../core/desired-state';
import { TenantModel } from '../../core/fleet';
import { terraformLiteral } from '../../core/terraform-literal';
import { tenantDocument } from '../../profiles';
import { ExchangeAccessBinding, finishAccessDocument } from '../azuread-binding';

/** What a tenant synthesizes, computed once per synth. */
export interface TenantRender {
  /** sha256 of the document's text: the document's file name. */
  readonly hash: string;
  /** The Converge step's trigger: the hash, then the summary lines (Terraform-escaped). */
  readonly trigger: string[];
  /** The document as written into the stack folder. */
  readonly documentText: string;
  /** The teardown document, as synthesized into the Teardown step. */
  readonly teardownJson: string;
  /** The tenant's line and access in the fleet registry, as synthesized. */
  readonly registryLine: string;
  readonly registryAccess: string;
}

/** Everything the tenant of `model` synthesizes; `accessBinding` completes the access expressions. */
export function renderTenant(model: TenantModel, accessBinding: ExchangeAccessBinding | undefined): TenantRender {
  const document = tenantDocument(model);
  const documentText = JSON.stringify(document, undefined, 2);
  const hash = textHash(documentText);
  const teardown = teardownDocument(document);
  return {
    hash,
    trigger: [hash, ...tenantSummary(model, document).map(terraformLiteral)],
    documentText,
    teardownJson: finishAccessDocument(accessBinding, terraformLiteral(JSON.stringify(teardown))),
    registryLine: terraformLiteral(registryLine(teardown)),
    registryAccess: finishAccessDocument(accessBinding, terraformLiteral(JSON.stringify(registryAccess(teardown)))),
  };
}
