/**
 * Preload of the whole-process benchmarks (bench/processes.ts): a child started as
 * `node --require dist-node/bench/peak-rss.js …` writes its peak resident set size
 * (process.resourceUsage().maxRSS, in KiB) to the file named by WZPOLICY_BENCH_MAXRSS_FILE when it
 * exits. Node's own figure, so it works wherever Node does (no /usr/bin/time, no /proc). A process
 * killed by a signal writes nothing, and the benchmark shows no figure for it. A command the
 * launcher runs again in a child process (src/cli/young-generation.ts) has the preload in both:
 * the child writes first, and the launcher keeps the larger figure — the peak of the command's
 * largest process, as /usr/bin/time reports it.
 */
import { readFileSync, writeFileSync } from 'fs';

const file = process.env.WZPOLICY_BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      let earlier = 0;
      try {
        earlier = Number(readFileSync(file, 'utf8').trim()) || 0;
      } catch {
        // none yet
      }
      writeFileSync(file, `${Math.max(earlier, process.resourceUsage().maxRSS)}\n`);
    } catch {
      // No figure rather than a different exit of the measured process.
    }
  });
}
