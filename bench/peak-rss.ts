/**
 * Preload of the whole-process benchmarks (bench/processes.ts): a child started as
 * `node --require dist-node/bench/peak-rss.js …` writes its peak resident set size
 * (process.resourceUsage().maxRSS, in KiB) to the file named by WZPOLICY_BENCH_MAXRSS_FILE when it
 * exits. Node's own figure, so it works wherever Node does (no /usr/bin/time, no /proc). A process
 * killed by a signal writes nothing, and the benchmark shows no figure for it.
 */
import { writeFileSync } from 'fs';

const file = process.env.WZPOLICY_BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // No figure rather than a different exit of the measured process.
    }
  });
}
