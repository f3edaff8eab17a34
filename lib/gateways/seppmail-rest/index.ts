/**
 * The SEPPmail appliance deployment through its REST API (adapter, client, planner, document).
 * No cdktf import; Node built-ins only.
 */
export * from './types';
export * from './document';
export * from './client';
export * from './plan';
export * from './adapter';
