// Helper process of accept-watchers.ts: sends every listening handle it receives straight back,
// which hands the API a new descriptor of the same socket, then closes its own copy. It receives
// raw handles, never a server, so it never polls the socket and cannot take a connection.
process.on('message', (_message: unknown, handle: unknown) => {
  const received = handle as { close(): void } | undefined;
  if (!received) return;
  // A raw listening handle is what the parent sent; its type is Node-internal.
  process.send?.('duplicate', received as never, () => received.close());
});
