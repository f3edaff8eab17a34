/**
 * Errors of the apply-time program. Each names the tenant and, where there is one, the step,
 * so a failed `terraform apply` says what to look at.
 */

/** Base class; recognised by `name`, not only instanceof. */
export class ExoGatewayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExoGatewayError';
  }
}

/** The desired-state document is missing or not one this program understands. */
export class DocumentError extends ExoGatewayError {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

/** Connecting to the tenant's Exchange Online failed. */
export class ConnectError extends ExoGatewayError {
  constructor(
    public readonly tenant: string,
    public readonly organization: string,
    detail: string,
  ) {
    super(`could not connect to Exchange Online of tenant '${tenant}' (${organization}): ${detail}`);
    this.name = 'ConnectError';
  }
}

/** The session is connected to another tenant than the one declared, or a managed domain is not accepted there. */
export class TenantMismatchError extends ExoGatewayError {
  constructor(
    public readonly tenant: string,
    detail: string,
  ) {
    super(`tenant '${tenant}': ${detail}; nothing was changed`);
    this.name = 'TenantMismatchError';
  }
}

/** The plan cannot run (e.g. an unmanaged object holds a declared name). */
export class BlockedPlanError extends ExoGatewayError {
  constructor(
    public readonly tenant: string,
    public readonly blockers: string[],
  ) {
    super(`tenant '${tenant}': the plan cannot run, nothing was changed:\n  - ${blockers.join('\n  - ')}`);
    this.name = 'BlockedPlanError';
  }
}

/** A step failed in Exchange Online; the steps before it were applied. */
export class StepFailedError extends ExoGatewayError {
  constructor(
    public readonly tenant: string,
    public readonly step: number,
    public readonly steps: number,
    public readonly cmdlet: string,
    public readonly objectName: string,
    public readonly exchangeMessage: string,
  ) {
    super(`${cmdlet} failed for tenant '${tenant}' at step ${step} of ${steps} ('${objectName}'): ${exchangeMessage}`);
    this.name = 'StepFailedError';
  }
}
