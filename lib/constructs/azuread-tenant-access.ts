import { Annotations, ITerraformDependable, TerraformOutput, TerraformStack } from 'cdktf';
import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { DirectoryRole } from '@cdktf/provider-azuread/lib/directory-role';
import { DirectoryRoleAssignment } from '@cdktf/provider-azuread/lib/directory-role-assignment';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { Construct } from 'constructs';
import { DirectoryProviderModel } from '../core/fleet';
import { ExchangeAutomationApp } from './azuread-app';
import { TenantDirectory } from './azuread-directory';
import {
  EXCHANGE_ADMINISTRATOR_ROLE_TEMPLATE_ID,
  EXCHANGE_MANAGEMENT_ROLES,
  EXCHANGE_MANAGE_AS_APP_ROLE_ID,
  OFFICE365_EXCHANGE_ONLINE_APP_ID,
} from './azuread-ids';
import { ScriptResource } from './private/script-resource';
import { ITenantGateway } from './tenant-gateway-base';

/** How the app gets its Exchange Online permissions in a tenant. */
export enum ExchangeRoleGrant {
  /**
   * The Entra role Exchange Administrator, assigned to the app's service principal
   * (`azuread_directory_role` + `azuread_directory_role_assignment`): fully declarative, but
   * the whole of Exchange Online.
   */
  EXCHANGE_ADMINISTRATOR = 'ExchangeAdministrator',
  /**
   * No Entra role: you add the service principal to an Exchange role group holding only the
   * management roles the apply step needs (Remote and Accepted Domains, Transport Rules,
   * View-Only Configuration), with Exchange Online PowerShell, once per tenant. The azuread
   * provider cannot declare Exchange role groups; see docs/entra-access.md.
   */
  EXCHANGE_ROLE_GROUP = 'ExchangeRoleGroup',
}

/** Properties of a {@link TenantAppAccess}. */
export interface TenantAppAccessProps {
  /** The customer tenant the access is granted in. */
  readonly tenant: ITenantGateway;
  /** The app that gets access (registered in this or another tenant). */
  readonly app: ExchangeAutomationApp;
  /**
   * The azuread provider of the customer tenant.
   * @default - TenantDirectory.fromSettings(): the library creates an aliased provider for the tenant
   */
  readonly directory?: TenantDirectory;
  /**
   * How the app gets its Exchange permissions.
   * @default ExchangeRoleGrant.EXCHANGE_ADMINISTRATOR
   */
  readonly roleGrant?: ExchangeRoleGrant;
  /**
   * Take over a service principal of the app that already exists in the tenant (for example
   * after an admin clicked the consent link) instead of failing (`use_existing`). Terraform
   * deletes it on destroy all the same.
   * @default false
   */
  readonly useExistingServicePrincipal?: boolean;
}

const BRAND = Symbol.for('cdktf-exo-gateway.TenantAppAccess');

/**
 * App-only Exchange Online access for one customer tenant, declared through that tenant's own
 * azuread provider: the app's service principal, the app-role assignment of Exchange.ManageAsApp
 * (this is the admin consent), and, by default, the Entra role Exchange Administrator for the
 * service principal. The tenant's apply steps depend on these, so they run only once the
 * access exists, and are torn down before it is removed.
 *
 * Created by `ExchangeAccess.multiTenantApp()` and `ExchangeAccess.appPerTenant()`; find it
 * with `TenantAppAccess.of(tenant)`.
 */
export class TenantAppAccess extends Construct {
  /** The access declared for a tenant, if its access model uses the azuread provider. */
  public static of(tenant: ITenantGateway): TenantAppAccess | undefined {
    return tenant.node.children.find((c): c is TenantAppAccess => Reflect.get(c, BRAND) === true);
  }

  /** The provider of the customer tenant. */
  public readonly provider: AzureadProvider;
  /** Office 365 Exchange Online's service principal in the tenant (data source). */
  public readonly exchangeOnline: DataAzureadServicePrincipal;
  /** The app's service principal in the tenant. */
  public readonly servicePrincipal: ServicePrincipal;
  /** The app-role assignment of Exchange.ManageAsApp: the admin consent. */
  public readonly consent: AppRoleAssignment;
  /** The activated Exchange Administrator role; undefined with the role-group grant. */
  public readonly directoryRole?: DirectoryRole;
  /** Exchange Administrator assigned to the service principal; undefined with the role-group grant. */
  public readonly roleAssignment?: DirectoryRoleAssignment;
  /** Object id of the service principal in the tenant: a Terraform reference. */
  public readonly servicePrincipalObjectId: string;
  private readonly directoryModel: DirectoryProviderModel;
  private readonly ready: ScriptResource;
  private readonly dependencies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: TenantAppAccessProps) {
    super(scope, id);
    Reflect.set(this, BRAND, true);
    const tenant = props.tenant;
    const directory = (props.directory ?? TenantDirectory.fromSettings())._resolve(this, tenant.tenantId);
    this.provider = directory.provider;
    this.directoryModel = directory.model;
    const provider = this.provider;

    this.exchangeOnline = new DataAzureadServicePrincipal(this, 'ExchangeOnline', {
      provider,
      // Office 365 Exchange Online; source: see azuread-ids.ts (app-only-auth-powershell-v2.md).
      clientId: OFFICE365_EXCHANGE_ONLINE_APP_ID,
    });

    this.servicePrincipal = new ServicePrincipal(this, 'ServicePrincipal', {
      provider,
      clientId: props.app.clientId,
      useExisting: props.useExistingServicePrincipal ? true : undefined,
    });
    this.servicePrincipalObjectId = this.servicePrincipal.objectId;

    this.consent = new AppRoleAssignment(this, 'ManageAsAppConsent', {
      provider,
      // Exchange.ManageAsApp; source: see azuread-ids.ts (app-only-auth-powershell-v2.md).
      appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
      principalObjectId: this.servicePrincipal.objectId,
      resourceObjectId: this.exchangeOnline.objectId,
    });

    const dependencies: ITerraformDependable[] = [this.consent];
    if ((props.roleGrant ?? ExchangeRoleGrant.EXCHANGE_ADMINISTRATOR) === ExchangeRoleGrant.EXCHANGE_ADMINISTRATOR) {
      // Built-in roles are activated per tenant before they can be assigned; the resource finds an
      // active role or activates it, and never deactivates it (terraform-provider-azuread docs).
      this.directoryRole = new DirectoryRole(this, 'ExchangeAdministratorRole', {
        provider,
        // Exchange Administrator role template; source: see azuread-ids.ts (entra-docs permissions-reference.md).
        templateId: EXCHANGE_ADMINISTRATOR_ROLE_TEMPLATE_ID,
      });
      this.roleAssignment = new DirectoryRoleAssignment(this, 'ExchangeAdministrator', {
        provider,
        roleId: this.directoryRole.templateId,
        principalObjectId: this.servicePrincipal.objectId,
      });
      dependencies.push(this.roleAssignment);
    } else {
      Annotations.of(this).addInfo(
        `tenant ${tenant.tenantId}: no Entra role is assigned; once, in Exchange Online PowerShell, run New-ServicePrincipal -AppId <app id> -ObjectId <service principal object id> and add it to a role group holding ${EXCHANGE_MANAGEMENT_ROLES.join(', ')} (see docs/entra-access.md, "What you do once by hand")`,
      );
    }
    if (TerraformStack.of(props.app.certificate) === TerraformStack.of(this)) {
      dependencies.push(props.app.certificate);
    }
    this.dependencies = dependencies;

    // Everything that runs with this access reads the app id from here, so each of them (the
    // converge and teardown steps, the stack's fleet registry) is created after the access
    // exists and destroyed before it is removed.
    this.ready = new ScriptResource(this, 'Ready', {
      input: { app_id: this.servicePrincipal.clientId },
      dependsOn: dependencies,
    });

    new TerraformOutput(this, 'ServicePrincipalObjectId', {
      value: this.servicePrincipal.objectId,
      description: `Object id of the Exchange Online automation app's service principal in tenant ${tenant.tenantId}`,
    });
  }

  /** @internal Terraform reference to the app id, valid once the access exists. */
  public _appIdReference(): string {
    return this.ready.getStringAttribute('output.app_id');
  }

  /** @internal What the tenant's apply steps depend on: consent, role assignment, app certificate. */
  public _dependencies(): ITerraformDependable[] {
    return [...this.dependencies];
  }

  /** @internal */
  public _directoryModel(): DirectoryProviderModel {
    return this.directoryModel;
  }
}
