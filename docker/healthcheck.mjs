// Container health check (Dockerfile HEALTHCHECK): GET /health on this container, exit 0 on 200, else 1.
// Plain Node (slim images have no curl). Uses PORT like the app; HOST only when it names one interface.
const port = Number(process.env.PORT || 8080);
const bound = (process.env.HOST || '').trim();
const host = !bound || bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000), headers: { 'user-agent': 'gophergate-healthcheck' } });
  const body = await response.text();
  if (response.status !== 200) {
    process.stderr.write(`unhealthy: ${url} answered ${response.status}\n`);
    process.exit(1);
  }
  process.stdout.write(`${body}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`unhealthy: ${url}: ${err?.cause?.code ?? err?.name ?? 'error'}\n`);
  process.exit(1);
}
