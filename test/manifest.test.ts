/**
 * The add-in manifest validates offline against Microsoft's published XSDs (xmllint from Debian's
 * libxml2-utils; ../shared/schemas/office-addin-manifest, see its README), and says what the issue
 * requires: a task pane for workbooks, read/write, a Home-tab button, zh-CN strings, icons.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SCHEMA = path.resolve(ROOT, '..', 'shared', 'schemas', 'office-addin-manifest', 'OfficeAppManifestV1_1.xsd');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const xml = fs.readFileSync(MANIFEST, 'utf8');

function xmllint(file: string): { status: number | null; output: string } {
  const found = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (found.error) {
    throw new Error(`未找到 xmllint：清单校验需要 Debian 的 libxml2-utils（apt-get install -y libxml2-utils）${process.env.CI ? '；CI 中缺失视为失败' : ''}。`);
  }
  if (!fs.existsSync(SCHEMA)) throw new Error(`未找到清单 XSD：${SCHEMA}（shared/ 应与仓库目录并列）。`);
  const r = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  it('validates against OfficeAppManifestV1_1.xsd with xmllint', () => {
    const r = xmllint(MANIFEST);
    expect(r.output).toContain('manifest.xml validates');
    expect(r.status).toBe(0);
  });

  it('the validator really rejects a broken manifest (no <Description>)', () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'manifest.xml');
    fs.writeFileSync(broken, xml.replace(/<Description DefaultValue="[^"]*">[\s\S]*?<\/Description>/, ''));
    const r = xmllint(broken);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/fails to validate/);
  });

  it('is a read/write task pane for workbooks with a Home-tab button and zh-CN strings', () => {
    expect(xml).toMatch(/xsi:type="TaskPaneApp"/);
    expect(xml).toMatch(/<Host Name="Workbook"\/>/);
    expect(xml).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
    expect(xml).toMatch(/<OfficeTab id="TabHome">[\s\S]*<Action xsi:type="ShowTaskpane">/);
    expect(xml).toMatch(/<DefaultLocale>en-US<\/DefaultLocale>/);
    expect(xml).toMatch(/<DisplayName DefaultValue="[^"]+">\s*<Override Locale="zh-CN" Value="温州政策测算"\/>/);
    expect(xml).toMatch(/<SourceLocation DefaultValue="https:\/\/localhost:3000\/taskpane.html"\/>/);
    const urls = [...xml.matchAll(/DefaultValue="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u.startsWith('https://localhost:3000/')).toBe(true);
  });

  it('points at icons 16/32/64/80 that exist in assets/ with those sizes', () => {
    for (const size of [16, 32, 64, 80]) {
      expect(xml).toContain(`https://localhost:3000/assets/icon-${size}.png`);
      expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('npm run validate runs the same check', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.validate).toContain('xmllint --noout --schema ../shared/schemas/office-addin-manifest/OfficeAppManifestV1_1.xsd manifest.xml');
    expect(execFileSync('sh', ['-c', pkg.scripts.validate], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBeDefined();
  });
});
