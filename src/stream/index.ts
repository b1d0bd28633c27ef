/**
 * The stream engine's public API: a client for OAuth 1.0a-authorized (or Basic, or bearer)
 * streaming endpoints that frames, classifies, queues and reconnects as documented.
 */
export { openStream } from './open-stream.js';
export type {
  StopReason,
  StreamClient,
  StreamEvent,
  StreamEventType,
  StreamOptions,
  StreamState,
} from './types.js';
export type { StreamAuth } from '../http/stream-auth.js';
export type { StreamStats, StatusClass } from './stream-stats.js';
export type { StreamTimers, TimerHandle } from './timers.js';
export type { StallReason } from './stall-detector.js';
export {
  encodeStreamParameters,
  STREAM_PARAMETER_LIMITS,
  type BoundingBox,
  type StreamParameters,
} from './stream-parameters.js';
export {
  decideReconnect,
  documentedDelayMs,
  failureForStatus,
  backoffScheduleOf,
  HTTP_BACKOFF,
  NETWORK_BACKOFF,
  RATE_LIMIT_BACKOFF,
  type BackoffSchedule,
  type ReconnectDecision,
  type ReconnectFailure,
} from './reconnect-policy.js';
export {
  MessageFramer,
  DEFAULT_MAX_MESSAGE_BYTES,
  type FramerHandler,
  type FramerOptions,
  type FramingProblem,
} from './message-framer.js';
export { HttpStatusError } from '../http/http-status-error.js';
