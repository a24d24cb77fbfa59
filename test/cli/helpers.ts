/** Running the CLI in-process on real .xlsx files in a temporary folder. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { main } from '../../src/cli/main';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');
export const ROOT = path.join(__dirname, '..', '..');
export const TODAY = '2025-03-01';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-cli-'));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run `wzpolicy ARGS…` in-process with captured output, cwd = `cwd`. */
export async function cli(args: string[], cwd: string = ROOT, today: string = TODAY): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'wzpolicy', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    today: () => today,
    cwd: () => cwd,
  });
  return { code, stdout, stderr };
}

export async function saveWorkbook(wb: Workbook, file: string): Promise<string> {
  writeFileSync(file, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return file;
}

export async function openWorkbook(file: string): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}

/** Every sheet's cell values (as ExcelJS model values), for before/after comparisons. */
export function sheetValues(wb: Workbook, name: string): unknown[][] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      values[c - 1] = cell.value instanceof Date ? cell.value.toISOString() : cell.value;
    });
    out[r - 1] = values;
  });
  return out;
}

/** The header row of a sheet as strings. */
export function headerRow(wb: Workbook, name: string): string[] {
  const ws = wb.getWorksheet(name)!;
  const out: string[] = [];
  ws.getRow(1).eachCell((cell, c) => void (out[c - 1] = String(cell.value)));
  return out;
}

export function parseJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}
