/** Shared helpers of the signing tests: fixture workbooks, keys, an independent xlsx editor. */
import ExcelJS from 'exceljs';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { setNumberCell } from './zip-edit';
import { generateSelfSigned, type CertInfo } from '../../src/signing/keys';
import { Command } from 'commander';
import { registerSigningCommands, takeSigningExitCode } from '../../src/cli/signing-commands';

export function tempDir(prefix = 'wzsig-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The vector workbook of test/fixtures/signing/vectors.ts, written with real cell types. */
export async function vectorWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('企业数据');
  s.getRow(1).values = ['名称', '金额', '日期', '标志', '错误'];
  s.getCell('A2').value = '甲公司\r\n第二行';
  s.getCell('B2').value = { formula: '1/3', result: 1 / 3 } as ExcelJS.CellFormulaValue;
  s.getCell('C2').value = new Date(Date.UTC(2023, 11, 19));
  s.getCell('C2').numFmt = 'yyyy-mm-dd';
  s.getCell('D2').value = true;
  s.getCell('E2').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
  s.getCell('B3').value = -0;
  s.getCell('C3').value = 1e21;
  s.getCell('D3').value = { formula: '1>2', result: false } as ExcelJS.CellFormulaValue;
  s.getCell('E3').value = { formula: '1/0', result: { error: '#DIV/0!' } } as unknown as ExcelJS.CellFormulaValue;
  s.getCell('A4').value = '';
  s.getCell('B4').value = 0.1 + 0.2;
  s.getCell('C4').value = 123456789012345678;
  s.getCell('D4').value = { richText: [{ text: 'a\r', font: { bold: true } }, { text: 'b' }] };
  s.getCell('E4').value = 1e-7;
  s.getCell('G6').numFmt = '0.00'; // styled but empty: outside the declared rectangle
  const p = wb.addWorksheet('评定参数');
  p.addRow(['参数', '值']);
  p.addRow(['权重', 0.25]);
  const r = wb.addWorksheet('星级评定结果');
  r.addRow(['排名', '得分']);
  r.addRow([1, 95.12345678901234]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A small "computed" workbook: inputs, parameters and results, with =1/3 and a date. */
export async function resultWorkbook(variant = 'A'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('企业数据');
  s.addRow(['统一社会信用代码', '企业名称', '营业收入（万元）', '成立日期']);
  s.addRow(['91330300MA2AAAAA1X', `甲公司${variant}`, 12345.67, new Date(Date.UTC(2015, 5, 30))]);
  s.addRow(['91330300MA2BBBBB2Y', '乙公司', 8800, new Date(Date.UTC(2018, 0, 15))]);
  s.getColumn(4).numFmt = 'yyyy-mm-dd';
  const p = wb.addWorksheet('评定参数');
  p.addRow(['参数', '值', '依据']);
  p.addRow(['评定日期', '2023-12-31', '规则说明默认（可修改）']);
  const r = wb.addWorksheet('星级评定结果');
  r.addRow(['排名', '企业名称', '总分', '占比']);
  r.addRow([1, `甲公司${variant}`, 95.5, { formula: '1/3', result: 1 / 3 }]);
  r.addRow([2, '乙公司', 80.25, { formula: 'C3/100', result: 0.8025 }]);
  // Near-ties at the 16th digit (from the demo): LibreOffice rounds their shortest decimal half up.
  r.addRow([3, '丙公司', 0.6705632818620935, 2.055306512538115]);
  r.addRow([4, '丁公司', -4.585616438356165, 9.141595947420715]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

let cached: { keys: CryptoKeyPair; cert: CertInfo } | null = null;
let cached2: { keys: CryptoKeyPair; cert: CertInfo } | null = null;

export async function signerA(): Promise<{ keys: CryptoKeyPair; cert: CertInfo }> {
  cached ??= await generateSelfSigned('张三', '温州市财政局');
  return cached;
}

export async function signerB(): Promise<{ keys: CryptoKeyPair; cert: CertInfo }> {
  cached2 ??= await generateSelfSigned('李四', '另一单位');
  return cached2;
}

/**
 * Change one cell with an INDEPENDENT writer (zip-edit.ts: Node's zlib and a regex on the sheet
 * XML — not ExcelJS, not our code): <c r="CELL"> of xl/worksheets/sheetN.xml becomes a number.
 */
export function tamperCell(file: string, sheetIndex: number, cell: string, value: number): void {
  writeFileSync(file, setNumberCell(readFileSync(file), sheetIndex, cell, value));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array | string): string {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Run the signing commands in-process, capturing output; usage errors thrown by commander → 2. */
export async function runSigningCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride();
  registerSigningCommands(program, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: () => cwd });
  const saved = process.exitCode;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    return { code: 2, out, err: err + String(e) };
  } finally {
    process.exitCode = saved;
  }
  return { code: takeSigningExitCode() ?? -1, out, err };
}
