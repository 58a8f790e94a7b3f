// The typed API contract shared by the backend, both transports and the renderer.
export * from './contract';
export * from './errors';
export * from './transport';
export * from './client';
export * from './validate';
export * as schemas from './schemas';
