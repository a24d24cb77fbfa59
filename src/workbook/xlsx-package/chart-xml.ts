/**
 * A ResultChart as a DrawingML chart part (xl/charts/chartN.xml, ECMA-376 Part 1 §21.2): the
 * series and categories are formulas over the result sheet's own cells ('星级评定结果'!$AA$2:$AA$6),
 * each with a cache of the values written there, so Excel and LibreOffice draw the chart at once
 * and redraw it from the cells if they change. Element order follows the CT_* sequences of
 * dml-chart.xsd (checked by ooxml-validate.py).
 */
import { sheetRows, type ResultChart, type ResultSheet } from '../../sheets/result-sheet';
import { columnLetters } from '../../sheets/grid';
import { decimalToNumber } from './sheet-xml';
import { RESULT_FONT } from './layout';
import { escapeXml } from './xml';

const C_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Series colours (the Office theme's accents); a chart of one series uses the ★ colour of the result sheets. */
const SERIES_COLOURS = ['4472C4', 'ED7D31', '70AD47', 'FFC000', '5B9BD5', 'A5A5A5'];
const SINGLE_COLOUR = 'C55A11';

/** A sheet name as it is written in a formula: always quoted, inner quotes doubled. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** `'Sheet'!$C$2:$C$6` for zero-based column `col` over rows[first..last] (sheet rows first+2 …). */
function rangeRef(sheetName: string, col: number, first: number, last: number): string {
  const c = columnLetters(col);
  return `${sheetRef(sheetName)}!$${c}$${first + 2}:$${c}$${last + 2}`;
}

function cellText(sheet: ResultSheet, r: number, c: number): string {
  const rows = sheetRows(sheet);
  const cell = r >= 0 && r < rows.length ? rows.row(r)[c] : undefined;
  if (!cell) return '';
  switch (cell.kind) {
    case 'text': return cell.text;
    case 'number': return cell.value.toFixed();
    case 'integer': return String(cell.value);
    case 'date': return cell.iso;
    default: return '';
  }
}

function cellNumber(sheet: ResultSheet, r: number, c: number): { value: number | null; format: string | undefined } {
  const rows = sheetRows(sheet);
  const cell = r >= 0 && r < rows.length ? rows.row(r)[c] : undefined;
  if (cell?.kind === 'number') {
    const v = decimalToNumber(cell.value);
    return { value: Number.isFinite(v) ? v : null, format: cell.format };
  }
  if (cell?.kind === 'integer') return { value: Number.isFinite(cell.value) ? cell.value : null, format: cell.format ?? '0' };
  return { value: null, format: undefined };
}

const strCache = (values: readonly string[]): string =>
  `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('')}</c:strCache>`;

/** Text properties: the result sheets' font for Latin and East Asian text, `size` in points. */
function runProps(tag: 'a:defRPr' | 'a:rPr', size: number, bold: boolean): string {
  const f = escapeXml(RESULT_FONT.name);
  return `<${tag} lang="zh-CN" sz="${Math.round(size * 100)}" b="${bold ? 1 : 0}"><a:latin typeface="${f}"/><a:ea typeface="${f}"/><a:cs typeface="${f}"/></${tag}>`;
}

const textProps = (size: number, bold = false): string =>
  `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProps('a:defRPr', size, bold)}</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`;

const solid = (rgb: string): string => `<c:spPr><a:solidFill><a:srgbClr val="${rgb}"/></a:solidFill></c:spPr>`;

function labels(txPr: string, showValue: boolean, showPercent: boolean, position: string | null): string {
  return `<c:dLbls>${txPr}${position ? `<c:dLblPos val="${position}"/>` : ''}<c:showLegendKey val="0"/><c:showVal val="${showValue ? 1 : 0}"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="${showPercent ? 1 : 0}"/><c:showBubbleSize val="0"/></c:dLbls>`;
}

/**
 * The chart part for `chart` over the cells of `sheet`, written under the name `sheetName` (the
 * name the sheet got in the workbook, e.g. with " (2)"). `textScale` enlarges its text with the
 * chart (layout.ts ChartPlacement.scale).
 */
export function chartXml(sheet: ResultSheet, sheetName: string, chart: ResultChart, textScale = 1): string {
  const txPr = (size: number, bold = false): string => textProps(size * textScale, bold);
  const dataLabels = (showValue: boolean, showPercent: boolean, position: string | null): string => labels(txPr(9), showValue, showPercent, position);
  const first = chart.firstRow;
  const last = chart.lastRow;
  const count = last - first + 1;
  const categories: string[] = [];
  for (let r = first; r <= last; r++) categories.push(cellText(sheet, r, chart.categoryCol));
  const catRef = rangeRef(sheetName, chart.categoryCol, first, last);
  const pie = chart.kind === 'pie';
  const single = chart.valueCols.length === 1;
  let axisFormat = '#,##0';
  const series = chart.valueCols.map((col, i) => {
    const values: Array<number | null> = [];
    let format: string | undefined;
    for (let r = first; r <= last; r++) {
      const v = cellNumber(sheet, r, col);
      values.push(v.value);
      format ??= v.format;
    }
    if (i === 0 && format && !format.includes('%')) axisFormat = format.includes('.') ? format.slice(0, format.indexOf('.')) : format;
    const header = sheet.columns[col]?.header ?? '';
    const nameRef = `${sheetRef(sheetName)}!$${columnLetters(col)}$1`;
    const pts = values.map((v, k) => (v === null ? '' : `<c:pt idx="${k}"><c:v>${v}</c:v></c:pt>`)).join('');
    const colour = single && !pie ? SINGLE_COLOUR : SERIES_COLOURS[i % SERIES_COLOURS.length];
    return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>`
      + `<c:tx><c:strRef><c:f>${escapeXml(nameRef)}</c:f>${strCache([header])}</c:strRef></c:tx>`
      + (pie ? '' : `${solid(colour)}<c:invertIfNegative val="0"/>`)
      + `<c:cat><c:strRef><c:f>${escapeXml(catRef)}</c:f>${strCache(categories)}</c:strRef></c:cat>`
      + `<c:val><c:numRef><c:f>${escapeXml(rangeRef(sheetName, col, first, last))}</c:f><c:numCache><c:formatCode>${escapeXml(format ?? 'General')}</c:formatCode><c:ptCount val="${count}"/>${pts}</c:numCache></c:numRef></c:val>`
      + '</c:ser>';
  }).join('');

  const title = `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProps('a:defRPr', 13 * textScale, true)}</a:pPr><a:r>${runProps('a:rPr', 13 * textScale, true)}<a:t>${escapeXml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  let plot: string;
  if (pie) {
    plot = `<c:pieChart><c:varyColors val="1"/>${series}${dataLabels(false, true, 'bestFit')}<c:firstSliceAng val="0"/></c:pieChart>`;
  } else {
    const stacked = chart.kind === 'stacked';
    // Values on single-series columns (企业数 per tier); stacked money bars would overlap.
    const labels = single ? dataLabels(true, false, 'outEnd') : '';
    plot = `<c:barChart><c:barDir val="col"/><c:grouping val="${stacked ? 'stacked' : 'clustered'}"/><c:varyColors val="0"/>${series}${labels}`
      + `<c:gapWidth val="${stacked ? 60 : 80}"/>${stacked ? '<c:overlap val="100"/>' : ''}<c:axId val="510001"/><c:axId val="510002"/></c:barChart>`
      + '<c:catAx><c:axId val="510001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
      + `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${txPr(10)}`
      + '<c:crossAx val="510002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
      + '<c:valAx><c:axId val="510002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
      + `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`
      + `<c:numFmt formatCode="${escapeXml(axisFormat)}" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${txPr(9)}`
      + '<c:crossAx val="510001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>';
  }
  const legend = pie || !single ? `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${txPr(10)}</c:legend>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`
    + `<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}"><c:lang val="zh-CN"/><c:roundedCorners val="0"/>`
    + `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`
    + '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>'
    + `${txPr(10)}</c:chartSpace>`;
}
