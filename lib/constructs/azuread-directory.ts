import { TerraformStack, Token } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Construct, IConstruct } from 'constructs';
import { DirectoryProviderModel } from '../core/fleet';
import { directoryAlias, ResolvedDirectory } from './azuread-binding';
import { formatFinding } from '../core/findings';

/**
 * Settings of the azuread provider the library creates for one tenant. Only non-secret
 * settings: secrets (a client secret, a certificate password, an OIDC token) are read by the
 * provider from its `ARM_*` environment variables on the runner and never synthesized.
 */
export interface DirectoryProviderSettings {
  /**
   * Client id of the identity that runs `cdktf deploy` against this tenant (`client_id`).
   * @default - the provider reads `ARM_CLIENT_ID` on the runner
   */
  readonly clientId?: string;
  /**
   * Path on the runner of a PFX the provider authenticates with (`client_certificate_path`);
   * its password comes from `ARM_CLIENT_CERTIFICATE_PASSWORD`.
   * @default - no certificate path: the provider uses its other methods
   */
  readonly clientCertificatePath?: string;
  /**
   * Authenticate with OIDC workload identity federation from the pipeline (`use_oidc`).
   * @default - the provider's default (false, or `ARM_USE_OIDC`)
   */
  readonly useOidc?: boolean;
  /**
   * Authenticate with a managed identity (`use_msi`).
   * @default - the provider's default (false, or `ARM_USE_MSI`)
   */
  readonly useMsi?: boolean;
  /**
   * Allow the Azure CLI's login (`use_cli`).
   * @default - the provider's default (true, or `ARM_USE_CLI`)
   */
  readonly useCli?: boolean;
  /**
   * Cloud environment (`environment`): `global`, `usgovernment`, `china`.
   * @default - the provider's default (`global`)
   */
  readonly environment?: string;
}

const PROVIDERS = Symbol.for('cdktf-exo-gateway.directory-providers');

function providerModel(provider: AzureadProvider, createdByLibrary: boolean): DirectoryProviderModel {
  const tenantId = provider.tenantId;
  const unresolved = tenantId !== undefined && Token.isUnresolved(tenantId);
  return {
    path: provider.node.path,
    alias: provider.alias,
    tenantId: unresolved ? undefined : tenantId,
    tenantIdUnresolved: unresolved,
    createdByLibrary,
  };
}

/**
 * How the library reaches one Entra tenant with the azuread provider: an aliased provider it
 * creates for that tenant from your settings, or a provider you declared yourself. Either way
 * every tenant gets its own provider: the library's are keyed by tenant id, and a provider you
 * pass must name the tenant it serves (rule CBC042 compares it with the declared tenant id).
 */
export class TenantDirectory {
  /**
   * The library creates one `provider "azuread"` per tenant, with alias
   * `exo_gateway_<tenant id>` and `tenant_id` = that tenant, in the stack of the declaration.
   * Declarations of the same tenant in one stack share that provider.
   */
  public static fromSettings(settings: DirectoryProviderSettings = {}): TenantDirectory {
    return new TenantDirectory(undefined, settings);
  }

  /**
   * A provider you declared (with its own alias and authentication). Its `tenantId` must be the
   * literal id of the tenant it is used for, and it must live in the same stack.
   */
  public static fromProvider(provider: AzureadProvider): TenantDirectory {
    return new TenantDirectory(provider, undefined);
  }

  private readonly provider?: AzureadProvider;
  private readonly settings?: DirectoryProviderSettings;

  private constructor(provider?: AzureadProvider, settings?: DirectoryProviderSettings) {
    this.provider = provider;
    this.settings = settings;
  }

  /** @internal The provider for `tenantId`, used by a declaration at `scope`. */
  public _resolve(scope: IConstruct, tenantId: string): ResolvedDirectory {
    const stack = TerraformStack.of(scope);
    if (this.provider) {
      if (TerraformStack.of(this.provider) !== stack) {
        throw new Error(formatFinding({
          code: 'CBC042',
          level: 'error',
          path: scope.node.path,
          value: this.provider.node.path,
          message: `the azuread provider ${this.provider.node.path} is in stack '${TerraformStack.of(this.provider).node.id}', not in '${stack.node.id}' where tenant ${tenantId} is declared`,
          fix: 'declare the provider in the same stack as the tenant, or use TenantDirectory.fromSettings() and let the library create it',
        }));
      }
      return { provider: this.provider, model: providerModel(this.provider, false) };
    }
    const key = tenantId.toLowerCase();
    let registry: Map<string, { provider: AzureadProvider; settings: string }> | undefined = Reflect.get(stack, PROVIDERS);
    if (!registry) {
      registry = new Map();
      Reflect.set(stack, PROVIDERS, registry);
    }
    const settings = JSON.stringify(this.settings ?? {});
    const existing = registry.get(key);
    if (existing) {
      if (existing.settings !== settings) {
        throw new Error(formatFinding({
          code: 'CBC042',
          level: 'error',
          path: scope.node.path,
          value: settings,
          message: `tenant ${tenantId} is reached with two different provider settings in stack '${stack.node.id}' (the other: ${existing.settings})`,
          fix: 'use the same TenantDirectory settings for every declaration of one tenant in a stack',
        }));
      }
      return { provider: existing.provider, model: providerModel(existing.provider, true) };
    }
    const s = this.settings ?? {};
    const provider = new AzureadProvider(stack as Construct, `ExoGatewayDirectory-${key}`, {
      alias: directoryAlias(key),
      tenantId: key,
      clientId: s.clientId,
      clientCertificatePath: s.clientCertificatePath,
      useOidc: s.useOidc,
      useMsi: s.useMsi,
      useCli: s.useCli,
      environment: s.environment,
    });
    registry.set(key, { provider, settings });
    return { provider, model: providerModel(provider, true) };
  }
}
