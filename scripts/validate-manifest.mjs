#!/usr/bin/env node
/**
 * Full validation of the add-in manifest against Microsoft's XSDs, offline, with libxml2 compiled to
 * WebAssembly (libxml2-wasm; no xmllint, no network):
 *
 *   MANIFEST_XSD_DIR=/path/to/xsds npm run validate   → manifest.xml, and the copy a deployment
 *       build writes (ADDIN_URL, or https://addin.example.gov.cn/wz/ when unset)
 *   MANIFEST_XSD_DIR=… node scripts/validate-manifest.mjs a.xml b.xml   → those files
 *
 * MANIFEST_XSD_DIR is the folder holding OfficeAppManifestV1_1.xsd and the schemas it imports
 * (OfficeAppBasicTypesV1_0.xsd, TaskPaneAppVersionOverridesV1_0.xsd, …). The XSDs are not part of
 * this repository; where to get them is printed when the folder is missing.
 *
 * The project's own checks (scripts/manifest.js: origins, icons, strings) run first, so one
 * command says everything that is wrong. Exit status: 0 valid; 1 invalid; 2 cannot validate (no
 * XSD folder, unreadable file) — never 0 without having validated.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT_XSD = 'OfficeAppManifestV1_1.xsd';
const require = createRequire(import.meta.url);
const { checkManifest, manifestForUrl } = require('./manifest.js');

const WHERE = [
  'Microsoft 发布的 XML 清单架构（XSD）：',
  '  - 开放规范 [MS-OWEMXML]: Office Web Extensibility Manifest Format（附录中有完整的 XSD）',
  '    https://learn.microsoft.com/openspecs/office_file_formats/ms-owemxml/',
  '  - GitHub 仓库 OfficeDev/office-js-docs-pr 历史版本中的 docs/overview/schemas/taskpane/ 目录',
  '    （OfficeAppManifestV1_1.xsd、OfficeAppBasicTypesV1_0.xsd、TaskPaneAppVersionOverridesV1_0.xsd 等；该目录后来已移除）',
  '把这些文件放在同一个文件夹中，再运行：MANIFEST_XSD_DIR=该文件夹 npm run validate',
].join('\n');

function fail(status, message) {
  console.error(message);
  process.exit(status);
}

/** libxml2's messages, one a line, with the line number where it gives one. */
function describe(error) {
  const details = Array.isArray(error?.details) ? error.details : [];
  if (details.length === 0) return String(error?.message ?? error);
  return details.map((d) => `${d.line ? `第 ${d.line} 行：` : ''}${String(d.message).trim()}`).join('\n');
}

const dir = process.env.MANIFEST_XSD_DIR;
if (!dir) fail(2, `未设置 MANIFEST_XSD_DIR（清单 XSD 所在的文件夹），无法做 XSD 校验。\n${WHERE}`);
const xsdFile = path.resolve(dir, ROOT_XSD);
if (!existsSync(xsdFile)) fail(2, `在 MANIFEST_XSD_DIR=${dir} 中找不到 ${ROOT_XSD}，无法做 XSD 校验。\n${WHERE}`);

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const SAMPLE_ADDIN_URL = 'https://addin.example.gov.cn/wz/';
const repoManifest = path.join(ROOT, 'manifest.xml');
/** [label, bytes, check options] for each manifest to validate. */
function manifests() {
  const files = process.argv.slice(2);
  if (files.length > 0) {
    return files.map((file) => {
      try {
        const own = path.resolve(file) === repoManifest;
        return [path.relative(process.cwd(), file) || file, readFileSync(file), own ? { packageVersion: pkg.version } : {}];
      } catch (e) {
        return fail(2, `无法读取 ${file}：${e.message}`);
      }
    });
  }
  const own = readFileSync(repoManifest);
  const addinUrl = process.env.ADDIN_URL || SAMPLE_ADDIN_URL;
  let deployed;
  try {
    deployed = Buffer.from(manifestForUrl(own.toString('utf8'), addinUrl));
  } catch (e) {
    return fail(2, e.message);
  }
  return [
    ['manifest.xml', own, { packageVersion: pkg.version }],
    [`manifest.xml（按 ADDIN_URL=${addinUrl} 构建后）`, deployed, {}],
  ];
}
// The XSD imports its siblings by relative schemaLocation: let libxml2 read files.
xmlRegisterFsInputProviders();
let validator;
try {
  const xsdDoc = XmlDocument.fromBuffer(readFileSync(xsdFile), { url: xsdFile });
  validator = XsdValidator.fromDoc(xsdDoc);
  xsdDoc.dispose();
} catch (e) {
  fail(2, `无法读取架构 ${xsdFile}：\n${describe(e)}`);
}

let invalid = 0;
for (const [label, bytes, options] of manifests()) {
  // The project's own checks first (scripts/manifest.js), then the XSD.
  const problems = checkManifest(bytes.toString('utf8'), options);
  let doc;
  try {
    doc = XmlDocument.fromBuffer(bytes);
    validator.validate(doc);
  } catch (e) {
    problems.push(`不符合 ${ROOT_XSD}：\n${describe(e)}`);
  } finally {
    doc?.dispose();
  }
  if (problems.length > 0) {
    invalid++;
    console.error(`✗ ${label}\n  ${problems.join('\n').split('\n').join('\n  ')}`);
  } else {
    console.log(`✓ ${label} 符合 ${path.join(dir, ROOT_XSD)}`);
  }
}
validator.dispose();
process.exit(invalid > 0 ? 1 : 0);
