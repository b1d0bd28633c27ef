/**
 * spritzer's public library API. Re-exports only; see docs/architecture.md for the layout.
 */
export { SpritzerError, type SpritzerErrorCode } from './errors.js';
export * from './oauth1/index.js';
export * from './messages/index.js';
export * from './stream/index.js';
export * from './world/index.js';
export * from './emulator/index.js';
export * from './sinks/index.js';
