/**
 * Well-known Entra ids used to grant app-only Exchange Online access. Every value is the same in
 * every tenant; each cites where it is documented.
 */

/**
 * Application (client) id of "Office 365 Exchange Online", the resource that defines the
 * Exchange.ManageAsApp app role.
 * Source: MicrosoftDocs/office-docs-powershell, exchange/docs-conceptual/app-only-auth-powershell-v2.md
 * (the manifest's `"resourceAppId": "00000002-0000-0ff1-ce00-000000000000"`).
 */
export const OFFICE365_EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

/**
 * Id of the app role Exchange.ManageAsApp (an Application permission, `type = "Role"`), which
 * lets an app run Exchange Online PowerShell app-only.
 * Source: MicrosoftDocs/office-docs-powershell, exchange/docs-conceptual/app-only-auth-powershell-v2.md
 * (`"id": "dc50a0fb-09a3-484d-be87-e023b12c6440", "type": "Role"`).
 */
export const EXCHANGE_MANAGE_AS_APP_ROLE_ID = 'dc50a0fb-09a3-484d-be87-e023b12c6440';

/**
 * Template id of the built-in Entra role "Exchange Administrator" (Exchange Online admin, also
 * in app-only sessions).
 * Source: MicrosoftDocs/entra-docs, docs/identity/role-based-access-control/permissions-reference.md
 * (Exchange Administrator, template id 29232cdf-9323-42fd-ade2-1d097af3e4de); the app-only doc above
 * lists it among the roles supported for Exchange Online PowerShell.
 */
export const EXCHANGE_ADMINISTRATOR_ROLE_TEMPLATE_ID = '29232cdf-9323-42fd-ade2-1d097af3e4de';

/**
 * The Exchange management roles the apply step's cmdlets need when the app is granted an
 * Exchange role group instead of Exchange Administrator.
 * Source: microsoft/Microsoft365DSC, DSCResources MSFT_EXOInboundConnector / MSFT_EXOOutboundConnector /
 * MSFT_EXOTransportRule / MSFT_EXOAcceptedDomain settings.json (the roles each resource needs).
 */
export const EXCHANGE_MANAGEMENT_ROLES = ['Remote and Accepted Domains', 'Transport Rules', 'View-Only Configuration'] as const;
