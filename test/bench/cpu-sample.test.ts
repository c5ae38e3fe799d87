// The benchmarks' CPU sampler: counts this process's CPU and another process's (the local Neo4j
// in a benchmark; here a child kept busy), so a result can say whether both cores were busy.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { platform } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sampleCpu } from '../../bench/support.js';

/** Spins until this process has used that much CPU (not wall) time, so a busy machine cannot skew it. */
const burnCpu = (milliseconds: number) => {
  const start = process.cpuUsage();
  let spin = 0;
  while (process.cpuUsage(start).user < milliseconds * 1000) spin += 1;
  return spin;
};

// The child spins for 400 ms of CPU, says so, then idles until killed, so its /proc entry stays.
const SPINNING_CHILD = "const s = process.cpuUsage(); while (process.cpuUsage(s).user < 400000); process.stdout.write('spun\\n'); setTimeout(() => {}, 60000);";

describe('sampleCpu', () => {
  it('counts the CPU this process uses and none for a server it was not told about', async () => {
    const sample = await sampleCpu({ neo4jPid: null });
    burnCpu(300);
    const use = sample.stop(0.3);
    expect(use.nodeSeconds).toBeGreaterThanOrEqual(0.3);
    expect(use.neo4jSeconds).toBeNull();
    expect(use.cores).toBeGreaterThanOrEqual(1);
    expect(use.coresBusy).toBeGreaterThan(0.5);
  });

  it.runIf(platform() === 'linux')('counts the CPU another process uses meanwhile', async () => {
    const child = spawn(process.execPath, ['-e', SPINNING_CHILD], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const sample = await sampleCpu({ neo4jPid: child.pid as number });
      await once(child.stdout, 'data');
      const use = sample.stop(1);
      // The child's start-up before the first reading is not counted; its spin is.
      expect(use.neo4jSeconds).toBeGreaterThanOrEqual(0.3);
      expect(use.nodeSeconds).toBeLessThan(0.3);
    } finally {
      child.kill();
    }
  });
});
