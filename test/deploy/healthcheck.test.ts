import { probeFor } from '../../deploy/docker/healthcheck.cjs';

describe('the image health check', () => {
  const ports = { METRICS_PORT: 9464, WEBHOOK_PORT: 8080 };
  const run = (...args: string[]) => ['/sbin/docker-init', '--', 'node', 'bin/sync-engine.js', ...args];

  it("probes a worker's /healthz on METRICS_PORT", () => {
    expect(probeFor(run('worker'), ports)).toEqual({ kind: 'http', url: 'http://127.0.0.1:9464/healthz' });
    expect(probeFor(run('worker'), { ...ports, METRICS_PORT: 9100 })).toEqual({
      kind: 'http',
      url: 'http://127.0.0.1:9100/healthz',
    });
  });

  it("probes the webhook receiver's /readyz on its --port, else WEBHOOK_PORT", () => {
    expect(probeFor(run('webhooks'), ports)).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/readyz' });
    expect(probeFor(run('webhooks', '--port', '8181'), ports)).toEqual({
      kind: 'http',
      url: 'http://127.0.0.1:8181/readyz',
    });
  });

  it("connects to the sandbox's --port, or its default", () => {
    expect(probeFor(run('sandbox', '--host', '0.0.0.0', '--port', '4999'), ports)).toEqual({
      kind: 'tcp',
      port: 4999,
    });
    expect(probeFor(run('sandbox', '--port=5000'), ports)).toEqual({ kind: 'tcp', port: 5000 });
    expect(probeFor(run('sandbox'), ports)).toEqual({ kind: 'tcp', port: 4010 });
  });

  it('finds the command without an init process, or through an installed bin', () => {
    expect(probeFor(['node', '/app/bin/sync-engine.js', 'worker'], ports)).toBeDefined();
    expect(probeFor(['/usr/local/bin/sync-engine', 'worker'], ports)).toBeDefined();
  });

  it('passes one-shot commands, disabled ports and other processes', () => {
    expect(probeFor(run('migrate'), ports)).toBeUndefined();
    expect(probeFor(run('schedules', 'apply'), ports)).toBeUndefined();
    expect(probeFor(run('worker'), { ...ports, METRICS_PORT: 0 })).toBeUndefined();
    expect(probeFor(run('webhooks', '--port', '0'), ports)).toBeUndefined();
    expect(probeFor(run('sandbox', '--port', '0'), ports)).toBeUndefined();
    expect(probeFor(['postgres'], ports)).toBeUndefined();
  });
});
