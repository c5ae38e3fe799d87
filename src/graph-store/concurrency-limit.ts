// A bulkhead in front of a GraphStore's reads: at most `maxConcurrent` run at once, the rest
// wait in arrival order, and one that waited `maxWaitMs` fails as unavailable (the API answers
// 503 with Retry-After). Fifty requests handed to Neo4j at once all finish late, in any order;
// admitted a few at a time they finish in the order they came, so the slowest waits about as
// long as the queue ahead of it, and an overload is refused early instead of timing out late.
import { GraphStoreError } from './errors.js';
import type { GraphStore } from './neo4j-adapter.js';

export interface ConcurrencyLimitOptions {
  maxConcurrent: number;
  maxWaitMs: number;
}

export function limitReadConcurrency(store: GraphStore, options: ConcurrencyLimitOptions): GraphStore {
  let active = 0;
  const waiting: Array<{ admit: () => void; timer: NodeJS.Timeout }> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    } else {
      active -= 1;
    }
  };

  const acquire = (context: string) =>
    new Promise<void>((resolve, reject) => {
      if (active < options.maxConcurrent) {
        active += 1;
        resolve();
        return;
      }
      const entry = {
        // The slot passes straight from the releasing query to this one.
        admit: resolve,
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(new GraphStoreError(`Neo4j is too busy (${context}): waited ${options.maxWaitMs} ms for one of ${options.maxConcurrent} query slots`, 'unavailable', true, undefined));
        }, options.maxWaitMs),
      };
      waiting.push(entry);
    });

  const limited = async <R>(context: string, work: () => Promise<R>): Promise<R> => {
    await acquire(context);
    try {
      return await work();
    } finally {
      release();
    }
  };

  return {
    description: store.description,
    read: (statement, parameters) => limited(statement.name, () => store.read(statement, parameters)),
    readTransaction: (work) => limited('read transaction', () => store.readTransaction(work)),
    stream: (statement, parameters, onRow) => limited(statement.name, () => store.stream(statement, parameters, onRow)),
    write: (statement, parameters) => store.write(statement, parameters),
    writeTransaction: (work) => store.writeTransaction(work),
    runAutoCommit: (statement, parameters) => store.runAutoCommit(statement, parameters),
    verifyConnectivity: () => store.verifyConnectivity(),
    serverInfo: () => store.serverInfo(),
    close: () => store.close(),
  };
}
