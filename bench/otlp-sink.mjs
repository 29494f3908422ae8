// An OTLP/HTTP collector stand-in for `BENCH_TRACING=1`: accepts every export on a loopback port, counts spans' bytes,
// answers 200 and keeps nothing. Run as a child process (the port goes to the parent over IPC).
import { createServer } from 'node:http';

let exports = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (c) => (bytes += c.length));
  req.on('end', () => {
    exports++;
    res.writeHead(200, { 'content-type': String(req.headers['content-type'] ?? 'application/x-protobuf') });
    res.end();
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'stats') process.send?.({ exports, bytes });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
