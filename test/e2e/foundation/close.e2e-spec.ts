import { connect, type Socket } from 'node:net';
import { startTestApp } from '../../support/test-app.js';

/** Reads from a raw socket until `predicate` holds on what arrived (or the socket ends). */
function readUntil(socket: Socket, predicate: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (predicate(text)) finish();
    };
    const finish = () => {
      socket.off('data', onData);
      resolve(text);
    };
    socket.on('data', onData);
    socket.once('end', finish);
  });
}

describe('closing the server', () => {
  it('lets an in-flight request finish, then ends promptly although its keep-alive client stays connected', async () => {
    const t = await startTestApp({ db: 'sqlite' });
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    try {
      const body = JSON.stringify({ username: 'nobody', password: 'wrong-password-1' });
      // headers and half the body: the request is in flight when the close begins
      socket.write(`POST /api/auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
      socket.write(body.slice(0, 10));
      await new Promise((r) => setTimeout(r, 100));

      const started = Date.now();
      let closed = false;
      const closing = t.close().then(() => {
        closed = true;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(closed).toBe(false);

      const answer = readUntil(socket, (text) => /\r\n\r\n[\s\S]*\}/.test(text));
      socket.write(body.slice(10));
      expect(await answer).toMatch(/^HTTP\/1\.1 401 /);

      await Promise.race([closing, new Promise((r) => setTimeout(r, 5_000).unref())]);
      expect(closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      socket.destroy();
    }
  });
});
