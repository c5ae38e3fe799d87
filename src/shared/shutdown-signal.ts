// Graceful stop for long-running commands (schedule, watch): the first SIGTERM or SIGINT asks the
// work to wind down; a second one exits at once (whatever was interrupted is restart-safe).
export interface ShutdownSignal {
  /** Aborted on the first SIGTERM or SIGINT. */
  signal: AbortSignal;
  /** Resolves with the signal's name when the first one arrives. */
  received: Promise<NodeJS.Signals>;
  /** Removes the handlers (the command is done). */
  dispose(): void;
}

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export function listenForShutdown(onFirst: (name: NodeJS.Signals) => void = () => undefined): ShutdownSignal {
  const controller = new AbortController();
  let resolveReceived: (name: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    resolveReceived = resolve;
  });
  const handle = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[name] ?? 1);
    onFirst(name);
    controller.abort();
    resolveReceived(name);
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
  return {
    signal: controller.signal,
    received,
    dispose() {
      process.off('SIGTERM', handle);
      process.off('SIGINT', handle);
    },
  };
}
