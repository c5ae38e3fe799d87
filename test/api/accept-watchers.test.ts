import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { addAcceptWatchers, type AcceptWatchers } from '../../src/api/accept-watchers.js';
import { openTestStore } from '../support/neo4j.js';
import { VIEWER_KEY, loadFixture, startTestApi } from './support.js';

const BURST = 40;

let server: Server | undefined;
let watchers: AcceptWatchers | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await watchers?.close();
  if (server?.listening) await new Promise((resolve) => server?.close(resolve));
  server?.removeAllListeners();
  server = undefined;
  watchers = undefined;
});

async function listeningServer(): Promise<{ server: Server; port: number; accepted: Socket[] }> {
  const accepted: Socket[] = [];
  server = createServer((socket) => accepted.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, accepted };
}

/** Opens `count` connections, then keeps the event loop busy so they all wait in the kernel's queue. */
async function queueConnections(port: number, count: number): Promise<void> {
  const opened = Array.from({ length: count }, () => {
    const client = connect(port, '127.0.0.1');
    clients.push(client);
    return once(client, 'connect');
  });
  await Promise.all(opened);
}

/** Event-loop turns until `accepted` holds `count` sockets. */
async function turnsUntilAccepted(accepted: Socket[], count: number): Promise<number> {
  let turns = 0;
  while (accepted.length < count && turns < 10 * count) {
    await new Promise((resolve) => setImmediate(resolve));
    turns += 1;
  }
  return turns;
}

describe('addAcceptWatchers', () => {
  it('accepts a burst of waiting connections in far fewer event-loop turns', async () => {
    const plain = await listeningServer();
    await queueConnections(plain.port, BURST);
    const turnsAlone = await turnsUntilAccepted(plain.accepted, BURST);
    for (const client of clients.splice(0)) client.destroy();
    await new Promise((resolve) => plain.server.close(resolve));

    const widened = await listeningServer();
    watchers = await addAcceptWatchers(widened.server, 8);
    expect(watchers.count).toBe(8);
    await queueConnections(widened.port, BURST);
    const turnsWithWatchers = await turnsUntilAccepted(widened.accepted, BURST);

    expect(widened.accepted).toHaveLength(BURST);
    expect(turnsAlone).toBeGreaterThanOrEqual(BURST / 2);
    expect(turnsWithWatchers * 3).toBeLessThan(turnsAlone);
  });

  it('hands every connection to the server, which answers it', async () => {
    server = createServer((socket) => socket.end('hello'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    watchers = await addAcceptWatchers(server, 4);
    const port = (server.address() as AddressInfo).port;
    const answers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const client = connect(port, '127.0.0.1');
        clients.push(client);
        let text = '';
        client.on('data', (chunk: Buffer) => (text += chunk.toString()));
        await once(client, 'end');
        return text;
      }),
    );
    expect(answers.every((text) => text === 'hello')).toBe(true);
  });

  it('leaves nothing listening once the server and its watchers are closed', async () => {
    const { server: listening, port } = await listeningServer();
    watchers = await addAcceptWatchers(listening, 4);
    await watchers.close();
    await new Promise((resolve) => listening.close(resolve));
    const client = connect(port, '127.0.0.1');
    clients.push(client);
    const [error] = (await once(client, 'error').catch((caught: unknown) => [caught])) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('adds none when asked for none or when the server is not listening', async () => {
    expect((await addAcceptWatchers(createServer(), 4)).count).toBe(0);
    const { server: listening } = await listeningServer();
    expect((await addAcceptWatchers(listening, 0)).count).toBe(0);
  });

  it('serves the API through its configured watchers, and a stopped API leaves its port closed', async () => {
    const store = await openTestStore();
    try {
      await loadFixture(store);
      const api = await startTestApi(store, { HYDRASCOPE_API_ACCEPT_WATCHERS: '3' });
      expect(api.acceptWatchers.count).toBe(3);
      const replies = await Promise.all(Array.from({ length: 20 }, () => fetch(`${api.url}/api/v1/campaigns`, { headers: { 'X-API-Key': VIEWER_KEY } }).then((response) => response.status)));
      expect(replies.every((status) => status === 200)).toBe(true);
      await api.close();
      const client = connect(api.port, '127.0.0.1');
      clients.push(client);
      const [error] = (await once(client, 'error')) as [NodeJS.ErrnoException];
      expect(error.code).toBe('ECONNREFUSED');
    } finally {
      await store.close();
    }
  });
});
