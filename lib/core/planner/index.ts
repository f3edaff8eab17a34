export * from './normalise';
export * from './plan';
