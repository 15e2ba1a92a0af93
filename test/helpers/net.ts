/** Network helpers shared by the tests, the end-to-end harness and the benchmarks. */
import { createServer } from 'node:net';

/** A port free right now (the server then listens on it: its public URL must be known before it starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
