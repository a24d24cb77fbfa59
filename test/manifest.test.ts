/**
 * The add-in manifest, checked on its own (nothing outside this repository, no network):
 * - scripts/manifest.js checkManifest with a real XML parser: required elements, zh-CN strings with
 *   en-US overrides, every URL under one https origin (AppDomain included), resource ids that
 *   resolve, icons 16/32/64/80/128 that exist at the sizes they claim, Version = package.json's;
 * - the requirement sets it declares cover the Office.js members the code uses (read with the
 *   TypeScript checker from @types/office-js's `[Api set: …]` tags);
 * - the ADDIN_URL rewrite leaves no development address, and package.json's `config` block matches;
 * - `npm run validate` (libxml2-wasm against Microsoft's XSDs) refuses to pass without an XSD folder
 *   and validates for real with one (a small stand-in XSD here; CI runs it on Microsoft's).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { DEV_URL, checkManifest, manifestForUrl } from '../scripts/manifest';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const xml = fs.readFileSync(MANIFEST, 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  config: Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SIZES } = require('../scripts/icons.js') as { SIZES: number[] };

/** What a URL under the development base stands for in the repository (the build's inputs). */
const SOURCES: Record<string, string> = {
  'taskpane.html': 'src/taskpane/taskpane.html',
  'index.html': 'src/taskpane/taskpane.html',
  'help.html': 'docs/addin-help.html',
};
function readSource(rel: string): Buffer | null {
  const file = path.join(ROOT, SOURCES[rel] ?? rel);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}
const check = (text: string): string[] => checkManifest(text, { readFile: readSource, packageVersion: pkg.version });

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('manifest.xml on its own', () => {
  it('passes every check: elements, locales, one origin, resources, icons, pages, version', () => {
    expect(check(xml)).toEqual([]);
  });

  it('is a read/write task pane for workbooks, zh-CN first, with a Home-tab button and the help page as SupportUrl', () => {
    expect(xml).toMatch(/xsi:type="TaskPaneApp"/);
    expect(xml).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
    expect(xml).toMatch(/<DisplayName DefaultValue="温州政策测算">\s*<Override Locale="en-US" Value="[^"]+"\/>/);
    expect(xml).toMatch(/<ProviderName>[^<]*[\u4e00-\u9fff][^<]*<\/ProviderName>/);
    expect(xml).toMatch(/<OfficeTab id="TabHome">[\s\S]*<Action xsi:type="ShowTaskpane">/);
    expect(xml).toContain(`<SupportUrl DefaultValue="${DEV_URL}help.html"/>`);
    expect(xml).toContain(`<SourceLocation DefaultValue="${DEV_URL}taskpane.html"/>`);
  });

  it('Version follows package.json', () => {
    expect(xml).toContain(`<Version>${pkg.version}.0</Version>`);
  });

  it('declares icons 16/32/64/80/128, and assets/ holds them at those sizes (as scripts/icons.js writes them)', () => {
    expect(SIZES).toEqual([16, 32, 64, 80, 128]);
    for (const size of SIZES) {
      expect(xml).toContain(`${DEV_URL}assets/icon-${size}.png`);
      expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  // Four columns always: jest would take a missing fourth argument for a `done` callback.
  const broken: Array<[string, (x: string) => string, RegExp, ((rel: string) => Buffer | null) | null]> = [
    ['not well-formed', (x) => x.replace('</Hosts>', '</Host>'), /格式正确的 XML/, null],
    ['no <Description>', (x) => x.replace(/<Description DefaultValue="[^"]*">[\s\S]*?<\/Description>/, ''), /缺少 <Description>/, null],
    [
      'a URL on another origin',
      (x) => x.replace(`${DEV_URL}help.html"/>`, 'https://example.com/help.html"/>'),
      /不在 https:\/\/localhost:3000\/ 之下/,
      null,
    ],
    [
      'an AppDomain that is not the origin',
      (x) => x.replace('<AppDomain>https://localhost:3000</AppDomain>', '<AppDomain>https://old.example.com</AppDomain>'),
      /<AppDomain> 为 https:\/\/old.example.com/,
      null,
    ],
    ['DefaultLocale en-US', (x) => x.replace('<DefaultLocale>zh-CN', '<DefaultLocale>en-US'), /DefaultLocale> 应为 zh-CN/, null],
    [
      'a string without its en-US override',
      (x) => x.replace(/(<bt:String id="Group.Label" DefaultValue="政策测算">)\s*<bt:Override[^>]*\/>/, '$1'),
      /Group.Label 缺少 en-US/,
      null,
    ],
    [
      'a resid that does not resolve',
      (x) => x.replace('<Label resid="Group.Label"/>', '<Label resid="Group.Nothing"/>'),
      /Group.Nothing/,
      null,
    ],
    [
      'another version than package.json',
      (x) => x.replace(/<Version>[^<]*</, '<Version>9.9.9.9<'),
      /应与 package.json 的 version 一致/,
      null,
    ],
    ['no 128 icon', (x) => x.replace(/\s*<bt:Image id="Icon.128x128"[^>]*\/>/, ''), /没有声明 128×128 的图标/, null],
    [
      'an icon of the wrong size',
      (x) => x,
      /icon-32.png 为 16×16，应为 32×32/,
      (rel) => readSource(rel === 'assets/icon-32.png' ? 'assets/icon-16.png' : rel),
    ],
    ['a missing help page', (x) => x, /help.html 指向的文件不存在/, (rel) => (rel === 'help.html' ? null : readSource(rel))],
  ];
  it.each(broken)('the checks really reject a manifest with %s', (_what, edit, message, readFile) => {
    const edited = edit(xml);
    const problems = checkManifest(edited, { readFile: readFile ?? readSource, packageVersion: pkg.version });
    expect(problems.join('\n')).toMatch(message);
  });
});

describe('requirement sets', () => {
  /** Office.js members used by the Office adapters, with the API set @types/office-js tags them with. */
  function usedApiSets(files: string[]): Map<string, Set<string>> {
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2020,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['office-js'],
    });
    const checker = program.getTypeChecker();
    const used = new Map<string, Set<string>>();
    for (const sf of program.getSourceFiles()) {
      if (!files.includes(path.resolve(sf.fileName))) continue;
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node)) {
          for (const d of checker.getSymbolAtLocation(node.name)?.declarations ?? []) {
            if (!d.getSourceFile().fileName.includes('office-js')) continue;
            const doc = ts
              .getJSDocCommentsAndTags(d)
              .map((c) => c.getText())
              .join('\n');
            const m = /\[Api set: (\w+) (\d+\.\d+)/.exec(doc);
            if (m) {
              const key = `${m[1]} ${m[2]}`;
              const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
              used.set(key, (used.get(key) ?? new Set()).add(`${node.name.text}@${path.basename(sf.fileName)}:${line}`));
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    return used;
  }
  const minor = (v: string): number => Number(v.split('.')[1]);

  it('the declared ExcelApi MinVersion covers every member the code uses without a run-time check', () => {
    const dir = path.join(ROOT, 'src', 'workbook');
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^office-.*\.ts$/.test(f))
      .map((f) => path.join(dir, f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const source = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // Versions the code asks Office about before using them (optional features, with a fallback).
    const gated = new Set([...source.matchAll(/(?:excelApiSupported\(|isSetSupported\('ExcelApi',\s*)'(\d+\.\d+)'\)/g)].map((m) => m[1]));
    const used = usedApiSets(files);
    const declared = new Map([...xml.matchAll(/<Set Name="(\w+)" MinVersion="(\d+\.\d+)"\/>/g)].map((m) => [m[1], m[2]]));
    const uncovered: string[] = [];
    let required = '1.1';
    for (const [key, where] of used) {
      const [set, version] = key.split(' ');
      if (set === 'ExcelApi' && gated.has(version)) continue;
      if (set === 'ExcelApi' && minor(version) > minor(required)) required = version;
      const min = declared.get(set);
      if (version !== '1.1' && (!min || minor(min) < minor(version))) uncovered.push(`${key}: ${[...where].slice(0, 3).join(', ')}`);
    }
    // eslint-disable-next-line no-console
    console.log(
      `代码用到的要求集：${[...used.keys()].sort().join('、')}；运行时检查的 ExcelApi：${[...gated].join('、')}；必需 ExcelApi ${required}，清单声明 ${declared.get('ExcelApi')}`,
    );
    expect(used.size).toBeGreaterThan(2);
    expect(uncovered).toEqual([]);
    // And no higher than needed: every step up shuts out older Excel builds that officers still use.
    expect(declared.get('ExcelApi')).toBe(required);
  });
});

describe('deployment settings', () => {
  it('ADDIN_URL moves every address, the AppDomain too, and leaves no localhost', () => {
    const out = manifestForUrl(xml, 'https://addin.example.gov.cn/wz');
    expect(out).not.toContain('localhost');
    expect(out).toContain('<AppDomain>https://addin.example.gov.cn</AppDomain>');
    expect(out).toContain('<SourceLocation DefaultValue="https://addin.example.gov.cn/wz/taskpane.html"/>');
    expect(checkManifest(out, { base: 'https://addin.example.gov.cn/wz/' })).toEqual([]);
    expect(() => manifestForUrl(xml, 'http://addin.example.gov.cn/wz/')).toThrow(/必须是 https/);
    expect(() => manifestForUrl(xml, 'https://addin.example.gov.cn/wz/?v=1')).toThrow(/不能带/);
  });

  it('package.json has the config block office-addin-debugging reads, on the manifest port', () => {
    expect(pkg.config).toEqual({ app_to_debug: 'excel', app_type_to_debug: 'desktop', dev_server_port: Number(new URL(DEV_URL).port) });
    expect(pkg.scripts.start).toContain('office-addin-debugging');
  });
});

describe('npm run validate (XSD validation with libxml2-wasm)', () => {
  function validate(env: Record<string, string | undefined>, ...files: string[]): { status: number | null; output: string } {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'validate-manifest.mjs'), ...files], {
      cwd: ROOT,
      env: { ...process.env, MANIFEST_XSD_DIR: undefined, ...env },
      encoding: 'utf8',
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  it('is the npm script', () => {
    expect(pkg.scripts.validate).toBe('node scripts/validate-manifest.mjs');
  });

  it('without an XSD folder it says where Microsoft publishes the XSDs and exits 2 — never passes', () => {
    const unset = validate({});
    expect(unset.status).toBe(2);
    expect(unset.output).toContain('MANIFEST_XSD_DIR');
    expect(unset.output).toContain('MS-OWEMXML');
    const missing = validate({ MANIFEST_XSD_DIR: path.join(os.tmpdir(), 'no-such-xsd-folder') });
    expect(missing.status).toBe(2);
    expect(missing.output).toContain('找不到 OfficeAppManifestV1_1.xsd');
  });

  it('with an XSD folder it validates for real: the manifest passes, one without <Id> fails (exit 1)', () => {
    // A stand-in for Microsoft's schema with the same entry file name, namespace and xsi:type, that
    // requires <Id> first: enough to show that the document is validated against the folder's XSD.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsd-'));
    fs.writeFileSync(
      path.join(dir, 'OfficeAppManifestV1_1.xsd'),
      `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="http://schemas.microsoft.com/office/appforoffice/1.1"
           targetNamespace="http://schemas.microsoft.com/office/appforoffice/1.1" elementFormDefault="qualified">
  <xs:complexType name="OfficeApp">
    <xs:sequence>
      <xs:element name="Id" type="xs:string"/>
      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="TaskPaneApp"><xs:complexContent><xs:extension base="o:OfficeApp"/></xs:complexContent></xs:complexType>
  <xs:element name="OfficeApp" type="o:OfficeApp"/>
</xs:schema>
`,
    );
    const ok = validate({ MANIFEST_XSD_DIR: dir });
    expect(ok.output).toContain('✓ manifest.xml');
    expect(ok.status).toBe(0);
    const noId = path.join(dir, 'manifest.xml');
    fs.writeFileSync(noId, xml.replace(/<Id>[^<]*<\/Id>/, ''));
    const bad = validate({ MANIFEST_XSD_DIR: dir }, noId);
    expect(bad.status).toBe(1);
    expect(bad.output).toMatch(/不符合 OfficeAppManifestV1_1.xsd[\s\S]*Id/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
