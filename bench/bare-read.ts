/**
 * The baseline of the whole-process benchmarks (bench/processes.ts): the bare ExcelJS read of a
 * workbook in its own Node process — `new Workbook().xlsx.readFile(file)` and nothing else.
 *   node dist-node/bench/bare-read.js FILE.xlsx
 */
import { Workbook } from 'exceljs';

const file = process.argv[2];
new Workbook().xlsx.readFile(file).then(
  () => undefined,
  (e: unknown) => {
    process.stderr.write(`bare ExcelJS read failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
