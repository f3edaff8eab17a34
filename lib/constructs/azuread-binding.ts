/**
 * What a tenant's access declaration gives its apply steps (internal; used by TenantGateway).
 */
import { ITerraformDependable } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { APP_ID_FROM_TERRAFORM, ExchangeAccessReference } from '../core/exo-model';
import { formatFinding } from '../core/findings';
import { DirectoryAccessModel, DirectoryProviderModel } from '../core/fleet';

/** A tenant's provider as resolved for one declaration. */
export interface ResolvedDirectory {
  readonly provider: AzureadProvider;
  readonly model: DirectoryProviderModel;
}

/** What one tenant's access declaration gives its apply steps. */
export interface ExchangeAccessBinding {
  /** The reference written into the desired state (app id, organization, certificate reference). */
  reference(organization: string): ExchangeAccessReference;
  /** Turns the document text into the text synthesized (the app id becomes a Terraform reference). */
  finishDocument(text: string): string;
  /**
   * The Terraform expression of the app id when the app is declared in the stack (the document
   * then holds APP_ID_FROM_TERRAFORM); undefined for a bring-your-own app id.
   */
  readonly appIdExpression?: string;
  /** The consent, role assignment and app certificate the apply steps depend on. */
  readonly dependencies: ITerraformDependable[];
  /** The declared access, for the validation rules; undefined for a bring-your-own app id. */
  readonly model?: DirectoryAccessModel;
}

/** The document text as synthesized for a tenant's access (unchanged without a binding). */
export function finishAccessDocument(binding: ExchangeAccessBinding | undefined, text: string): string {
  return binding ? binding.finishDocument(text) : text;
}

/**
 * The tokens a tenant's access puts into its synthesized documents, without a document: what a
 * produced document stands for while cdktf prepares the stacks (see ScriptResource).
 */
export function accessTokens(binding: ExchangeAccessBinding | undefined): string {
  return finishAccessDocument(binding, JSON.stringify({ appId: APP_ID_FROM_TERRAFORM }));
}

/** What a tenant's apply steps add to their `dependsOn` for its access (empty for a bring-your-own app). */
export function accessDependencies(binding: ExchangeAccessBinding | undefined): ITerraformDependable[] {
  return binding ? [...binding.dependencies] : [];
}

/** Provider alias the library uses for a tenant: stable, derived from the tenant id only. */
export function directoryAlias(tenantId: string): string {
  return `exo_gateway_${tenantId.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/** What `bindAccess` needs of the access value (ExchangeAccess, without importing it here). */
interface Bindable<T extends IConstruct> {
  _bind(tenant: T): ExchangeAccessBinding;
}

/**
 * Binds a tenant's access declaration; a tenant without one is refused at once (CBC011), in
 * the rule's words, instead of failing later while its document is rendered.
 */
export function bindAccess<T extends IConstruct>(tenant: T, access: Bindable<T> | undefined): ExchangeAccessBinding {
  if (!access) {
    throw new Error(formatFinding({
      code: 'CBC011',
      level: 'error',
      path: tenant.node.path,
      value: String(access),
      message: `tenant '${tenant.node.id}' declares no Exchange Online access`,
      fix: 'set access: ExchangeAccess.multiTenantApp(app), ExchangeAccess.appPerTenant({...}), or for an app you set up yourself ExchangeAccess.certificateFile(appId, path) / certificateFromEnvironment(appId, variableName)',
    }));
  }
  return access._bind(tenant);
}
