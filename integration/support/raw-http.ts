import { connect } from 'node:net';

/**
 * Writes `bytes` to the server on 127.0.0.1:`port` as no HTTP client would,
 * then resolves with all the server sent once the connection closes.
 * `then: 'end'` half-closes right after the write; `'destroy'` drops the
 * connection as soon as the server sends anything (its `100 Continue`). A
 * reset is not an error: a server that refuses a body it will not read may
 * close on it right after its answer.
 */
export function sendRaw(
  port: number,
  bytes: string | Buffer,
  options: { then?: 'end' | 'destroy' } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (options.then === 'destroy') socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(bytes, () => {
      if (options.then === 'end') socket.end();
    });
  });
}

/** The first line of a raw answer, e.g. `HTTP/1.1 400 Bad Request`. */
export const statusLine = (answer: string): string | undefined => answer.split('\r\n')[0];

export interface TrickleOptions {
  /** Milliseconds between two bytes. */
  tickMs: number;
  /** Milliseconds after which the client stops waiting and hangs up itself. */
  giveUpMs: number;
  /** Called with each byte sent, e.g. to see the server answer others meanwhile. */
  onTick?: () => void;
}

/**
 * A slowloris: writes `head` at once, then one byte every `tickMs` until the
 * server closes the connection. Resolves with what the server sent and how
 * many milliseconds after the head it closed; `closedAfterMs` is undefined
 * when the server had not closed it after `giveUpMs`.
 */
export function trickle(
  port: number,
  head: string,
  options: TrickleOptions,
): Promise<{ answer: string; closedAfterMs: number | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const startedMs = performance.now();
    let answer = '';
    let gaveUp = false;
    const drip = setInterval(() => {
      if (socket.writable) socket.write('a');
      options.onTick?.();
    }, options.tickMs);
    const giveUp = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, options.giveUpMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    // A reset (or a write after the server's FIN) is how a dropped slow client ends.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs: gaveUp ? undefined : performance.now() - startedMs });
    });
    socket.write(head);
  });
}
