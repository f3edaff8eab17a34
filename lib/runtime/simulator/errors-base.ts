/**
 * Base of the simulated Exchange errors (ExoSimError, its brand check) and the session-level
 * errors (protocol, fault injection, closed session). See errors.ts for the wording sources.
 * Imports nothing: the simulator is bundled into one file with Node built-ins only.
 */

/** Name of the "server" that ManagementObjectNotFoundException messages mention. */
export const SIM_SERVER_NAME = 'SIM';

const EXO_SIM_ERROR_BRAND = Symbol.for('cdktf-exo-gateway.ExoSimError');

/** Base of every simulated Exchange error. `type` is what a session reply carries as `error.type`. */
export class ExoSimError extends Error {
  /** Exception type name as Exchange Online / PowerShell reports it, e.g. `ParameterBindingException`. */
  public readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
    Object.defineProperty(this, EXO_SIM_ERROR_BRAND, { value: true });
  }
}

/** True when `error` is a simulated Exchange error (by brand, so it works across bundled copies). */
export function isExoSimError(error: unknown): error is ExoSimError {
  return typeof error === 'object' && error !== null && (error as { [EXO_SIM_ERROR_BRAND]?: unknown })[EXO_SIM_ERROR_BRAND] === true;
}



// ---------------------------------------------------------------------------------------------
// Session-level errors (connect, protocol, fault injection)
// ---------------------------------------------------------------------------------------------

/** A request line that is not a valid request (same type as exo-session.ps1 uses). */
export class ProtocolError extends ExoSimError {
  constructor(message: string, readonly requestId: number = -1) {
    super('ProtocolError', message);
  }
}

/** An invoke failed on purpose because faults.json said so. */
export class InjectedFaultError extends ExoSimError {
  constructor(type: string, message: string) {
    super(type, message);
  }
}

/** The session is closed; no more requests are served. */
export class SessionClosedError extends ExoSimError {
  constructor() {
    super('SessionClosed', 'The session is closed.');
  }
}
