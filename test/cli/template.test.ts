/** wzpolicy template: canonical headers, a note row, drop-downs; a filled template reads back. */
import type { Worksheet } from 'exceljs';
import { calculatorFor } from '../../src/calculators';
import { HQ_HEADERS, WATER_HEADERS, RELIEF_HEADERS, hqWorkedExampleRows, WATER_WORKED_ROWS, type InputValue } from '../../scripts/example-workbooks';
import { cli, openWorkbook, parseJson, saveWorkbook, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Kind = 'hq-rating' | 'water-fund' | 'relief';

function headerMap(ws: Worksheet): Map<string, number> {
  const map = new Map<string, number>();
  ws.getRow(1).eachCell((cell, c) => map.set(String(cell.value), c));
  return map;
}

/** Type records into the template as an officer would: prefilled rows matched by their key, else the next empty row. */
function fill(ws: Worksheet, headers: readonly string[], records: InputValue[][]): void {
  const cols = headerMap(ws);
  const keyCol = cols.get(headers[0])!;
  for (const record of records) {
    let rowNumber = -1;
    ws.eachRow((row, r) => {
      if (r > 1 && rowNumber < 0 && row.getCell(keyCol).value === record[0]) rowNumber = r;
    });
    if (rowNumber < 0) {
      rowNumber = 3;
      while (ws.getRow(rowNumber).getCell(keyCol).value !== null && ws.getRow(rowNumber).getCell(keyCol).value !== undefined) rowNumber++;
    }
    headers.forEach((h, i) => {
      const c = cols.get(h);
      if (c === undefined) throw new Error(`template lacks header ${h}`);
      const v = record[i];
      if (v !== null) ws.getRow(rowNumber).getCell(c).value = v;
    });
  }
}

describe.each<[Kind]>([['hq-rating'], ['water-fund'], ['relief']])('template %s', (kind) => {
  const file = tmp.file(`${kind}-template.xlsx`);
  let run: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    run = await cli(['template', kind, '--out', file]);
  });

  test('exit 0 and a one-sheet workbook with the calculator\'s canonical headers in order', async () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已写入/);
    const wb = await openWorkbook(file);
    const calc = calculatorFor(kind)!;
    const expected = calc.template();
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe(expected.name);
    expect([...headerMap(ws).keys()]).toEqual(expected.columns.map((c) => c.header));
    for (const spec of calc.fields.filter((f) => f.required)) expect(headerMap(ws).has(spec.canonical)).toBe(true);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  test('the note row is italic grey and the drop-down lists are there', async () => {
    const wb = await openWorkbook(file);
    const ws = wb.worksheets[0];
    const expected = calculatorFor(kind)!.template();
    for (const note of expected.noteRows ?? []) {
      const cell = ws.getRow(note + 2).getCell(1);
      expect(cell.font?.italic).toBe(true);
      expect(cell.font?.color?.argb).toBe('FF808080');
    }
    const model = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] } | undefined> } }).dataValidations.model;
    for (const v of expected.validations ?? []) {
      const letter = ws.getColumn(v.col + 1).letter;
      const dv = model[`${letter}${v.firstRow + 2}`];
      expect(dv?.type).toBe('list');
      expect(dv?.formulae[0]).toBe(`"${v.values.join(',')}"`);
      expect(model[`${letter}${v.lastRow + 2}`]).toBeDefined();
    }
  });

  test('the template is not marked as a tool-created sheet (once filled it is the officer\'s data)', async () => {
    const wb = await openWorkbook(file);
    const names = (wb.definedNames as unknown as { model: Array<{ name: string }> }).model.map((d) => d.name);
    expect(names.filter((n) => n.startsWith('_wzpolicy.'))).toEqual([]);
  });
});

describe('a filled template reads back', () => {
  test('hq-rating: the §1.5 example typed into the template gives A 104, B 38.666…, C 2', async () => {
    const file = tmp.file('hq-filled-template.xlsx');
    expect((await cli(['template', 'hq-rating', '--out', file])).code).toBe(0);
    const wb = await openWorkbook(file);
    const rows = hqWorkedExampleRows().map((r) => [r.code, r.name, r.hq, r.revenue, r.contribution, r.rd, r.contributors, r.filers, r.rate, r.lists, r.exchange, r.listed, r.disqualified]);
    fill(wb.worksheets[0], HQ_HEADERS, rows);
    const filled = await saveWorkbook(wb, tmp.file('hq-filled.xlsx'));
    const run = await cli(['hq-rating', filled, '--json', '--rating-date', '2024-12-31']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = parseJson(run.stdout).results as Array<{ total: string }>;
    expect(results.map((r) => r.total.slice(0, 8))).toEqual(['104', '38.66666', '2']);
  });

  test('water-fund: the §2.6 counties typed into the template give bases adding to 140,000,000', async () => {
    const file = tmp.file('water-filled-template.xlsx');
    expect((await cli(['template', 'water-fund', '--out', file])).code).toBe(0);
    const wb = await openWorkbook(file);
    fill(wb.worksheets[0], WATER_HEADERS, WATER_WORKED_ROWS);
    const filled = await saveWorkbook(wb, tmp.file('water-filled.xlsx'));
    const run = await cli(['water-fund', filled, '--json']);
    expect(run.code).toBe(0);
    const json = parseJson(run.stdout);
    expect((json.totals as Record<string, string>).base).toBe('140000000');
    expect((json.results as Array<{ county: string; baseShare: string }>).find((r) => r.county === '文成县')!.baseShare.startsWith('0.39909090909')).toBe(true);
  });

  test('relief: families typed into the template are computed', async () => {
    const file = tmp.file('relief-filled-template.xlsx');
    expect((await cli(['template', 'relief', '--out', file])).code).toBe(0);
    const wb = await openWorkbook(file);
    fill(wb.worksheets[0], RELIEF_HEADERS, [
      ['F001', '陈一', '11010519491231002X', '文成县', 150000],
      ['F002', '林二', null, '泰顺县', 300000],
      ['F003', '王三', null, '永嘉县', 120000],
    ]);
    const filled = await saveWorkbook(wb, tmp.file('relief-filled.xlsx'));
    const run = await cli(['relief', filled, '--json']);
    expect(run.code).toBe(0);
    const json = parseJson(run.stdout);
    const families = json.families as Array<{ familyId: string; relief: string }>;
    expect(Object.fromEntries(families.map((f) => [f.familyId, f.relief]))).toEqual({ F001: '30000', F002: '100000', F003: '0' });
    expect(json.total).toBe('130000');
  });
});
