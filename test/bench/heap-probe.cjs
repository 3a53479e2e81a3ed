// Preloaded into the web host by the start-up bench only (`node --expose-gc --require …`): on
// SIGUSR2 it collects garbage and prints the V8 heap on stderr, so the bench can read the idle
// heap of the core beside its RSS / PSS from /proc. Never part of the kiosk itself.
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(`heap-probe ${JSON.stringify({ heapUsed, heapTotal, external, arrayBuffers })}\n`);
});
