export * from './constructs/mail-gateway';
export * from './constructs/exchange-access';
export * from './constructs/tenant-gateway-base';
export * from './constructs/tenant-gateway';
export * from './constructs/managed-domain';
export * from './constructs/cbc-connector';
export * from './constructs/certificate-source';
