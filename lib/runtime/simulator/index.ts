/**
 * The simulated Exchange Online (see session.ts for a session, store.ts for the state folder and
 * its test API, backend.ts for the cmdlet semantics, errors.ts for Exchange's errors).
 */
export * from './errors';
export * from './store';
export * from './backend';
export * from './faults';
export * from './protocol';
export * from './session';
export { runSimSessionMain, checkSessionEnvironment } from './sim-session-main';
export type { SimSessionMainOptions, SessionEnvironment } from './sim-session-main';
