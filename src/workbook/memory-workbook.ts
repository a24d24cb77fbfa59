/** An in-memory workbook implementing the port, for tests and for composing results. */
import type { SheetGrid } from '../sheets/grid';
import type { ResultSheet } from '../sheets/result-sheet';
import type { ResultTag, WorkbookPort } from './port';
import { freshSheetName } from './sheet-names';

export class MemoryWorkbook implements WorkbookPort {
  readonly grids = new Map<string, SheetGrid>();
  readonly written = new Map<string, { sheet: ResultSheet; tag: ResultTag }>();

  constructor(grids: SheetGrid[] = []) {
    for (const g of grids) this.grids.set(g.name, g);
  }

  async sheetNames(): Promise<string[]> {
    return [...this.grids.keys(), ...this.written.keys()];
  }

  async readSheet(name: string): Promise<SheetGrid> {
    const grid = this.grids.get(name);
    if (!grid) throw new Error(`工作表「${name}」不存在`);
    return grid;
  }

  async addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]> {
    const names: string[] = [];
    const taken = await this.sheetNames();
    for (const sheet of sheets) {
      const name = freshSheetName(sheet.name, [...taken, ...names]);
      names.push(name);
    }
    sheets.forEach((sheet, i) => this.written.set(names[i], { sheet, tag }));
    return names;
  }
}
