/**
 * Dependencies point one way (docs/architecture.md): nothing under src/rules,
 * src/policies or src/exact imports ExcelJS, Office.js, React, Node's fs, or the layers above.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
}

const FORBIDDEN_PACKAGES = /^(exceljs|react|react-dom|@fluentui\/.*|@microsoft\/office-js|office-addin-.*|fs|node:fs|path|node:path|commander|child_process)$/;
const UPPER_LAYERS = ['sheets', 'workbook', 'signing', 'cli', 'taskpane', 'calculators', 'app'];

describe('the pure core depends on nothing above it', () => {
  const coreFiles = ['rules', 'policies', 'exact'].flatMap((d) => filesUnder(path.join(SRC, d)));

  it('has core files to check', () => {
    expect(coreFiles.length).toBeGreaterThan(3);
  });

  it.each(coreFiles.map((f) => [path.relative(SRC, f), f]))('%s imports no adapter, I/O or upper layer', (_rel, file) => {
    for (const spec of importsOf(file)) {
      expect(spec).not.toMatch(FORBIDDEN_PACKAGES);
      if (spec.startsWith('.')) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec));
        const layer = target.split(path.sep)[0];
        expect(UPPER_LAYERS).not.toContain(layer);
      }
    }
  });

  it('every rule file cites its document and article', () => {
    const ruleFiles = filesUnder(path.join(SRC, 'rules'));
    for (const file of ruleFiles) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file: path.relative(SRC, file), cites: /温政办(函)?〔2023〕\d+号/.test(text) }).toEqual({ file: path.relative(SRC, file), cites: true });
    }
  });
});
