/**
 * v1.1 stream messages: their types, the classifiers and the disconnect codes.
 */
export { classifyMessage } from './classify.js';
export { classifyRawMessage } from './classify-raw.js';
export {
  DISCONNECT_CODES,
  describeDisconnectCode,
  type DisconnectAction,
  type DisconnectCodeInfo,
} from './disconnect-codes.js';
export type * from './types.js';
export type * from './tweet.js';
