/**
 * The sinks' public API. Drivers (better-sqlite3, pg, the NATS client) load only when a sink of
 * theirs is opened, so importing this costs nothing: open sinks by URL (`openSinkUrl`,
 * `openSinkPipeline`) or by parsed spec (`openSink`). See docs/sinks.md.
 */
export type { DeletePolicy, Sink, SinkCounters, TableSinkOptions } from './sink.js';
export type { JsonlFileSinkOptions } from './jsonl-file.js';
export type { SqliteSinkOptions } from './sqlite.js';
export type { PostgresSinkOptions } from './postgres.js';
export type { NatsSinkOptions } from './nats.js';
export { parseSinkUrl, type SinkSpec } from './sink-url.js';
export { SinkMessagesLostError, type TweetIdRange } from './sink-errors.js';
export { defaultSpillDir, openSink, openSinkUrl } from './open-sink.js';
export {
  openSinkPipeline,
  SinkPipeline,
  type SinkPipelineOptions,
  type SinkReport,
} from './sink-pipeline.js';
export {
  SpillingSink,
  type SpillOptions,
  type SpillState,
  type SpillStatus,
  type SpillTimers,
} from './spilling-sink.js';
