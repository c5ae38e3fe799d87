// More accept watchers for the API's listening socket: N duplicates of its descriptor (made by a
// short-lived helper process) accept up to N + 1 connections per event-loop turn instead of one,
// so a busy API does not leave bursts of new connections unread (docs/decisions/accept-watchers.md).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Server } from 'node:net';
import { compiledModuleUrl } from '../shared/project-paths.js';

export interface AcceptWatchers {
  /** Extra watchers listening (0 when none were asked for). */
  count: number;
  /** Stops them accepting; resolves when the connections they accepted have closed. */
  close(): Promise<void>;
}

/** What a server has without extra watchers (none asked for, or they could not be made). */
export const NO_WATCHERS: AcceptWatchers = { count: 0, close: async () => undefined };

/** How long the helper may take to hand back the copies before the server goes on without them. */
const HELPER_TIMEOUT_MS = 10_000;

/**
 * Adds `count` watchers on duplicates of `server`'s listening socket; every connection they
 * accept is handed to `server` as its own ('connection'), so routes, limits and shutdown see one
 * server. Rejects (leaving `server` as it was) when the copies cannot be made.
 */
export async function addAcceptWatchers(server: Server, count: number): Promise<AcceptWatchers> {
  const handle = (server as unknown as { _handle?: object | null })._handle;
  if (count <= 0 || !handle) return NO_WATCHERS;
  const helper = fork(compiledModuleUrl(import.meta.url, './accept-watcher-helper.js'), [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const watchers: Server[] = [];
  const timer = setTimeout(() => helper.kill(), HELPER_TIMEOUT_MS);
  const ended = once(helper, 'exit').then(() => Promise.reject(new Error('the helper process ended before it sent the copies back')));
  ended.catch(() => undefined);
  try {
    await Promise.race([once(helper, 'spawn'), ended]);
    for (let made = 0; made < count; made += 1) {
      const copy = once(helper, 'message') as Promise<[unknown, object | undefined]>;
      helper.send('duplicate', handle as never);
      const [, duplicate] = await Promise.race([copy, ended]);
      if (!duplicate) throw new Error('the helper process sent no handle back');
      const watcher = new Server((socket) => server.emit('connection', socket));
      watchers.push(watcher);
      watcher.listen(duplicate);
      await once(watcher, 'listening');
      // Accept errors (such as running out of descriptors) are the server's, as on its own socket.
      watcher.on('error', (error) => server.emit('error', error));
    }
  } catch (error) {
    await Promise.all(watchers.map((watcher) => new Promise((resolve) => watcher.close(resolve))));
    throw new Error(`cannot add accept watchers: ${(error as Error).message}`);
  } finally {
    // The helper ends with its channel; waited for, so no copy of the socket outlives the server.
    if (helper.connected) helper.disconnect();
    await ended.catch(() => undefined);
    clearTimeout(timer);
  }
  return {
    count: watchers.length,
    close: () => Promise.all(watchers.map((watcher) => new Promise<void>((resolve) => watcher.close(() => resolve())))).then(() => undefined),
  };
}
