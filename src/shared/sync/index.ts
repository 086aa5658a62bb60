/** The head office protocol, shared by the service (src/server) and the terminals. */
export * from './wire';
export * from './ops';
export * from './dto';
export * from './endpoints';
export * from './cards';
export * from './client';
export * from './receipts';
export * from './pins';
