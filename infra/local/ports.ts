import { connect, createServer } from 'node:net';

/** Every local server binds here: nothing of the twin is reachable from another machine. */
export const loopback = '127.0.0.1';

/** A port that was free a moment ago, for engines (DynamoDB Local) that cannot be given port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, loopback, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on the port (on 127.0.0.1 or on every interface). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(true));
    server.listen({ port, host: loopback, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** Whether a server accepts connections on the port (connects, then hangs up at once). */
export function portAccepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: loopback });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
