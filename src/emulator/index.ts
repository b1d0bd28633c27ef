/**
 * The local Twitter service: a strict OAuth 1.0a provider, the v1.1 sample and filter streams
 * over the synthetic world, a small REST subset, and fault injection. See docs/emulator.md.
 */
export { startEmulator } from './start-emulator.js';
export type { EmulatorFixtures, EmulatorOptions, RunningEmulator } from './types.js';
export {
  faultKinds,
  validateFaultRule,
  type FaultRule,
  type FaultTrigger,
  type StreamFault,
} from './faults/fault-rule.js';
export { parseFaultSpec } from './faults/parse-fault-spec.js';
export type { ConnectionRateLimit } from './stream/connection-rate-limiter.js';
export type { StreamQueueOptions } from './stream/stream-connection.js';
export type { StreamEndpoint } from './filter/stream-parameters.js';
export type {
  AppliedFault,
  ConnectionAttempt,
  EmulatorStats,
  OutboundKind,
  StreamConnectionStats,
} from './stream/stream-stats.js';
export {
  refusalStatuses,
  type RefusalStatus,
  type RefusalVariant,
} from './http/stream-refusals.js';
