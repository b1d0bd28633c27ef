/**
 * Reads back what a JetStream stream holds, for the NATS sink tests.
 */
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * Runs `task` with a JetStream manager, retrying (at most 30 times, a second each) while the
 * cluster cannot answer, e.g. while it elects a new metadata leader after a node was killed.
 */
async function withManager<T>(
  servers: readonly string[],
  task: (manager: JetStreamManager) => Promise<T>,
): Promise<T> {
  const connection: NatsConnection = await connect({ servers: [...servers], timeout: 5000 });
  try {
    const manager = await jetstreamManager(connection, { timeout: 1000, checkAPI: false });
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await task(manager);
      } catch (error) {
        if (attempt >= 30 || (error as Error).name !== 'TimeoutError') throw error;
      }
    }
  } finally {
    await connection.close();
  }
}

/** One stored message. */
export interface StoredNatsMessage {
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly data: string;
}

/** Every message in the stream, in sequence order, read through one of `servers`. */
export async function readStream(
  servers: readonly string[],
  stream: string,
): Promise<StoredNatsMessage[]> {
  return withManager(servers, async (manager) => {
    const info = await manager.streams.info(stream);
    const messages: StoredNatsMessage[] = [];
    for (
      let seq = info.state.first_seq;
      seq <= info.state.last_seq && info.state.messages > 0;
      seq += 1
    ) {
      const stored = await manager.streams.getMessage(stream, { seq });
      if (stored === null) continue;
      messages.push({
        subject: stored.subject,
        msgId: stored.header.get('Nats-Msg-Id') || undefined,
        data: stored.string(),
      });
    }
    return messages;
  });
}

/** The stream's configuration, as the server reports it. */
export function streamConfig(
  servers: readonly string[],
  stream: string,
): Promise<{ subjects: string[]; replicas: number; duplicateWindowNs: number }> {
  return withManager(servers, async (manager) => {
    const { config } = await manager.streams.info(stream);
    return {
      subjects: config.subjects,
      replicas: config.num_replicas,
      duplicateWindowNs: config.duplicate_window,
    };
  });
}
