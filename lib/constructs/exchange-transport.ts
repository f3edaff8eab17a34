/**
 * How the apply-time program reaches a tenant's Exchange Online. The planner, the plans and the
 * checks before any change (tenant id, accepted domains) are the same for both; only the wire
 * differs.
 */
export enum ExchangeTransport {
  /**
   * A PowerShell 7 session with the ExchangeOnlineManagement module (`Connect-ExchangeOnline
   * -AppId -Certificate -Organization`), the way Microsoft supports. The runner needs `pwsh` 7.5+
   * and the module; each changed tenant costs a process, a module load and a connect.
   */
  POWERSHELL = 'powershell',
  /**
   * Exchange Online's REST admin endpoint (`/adminapi/beta/{tenant}/InvokeCommand`), called from
   * Node with an app-only token for the same app and certificate: no `pwsh` on the runner. It is
   * the endpoint the ExchangeOnlineManagement module itself uses, but Microsoft does not document
   * it for direct use, so it may change without notice.
   */
  ADMIN_API = 'adminApi',
}
