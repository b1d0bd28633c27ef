import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatencyHistogram } from '../../../src/cli/latency-histogram.js';

describe('latency histogram', () => {
  it('answers percentiles within 1 % with flat memory', () => {
    const histogram = new LatencyHistogram();
    assert.equal(histogram.percentile(50), undefined);
    for (let ms = 1; ms <= 1000; ms += 1) histogram.record(ms);
    const p50 = histogram.percentile(50) ?? 0;
    const p99 = histogram.percentile(99) ?? 0;
    assert.ok(Math.abs(p50 - 500) / 500 <= 0.011, String(p50));
    assert.ok(Math.abs(p99 - 990) / 990 <= 0.011, String(p99));
    assert.equal(histogram.count, 1000);
  });

  it('keeps tiny and huge latencies in its end buckets', () => {
    const histogram = new LatencyHistogram();
    histogram.record(0);
    histogram.record(1e12);
    assert.ok((histogram.percentile(1) ?? 1) <= 0.001);
    assert.ok((histogram.percentile(100) ?? 0) >= 1e6);
  });
});
