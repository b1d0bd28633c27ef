/**
 * The emulator's own control endpoints under `/_emulator/`, answered to loopback clients only:
 *
 * - `GET /_emulator/stats`: attempts and per-connection counters ({@link EmulatorStats});
 * - `GET /_emulator/faults`: the installed fault rules;
 * - `POST /_emulator/faults`: install rules (JSON: one rule, an array, or `{"rules":[…]}`; a rule
 *   may be a string in the `--fault` syntax);
 * - `DELETE /_emulator/faults`: remove every rule;
 * - `POST /_emulator/connections/ID/faults`: apply a fault (JSON) to open connection ID, now or
 *   after its trigger counted from now; the answer gives the trigger as absolute counts.
 */
import type { FaultPlan } from '../faults/fault-plan.js';
import { validateFaultRule } from '../faults/fault-rule.js';
import { parseFaultSpec } from '../faults/parse-fault-spec.js';
import type { CannedResponse } from '../http/canned-response.js';
import type { Exchange } from '../http/exchange.js';
import type { Route } from '../http/route.js';
import type { EmulatorStats } from '../stream/stream-stats.js';
import type { StreamHub } from '../stream/stream-hub.js';

/** What the admin endpoints need. */
export interface AdminContext {
  readonly hub: StreamHub;
  readonly faults: FaultPlan;
}

/** The admin routes (loopback only). */
export function adminRoutes(context: AdminContext): Route[] {
  const route = (
    methods: readonly string[],
    path: string | RegExp,
    handle: (exchange: Exchange) => CannedResponse,
  ): Route => ({
    methods,
    path,
    loopbackOnly: true,
    handle: (exchange) => Promise.resolve(handle(exchange)),
  });
  return [
    route(['GET'], '/_emulator/stats', () =>
      json(200, context.hub.stats() satisfies EmulatorStats),
    ),
    route(['GET'], '/_emulator/faults', () => json(200, { rules: context.faults.list() })),
    route(['POST'], '/_emulator/faults', (exchange) => installFaults(exchange, context.faults)),
    route(['DELETE'], '/_emulator/faults', () => {
      context.faults.clear();
      return json(200, { rules: [] });
    }),
    route(['POST'], /^\/_emulator\/connections\/\d+\/faults$/u, (exchange) =>
      applyFault(exchange, context.hub),
    ),
  ];
}

function installFaults(exchange: Exchange, faults: FaultPlan): CannedResponse {
  const body = parseJson(exchange);
  if (body instanceof Error) return json(400, { error: body.message });
  const given: unknown[] = Array.isArray(body) ? body : isRulesDocument(body) ? body.rules : [body];
  try {
    // A string is a rule in the CLI's --fault syntax ("reset@100/attempts=1").
    const rules = given.map((rule, index) =>
      typeof rule === 'string' ? parseFaultSpec(rule, `rules[${index}]`) : rule,
    );
    return json(201, { installed: faults.add(rules) });
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
}

function applyFault(exchange: Exchange, hub: StreamHub): CannedResponse {
  const id = Number(exchange.url.pathname.split('/')[3]);
  const connection = hub.connection(id);
  if (!connection) return json(404, { error: `no open stream connection ${id}` });
  const body = parseJson(exchange);
  if (body instanceof Error) return json(400, { error: body.message });
  try {
    const { fault } = validateFaultRule({ fault: body }, 'fault');
    if (fault.kind === 'refuse' || fault.kind === 'duplicate') {
      return json(400, {
        error: `${fault.kind} applies to connection attempts, not open connections`,
      });
    }
    const scheduled = connection.applyFault(fault);
    if (!scheduled) return json(404, { error: `no open stream connection ${id}` });
    return json(200, { applied: scheduled, connection: id });
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
}

function parseJson(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.body.toString('utf8')) as unknown;
  } catch {
    return new Error('the body must be JSON');
  }
}

function isRulesDocument(value: unknown): value is { rules: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { rules?: unknown }).rules)
  );
}

function json(status: number, value: unknown): CannedResponse {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    headers: { 'cache-control': 'no-store' },
    body: JSON.stringify(value),
  };
}
