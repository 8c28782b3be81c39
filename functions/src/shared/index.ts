export * from './config.js';
export * from './money.js';
export * from './roles.js';
export * from './categories.js';
export * from './paths.js';
export * from './types.js';
export * from './callables.js';
export * from './presence.js';
