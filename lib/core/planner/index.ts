export * from './normalise';
export * from './plan';
export * from './undeclared';
