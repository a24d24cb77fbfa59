/**
 * The add-in manifest (manifest.xml), for the build and the tests:
 *
 * - manifestForUrl(xml, addinUrl): the copy webpack writes to dist/ when ADDIN_URL is set — every
 *   development address (https://localhost:3000/…, and the bare origin in <AppDomain>) moved to
 *   the deployment address, and the header comment (which names the development setup) replaced.
 * - checkManifest(xml, options): the checks that need no XSD and no network — well-formed XML
 *   (a real parser, @xmldom/xmldom), the elements Office and this project require, every URL under
 *   one https base, resource ids that resolve, icons that exist at the sizes they claim, strings in
 *   zh-CN with an en-US override. Returns a list of problems in Chinese (empty = fine).
 *
 * Full validation against Microsoft's XSDs is scripts/validate-manifest.mjs (npm run validate).
 */
'use strict';

/** Where the repository's manifest.xml points (npm run dev-server). */
const DEV_URL = 'https://localhost:3000/';
const DEV_ORIGIN = DEV_URL.replace(/\/$/, '');

const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  ov: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

/** The deployment address as a base URL ending in "/"; throws (in Chinese) when it cannot host a pane. */
function normaliseAddinUrl(addinUrl) {
  let url;
  try {
    url = new URL(addinUrl);
  } catch {
    throw new Error(`ADDIN_URL 不是有效的网址：${addinUrl}`);
  }
  // Office loads task panes only over https; a query or fragment would end up inside every URL.
  if (url.protocol !== 'https:') throw new Error(`ADDIN_URL 必须是 https 地址（Office 只加载 https 的任务窗格）：${addinUrl}`);
  if (url.search || url.hash) throw new Error(`ADDIN_URL 不能带 ? 或 # 部分：${addinUrl}`);
  return url.href.replace(/\/?$/, '/');
}

/** manifest.xml with the development address replaced by `addinUrl` (see the file comment). */
function manifestForUrl(xml, addinUrl) {
  const base = normaliseAddinUrl(addinUrl);
  const origin = new URL(base).origin;
  const header = [
    '<!--',
    `  温州政策测算 — Excel 任务窗格加载项（XML 清单），由 npm run build:web 为 ${base} 生成。`,
    '  源文件是仓库中的 manifest.xml；校验：npm run validate。',
    '-->',
  ].join('\n');
  return xml
    .replace(/<!--[\s\S]*?-->/, header)
    .split(DEV_URL)
    .join(base)
    .split(DEV_ORIGIN)
    .join(origin);
}

function childElements(node, ns, name) {
  const out = [];
  for (let c = node && node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && c.namespaceURI === ns && c.localName === name) out.push(c);
  }
  return out;
}

function descendants(node, ns, name) {
  return Array.from(node.getElementsByTagNameNS(ns, name));
}

function pngSize(bytes) {
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const HAN = /[\u4e00-\u9fff]/;

/**
 * Problems of a manifest (empty = fine).
 *   options.readFile(relPath) → Buffer | null: the file a URL under the base stands for
 *     (the repository's sources, or a built dist/), to check that pages and icons exist;
 *   options.base: the expected base URL (default: the folder of <SourceLocation>);
 *   options.packageVersion: package.json's version, which <Version> must follow;
 *   options.iconSizes: the icon sizes that must be declared (default 16, 32, 64, 80, 128).
 */
function checkManifest(xml, options = {}) {
  const { DOMParser } = require('@xmldom/xmldom');
  const problems = [];
  const say = (m) => problems.push(m);
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        // Warnings too: a manifest should parse without any complaint.
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (e) {
    return [`清单不是格式正确的 XML：${e.message}`];
  }
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.app || root.localName !== 'OfficeApp') return ['根元素应为 OfficeApp（命名空间 appforoffice/1.1）'];
  if (root.getAttributeNS(NS.xsi, 'type') !== 'TaskPaneApp') say('OfficeApp 的 xsi:type 应为 TaskPaneApp');

  const one = (name) => {
    const found = childElements(root, NS.app, name);
    if (found.length !== 1) say(`缺少 <${name}>（或出现多次）`);
    return found[0] || null;
  };
  const text = (el) => (el ? el.textContent.trim() : '');

  // Required elements (the XSD's minOccurs=1 ones plus what this add-in needs).
  const id = one('Id');
  if (id && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text(id))) say('<Id> 应为 GUID');
  const version = one('Version');
  if (version && !/^\d{1,5}(\.\d{1,5}){3}$/.test(text(version))) say('<Version> 应为四段数字，如 1.2.3.0');
  if (version && options.packageVersion) {
    const want = `${options.packageVersion.replace(/[-+].*$/, '')}.0`;
    if (text(version) !== want) say(`<Version> 为 ${text(version)}，应与 package.json 的 version 一致：${want}`);
  }
  const provider = one('ProviderName');
  if (provider && !HAN.test(text(provider))) say('<ProviderName> 应为中文');
  const locale = one('DefaultLocale');
  if (locale && text(locale) !== 'zh-CN') say('<DefaultLocale> 应为 zh-CN');
  for (const name of ['DisplayName', 'Description']) {
    const el = one(name);
    if (!el) continue;
    if (!HAN.test(el.getAttribute('DefaultValue'))) say(`<${name}> 的 DefaultValue 应为中文`);
    if (!childElements(el, NS.app, 'Override').some((o) => o.getAttribute('Locale') === 'en-US' && o.getAttribute('Value'))) {
      say(`<${name}> 缺少 en-US 的 <Override>`);
    }
  }
  const iconUrl = one('IconUrl');
  const hiResIconUrl = one('HighResolutionIconUrl');
  one('SupportUrl');
  const hosts = one('Hosts');
  if (hosts && !childElements(hosts, NS.app, 'Host').some((h) => h.getAttribute('Name') === 'Workbook'))
    say('<Hosts> 中应有 <Host Name="Workbook"/>');
  const settings = one('DefaultSettings');
  const source = settings ? childElements(settings, NS.app, 'SourceLocation')[0] : null;
  if (!source) say('缺少 <DefaultSettings><SourceLocation>');
  const permissions = one('Permissions');
  if (permissions && text(permissions) !== 'ReadWriteDocument') say('<Permissions> 应为 ReadWriteDocument（加载项写入结果表）');
  const overrides = childElements(root, NS.ov, 'VersionOverrides')[0];
  if (!overrides) say('缺少 <VersionOverrides>（功能区按钮）');

  // Every URL under one https base; <AppDomain> is that base's origin.
  const sourceUrl = source ? source.getAttribute('DefaultValue') : '';
  const base = options.base || sourceUrl.replace(/[^/]*$/, '');
  if (!/^https:\/\//.test(base)) say(`地址应为 https：${base || '（无）'}`);
  const urls = [];
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    for (const attr of ['DefaultValue', 'Value']) {
      const v = el.getAttribute(attr);
      if (v && /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) urls.push({ url: v, where: el.localName });
    }
  }
  for (const d of descendants(root, NS.app, 'AppDomain')) {
    let origin = null;
    try {
      origin = new URL(base).origin;
    } catch {
      // reported above
    }
    if (text(d) !== origin) say(`<AppDomain> 为 ${text(d)}，应为 ${origin}（加载项所在的源）`);
  }
  if (urls.length === 0) say('清单中没有任何地址');
  for (const { url, where } of urls) {
    if (!url.startsWith(base)) say(`<${where}> 的地址 ${url} 不在 ${base} 之下`);
  }

  // Resources: ids resolve, strings are Chinese with an English override, within the XSD's lengths.
  const resources = new Map();
  if (overrides) {
    const kinds = [
      ['Images', 'Image'],
      ['Urls', 'Url'],
      ['ShortStrings', 'String'],
      ['LongStrings', 'String'],
    ];
    for (const [group, item] of kinds) {
      for (const g of descendants(overrides, NS.bt, group)) {
        for (const r of childElements(g, NS.bt, item)) {
          const rid = r.getAttribute('id');
          if (rid.length > 32) say(`资源 id ${rid} 超过 32 个字符`);
          if (resources.has(rid)) say(`资源 id ${rid} 重复`);
          resources.set(rid, { group, el: r, value: r.getAttribute('DefaultValue') });
          if (item !== 'String') continue;
          const max = group === 'ShortStrings' ? 125 : 250;
          const values = [r.getAttribute('DefaultValue'), ...childElements(r, NS.bt, 'Override').map((o) => o.getAttribute('Value'))];
          if (values.some((v) => v.length > max)) say(`字符串 ${rid} 超过 ${max} 个字符`);
          if (!HAN.test(values[0])) say(`字符串 ${rid} 的 DefaultValue 应为中文`);
          if (!childElements(r, NS.bt, 'Override').some((o) => o.getAttribute('Locale') === 'en-US'))
            say(`字符串 ${rid} 缺少 en-US 的 <bt:Override>`);
        }
      }
    }
    for (const el of Array.from(overrides.getElementsByTagName('*'))) {
      const rid = el.getAttribute('resid');
      if (rid && !resources.has(rid)) say(`<${el.localName} resid="${rid}"> 引用的资源不存在`);
      if (rid && el.localName === 'Image' && el.namespaceURI === NS.bt) {
        const declared = /^Icon\.(\d+)x\1$/.exec(rid);
        if (!declared || declared[1] !== el.getAttribute('size'))
          say(`<bt:Image size="${el.getAttribute('size')}"> 引用了 ${rid}，尺寸不符`);
      }
    }
  }

  // Icons: every image resource and IconUrl/HighResolutionIconUrl exists at the size it claims.
  const icons = [...resources.values()]
    .filter((r) => r.group === 'Images')
    .map((r) => ({ url: r.value, size: Number((/^Icon\.(\d+)x\1$/.exec(r.el.getAttribute('id')) || [])[1]) }));
  if (iconUrl) icons.push({ url: iconUrl.getAttribute('DefaultValue'), size: 32 });
  if (hiResIconUrl) icons.push({ url: hiResIconUrl.getAttribute('DefaultValue'), size: 64 });
  for (const size of options.iconSizes || [16, 32, 64, 80, 128]) {
    if (!icons.some((i) => i.size === size)) say(`没有声明 ${size}×${size} 的图标`);
  }
  const readFile = options.readFile;
  for (const icon of icons) {
    if (!icon.size) {
      say(`图标资源 ${icon.url} 的 id 应为 Icon.NxN`);
      continue;
    }
    if (!readFile || !icon.url || !icon.url.startsWith(base)) continue;
    const bytes = readFile(icon.url.slice(base.length));
    const size = bytes && pngSize(bytes);
    if (!size) say(`图标 ${icon.url} 不存在或不是 PNG`);
    else if (size.width !== icon.size || size.height !== icon.size)
      say(`图标 ${icon.url} 为 ${size.width}×${size.height}，应为 ${icon.size}×${icon.size}`);
  }
  // Pages (task pane, help page) exist.
  if (readFile) {
    for (const { url } of urls) {
      if (url.startsWith(base) && !/\.png$/.test(url) && !readFile(url.slice(base.length).replace(/[?#].*$/, '')))
        say(`地址 ${url} 指向的文件不存在`);
    }
  }
  return [...new Set(problems)];
}

module.exports = { DEV_URL, NS, manifestForUrl, normaliseAddinUrl, checkManifest };
