/**
 * Office.js and ExcelJS stay behind the workbook port: nothing under src/taskpane names the
 * Office/Excel globals or imports exceljs, except through a dynamic import of the ExcelJS adapter
 * (the lazy chunk of the standalone page).
 */
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, '..', '..', 'src', 'taskpane');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('task pane layering', () => {
  const sources = files(DIR).map((f) => ({ file: path.relative(DIR, f), text: fs.readFileSync(f, 'utf8') }));

  it('has the pane sources', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['App.tsx', 'index.tsx', 'model.ts']));
  });

  it.each(sources.map((s) => [s.file, s.text]))('%s uses no Office.js global and no static ExcelJS import', (_file, text) => {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    // "Office.js" in user-facing text names the library, not its global.
    expect(code).not.toMatch(/\b(Office|Excel|OfficeExtension)\.(?!js\b)\w/);
    expect(code).not.toMatch(/from\s+['"]exceljs['"]/);
    expect(code).not.toMatch(/^import[^;]*from\s+['"][^'"]*exceljs-workbook['"]/m);
  });
});
