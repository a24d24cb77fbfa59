/**
 * The drawing part of a result sheet (xl/drawings/drawingN.xml, ECMA-376 Part 1 §20.5): one
 * graphic frame per chart, anchored to cells (a two-cell anchor that moves with its cells but
 * keeps its size: editAs="oneCell"), pointing at its chart part through the drawing's
 * relationships (rId1, rId2 … in chart order).
 */
import type { ChartPlacement } from './layout';
import { escapeXml } from './xml';

const XDR_NS = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const C_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface DrawnChart {
  placement: ChartPlacement;
  /** The relationship id (in the drawing's .rels) of the chart part. */
  relId: string;
  title: string;
}

const marker = (tag: 'from' | 'to', col: number, row: number): string =>
  `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;

export function drawingXml(charts: readonly DrawnChart[]): string {
  const anchors = charts.map((c, i) => {
    const p = c.placement;
    return `<xdr:twoCellAnchor editAs="oneCell">${marker('from', p.fromCol, p.fromRow)}${marker('to', p.toCol, p.toRow)}`
      + `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="图表 ${i + 1}" descr="${escapeXml(c.title)}"/><xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr></xdr:nvGraphicFramePr>`
      + '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
      + `<a:graphic><a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" r:id="${c.relId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${XDR_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}">${anchors}</xdr:wsDr>`;
}
