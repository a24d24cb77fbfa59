/**
 * A hand-assembled .xlsx with what ExcelJS cannot round-trip: a chart (drawing + chart parts),
 * defined names holding a constant and a formula, a print area, a custom XML part and a stored
 * (uncompressed) entry. Its data sheet 明细 is a relief input (docs/rules.md §3 columns), so the CLI can
 * run on it.
 */
import { makeEntry, writeZip, type ZipEntry } from '../../src/workbook/xlsx-package/zip';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const CHART_XML = `${HEAD}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${R}"><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:cat><c:strRef><c:f>明细!$A$2:$A$5</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>明细!$E$2:$E$5</c:f></c:numRef></c:val></c:ser><c:axId val="111"/><c:axId val="222"/></c:barChart><c:catAx><c:axId val="111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="222"/></c:catAx><c:valAx><c:axId val="222"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="111"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`;

const DRAWING_XML = `${HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>16</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="图表 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;

/** The relief rows of the data sheet (family, name, ID, county, self-paid). */
export const RELIEF_ROWS: Array<[string, string, string, string, number]> = [
  ['F1', '陈一', '11010519491231002X', '文成县', 100000],
  ['F1', '陈二', '330328198001010012', '文成县', 70000.5],
  ['F2', '林三', '', '泰顺县', 260000],
  ['F3', '王四', '', '洞头区', 119999.99],
];
const HEADERS = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Parts of the fixture by name, in zip order. */
export function fixtureParts(): Array<[string, string | Uint8Array]> {
  const strings: string[] = [];
  const sst = (s: string): number => {
    const i = strings.indexOf(s);
    if (i >= 0) return i;
    strings.push(s);
    return strings.length - 1;
  };
  const col = 'ABCDE';
  const rows: string[] = [];
  rows.push(`<row r="1">${HEADERS.map((h, c) => `<c r="${col[c]}1" t="s"><v>${sst(h)}</v></c>`).join('')}</row>`);
  RELIEF_ROWS.forEach((r, i) => {
    const n = i + 2;
    const cells = r.map((v, c) => {
      if (typeof v === 'number') return `<c r="${col[c]}${n}"><v>${v}</v></c>`;
      if (v === '') return '';
      return `<c r="${col[c]}${n}" s="1" t="s"><v>${sst(v)}</v></c>`;
    });
    rows.push(`<row r="${n}">${cells.join('')}</row>`);
  });
  const sheet1 = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${R}"><dimension ref="A1:E5"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="13.5"/><cols><col min="1" max="5" width="16" customWidth="1"/></cols><sheetData>${rows.join('')}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><drawing r:id="rId1"/></worksheet>`;
  const shared = `${HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`;
  const workbook = `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${R}"><workbookPr defaultThemeVersion="124226"/><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660" activeTab="0"/></bookViews><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">明细!$A$1:$E$5</definedName><definedName name="费率">0.05</definedName><definedName name="合计">SUM(明细!$E$2:$E$5)</definedName></definedNames><calcPr calcId="145621"/></workbook>`;
  const styles = `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><color rgb="FF000000"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`;
  const app = `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant><vt:variant><vt:lpstr>命名范围</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>明细</vt:lpstr><vt:lpstr>明细!Print_Area</vt:lpstr></vt:vector></TitlesOfParts><AppVersion>12.0000</AppVersion></Properties>`;
  const core = `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>科室</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created></cp:coreProperties>`;
  const types = `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/><Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
  return [
    ['[Content_Types].xml', types],
    ['_rels/.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId3" Type="${R}/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['docProps/app.xml', app],
    ['docProps/core.xml', core],
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId3" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${R}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId5" Type="${R}/customXml" Target="../customXml/item1.xml"/></Relationships>`],
    ['xl/styles.xml', styles],
    ['xl/sharedStrings.xml', shared],
    ['xl/worksheets/sheet1.xml', sheet1],
    ['xl/worksheets/_rels/sheet1.xml.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`],
    ['xl/drawings/drawing1.xml', DRAWING_XML],
    ['xl/drawings/_rels/drawing1.xml.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/chart" Target="../charts/chart1.xml"/></Relationships>`],
    ['xl/charts/chart1.xml', CHART_XML],
    ['customXml/item1.xml', `${HEAD}<部门 xmlns="urn:example:wz">财政局</部门>`],
    ['customXml/itemProps1.xml', `${HEAD}<ds:datastoreItem ds:itemID="{6E9B3D2C-1C5B-4C57-9B43-0A4C9F1D2E11}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>`],
    ['customXml/_rels/item1.xml.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/customXmlProps" Target="itemProps1.xml"/></Relationships>`],
  ];
}

/** The fixture as .xlsx bytes; customXml/item1.xml is stored uncompressed (method 0). */
export function chartWorkbookBytes(): Uint8Array {
  const codec = nodeZipCodec(6);
  const when = new Date(2024, 0, 1, 12, 0, 0);
  const entries: ZipEntry[] = fixtureParts().map(([name, content]) => {
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const e = makeEntry(name, data, codec, undefined, when);
    if (name !== 'customXml/item1.xml') return e;
    return { ...e, method: 0, raw: data, compressedSize: data.byteLength, versionNeeded: 10 };
  });
  return writeZip(entries);
}

/** The fixture as a macro-enabled workbook (.xlsm) with a (dummy) VBA project part. */
export function macroWorkbookBytes(): Uint8Array {
  const codec = nodeZipCodec(6);
  const vba = new Uint8Array(4096).map((_v, i) => (i < 8 ? [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1][i] : (i * 7) % 256));
  const parts = fixtureParts().map(([name, content]): [string, string | Uint8Array] => {
    if (name === '[Content_Types].xml') {
      return [name, (content as string)
        .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
        .replace('<Default Extension="xml"', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"')];
    }
    if (name === 'xl/_rels/workbook.xml.rels') {
      return [name, (content as string).replace('</Relationships>', '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')];
    }
    return [name, content];
  });
  parts.push(['xl/vbaProject.bin', vba]);
  return writeZip(parts.map(([name, content]) => makeEntry(name, typeof content === 'string' ? new TextEncoder().encode(content) : content, codec)));
}

/**
 * The chart fixture plus a sheet 透视 holding a pivot table over 明细!A1:E5 (pivot cache
 * definition with refreshOnLoad, no records part): what ExcelJS drops on a re-save, and what a
 * workbook run through the page must come back with.
 */
export function pivotWorkbookBytes(): Uint8Array {
  const codec = nodeZipCodec(6);
  const families = ['F1', 'F2', 'F3'];
  const cacheField = (name: string, items: string): string => `<cacheField name="${esc(name)}" numFmtId="0">${items}</cacheField>`;
  const cache = `${HEAD}<pivotCacheDefinition xmlns="${MAIN}" xmlns:r="${R}" refreshOnLoad="1" createdVersion="3" refreshedVersion="3" minRefreshableVersion="3" recordCount="4"><cacheSource type="worksheet"><worksheetSource ref="A1:E5" sheet="明细"/></cacheSource><cacheFields count="5">`
    + cacheField(HEADERS[0], `<sharedItems count="3">${families.map((f) => `<s v="${f}"/>`).join('')}</sharedItems>`)
    + cacheField(HEADERS[1], '<sharedItems/>') + cacheField(HEADERS[2], '<sharedItems containsBlank="1"/>') + cacheField(HEADERS[3], '<sharedItems/>')
    + cacheField(HEADERS[4], '<sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" minValue="70000.5" maxValue="260000"/>')
    + '</cacheFields></pivotCacheDefinition>';
  const pivot = `${HEAD}<pivotTableDefinition xmlns="${MAIN}" name="数据透视表1" cacheId="1" dataCaption="值" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" updatedVersion="3" minRefreshableVersion="3" createdVersion="3" indent="0" outline="1" outlineData="1"><location ref="A3:B7" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="5"><pivotField axis="axisRow" showAll="0"><items count="4"><item x="0"/><item x="1"/><item x="2"/><item t="default"/></items></pivotField><pivotField showAll="0"/><pivotField showAll="0"/><pivotField showAll="0"/><pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields><rowItems count="4"><i><x/></i><i><x v="1"/></i><i><x v="2"/></i><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems><dataFields count="1"><dataField name="求和项:自负医疗费用" fld="4" baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>`;
  const sheet2 = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${R}"><dimension ref="A3:B7"/><sheetData><row r="3"><c r="A3" t="inlineStr"><is><t>行标签</t></is></c><c r="B3" t="inlineStr"><is><t>求和项:自负医疗费用</t></is></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  const parts = fixtureParts().map(([name, content]): [string, string | Uint8Array] => {
    const text = content as string;
    if (name === '[Content_Types].xml') {
      return [name, text.replace('</Types>', '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/pivotTables/pivotTable1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"/><Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/></Types>')];
    }
    if (name === 'xl/workbook.xml') {
      return [name, text.replace('<sheet name="明细" sheetId="1" r:id="rId1"/>', '<sheet name="明细" sheetId="1" r:id="rId1"/><sheet name="透视" sheetId="2" r:id="rId7"/>')
        .replace('<calcPr calcId="145621"/>', '<calcPr calcId="145621"/><pivotCaches><pivotCache cacheId="1" r:id="rId6"/></pivotCaches>')];
    }
    if (name === 'xl/_rels/workbook.xml.rels') {
      return [name, text.replace('</Relationships>', `<Relationship Id="rId6" Type="${R}/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/><Relationship Id="rId7" Type="${R}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`)];
    }
    return [name, content];
  });
  parts.push(
    ['xl/worksheets/sheet2.xml', sheet2],
    ['xl/worksheets/_rels/sheet2.xml.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/pivotTable" Target="../pivotTables/pivotTable1.xml"/></Relationships>`],
    ['xl/pivotTables/pivotTable1.xml', pivot],
    ['xl/pivotTables/_rels/pivotTable1.xml.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>`],
    ['xl/pivotCache/pivotCacheDefinition1.xml', cache],
  );
  return writeZip(parts.map(([name, content]) => makeEntry(name, typeof content === 'string' ? new TextEncoder().encode(content) : content, codec)));
}
