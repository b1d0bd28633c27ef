/**
 * Throwaway `nats-server` processes with JetStream for tests, from Debian's `nats-server` package:
 * one node, or a cluster of three on loopback ports whose nodes can be killed and restarted.
 * Stores live in a temp dir removed by `destroy()`.
 *
 * Usage:
 *   const node = await startNatsServer();            // node.url: nats://127.0.0.1:PORT
 *   const cluster = await startNatsCluster(3);        // cluster.url: all three, comma-separated
 *   await cluster.nodes[1].kill();                    // SIGKILL: a node lost mid-run
 *   await cluster.destroy();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from './postgres.js';

/** The nats-server executable, if installed. */
export const natsServerPath: string | undefined = [
  '/usr/sbin/nats-server',
  '/usr/bin/nats-server',
].find((path) => existsSync(path));

/** Whether the tests can start nats-server here. */
export const hasNatsServer = natsServerPath !== undefined;

/** One running nats-server. */
export interface NatsServer {
  readonly name: string;
  readonly port: number;
  /** `nats://127.0.0.1:PORT` */
  readonly url: string;
  /** Starts it again (same ports, same store) after `stop()` or `kill()`. */
  start(): Promise<void>;
  /** Graceful stop (SIGTERM). */
  stop(): Promise<void>;
  /** SIGKILL: no goodbye to clients or peers. */
  kill(): Promise<void>;
  /**
   * Resolves when the server's log (since its last start) shows `text`; bounded by `timeoutMs`.
   * An abort stops waiting (the promise then stays pending).
   */
  waitForLog(text: string, timeoutMs?: number, signal?: AbortSignal): Promise<void>;
}

/** A cluster of nodes that route to each other. */
export interface NatsCluster {
  readonly nodes: readonly NatsServer[];
  /** Every node's client URL, comma-separated (what the sink's `nats://` URL takes). */
  readonly url: string;
  destroy(): Promise<void>;
}

/** Starts one JetStream-enabled node. */
export async function startNatsServer(): Promise<NatsServer & { destroy(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'spritzer-nats-'));
  const node = await makeNode('n1', root, []);
  await node.start();
  return {
    ...node,
    destroy: async () => {
      await node.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Starts `size` JetStream nodes clustered over loopback routes; resolves when all are ready. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const root = mkdtempSync(join(tmpdir(), 'spritzer-nats-cluster-'));
  const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = clusterPorts.map((port) => `nats://127.0.0.1:${port}`).join(',');
  const nodes = await Promise.all(
    clusterPorts.map((clusterPort, index) =>
      makeNode(`n${index + 1}`, root, [
        '--cluster_name',
        'spritzer-test',
        '--cluster',
        `nats://127.0.0.1:${clusterPort}`,
        '--routes',
        routes,
      ]),
    ),
  );
  await Promise.all(nodes.map((node) => node.start()));
  // JetStream answers nothing until the cluster has elected its metadata leader.
  const elected = new AbortController();
  await Promise.any(
    nodes.map((node) => node.waitForLog('new metadata leader', 30_000, elected.signal)),
  );
  elected.abort();
  const url = nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  await waitForPlacement(url, size);
  return {
    nodes,
    url,
    destroy: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the metadata leader knows every node as a JetStream peer: until then a stream of
 * `replicas` replicas is refused with "no suitable peers for placement" (code 10005). Probes by
 * creating and deleting such a stream, every 100 ms for at most 30 s.
 */
async function waitForPlacement(url: string, replicas: number): Promise<void> {
  const connection = await connect({ servers: url.split(','), timeout: 5000 });
  try {
    const manager = await jetstreamManager(connection, { timeout: 2000 });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await manager.streams.add({
          name: 'PLACEMENT_PROBE',
          subjects: ['probe.>'],
          num_replicas: replicas,
        });
        await manager.streams.delete('PLACEMENT_PROBE');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await connection.close();
  }
}

async function makeNode(name: string, root: string, extra: readonly string[]): Promise<NatsServer> {
  if (natsServerPath === undefined) throw new Error('nats-server is not installed');
  const executable = natsServerPath;
  const port = await freePort();
  const args = [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-n',
    name,
    '-js',
    '-sd',
    join(root, name),
    ...extra,
  ];
  let child: ChildProcess | undefined;
  let log = '';
  const logEvents = new EventEmitter();

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      running.once('exit', () => {
        resolve();
      }),
    );
    running.kill(signal);
    await exited;
  };

  return {
    name,
    port,
    url: `nats://127.0.0.1:${port}`,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const process_ = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        child = process_;
        log = '';
        const timer = setTimeout(() => {
          reject(new Error(`nats-server ${name} did not start within 20 s:\n${log}`));
        }, 20_000);
        process_.stderr.setEncoding('utf8').on('data', (text: string) => {
          log = (log + text).slice(-20_000);
          logEvents.emit('log');
          if (log.includes('Server is ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        process_.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`nats-server ${name} exited with ${code}:\n${log}`));
        });
      }),
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    waitForLog: (text, timeoutMs = 20_000, signal) =>
      new Promise<void>((resolve, reject) => {
        const stop = (): void => {
          clearTimeout(timer);
          logEvents.off('log', check);
        };
        const check = (): void => {
          if (!log.includes(text)) return;
          stop();
          resolve();
        };
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`nats-server ${name} did not log "${text}" within ${timeoutMs} ms`));
        }, timeoutMs);
        signal?.addEventListener('abort', stop, { once: true });
        logEvents.on('log', check);
        check();
      }),
  };
}
