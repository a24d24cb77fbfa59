/**
 * 方案对比 in the pane: the same input under the edition in force and under a draft, side by side
 * (docs/interfaces.md「6」compare; src/calculators/compare.ts makes the comparison). hq-rating: rank,
 * stars and total before → after per enterprise, the changed ones first; water-fund and relief: the
 * yuan per county before → after and the difference, with the sums as the comparison checked them.
 */
import * as React from 'react';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { CompareReport, HqChange, ReliefChange, WaterChange } from '../../calculators/compare';
import { formatScore, formatYuan } from '../model';

const CHANGE_TEXT: Record<HqChange['change'], string> = { up: '升星', down: '降星', same: '不变', new: '新进', gone: '退出' };
const MAX_ROWS = 30;

function Head({ cells }: { cells: string[] }): React.ReactElement {
  return (
    <TableHeader>
      <TableRow>{cells.map((c, i) => <TableHeaderCell key={`${i}-${c}`}>{c}</TableHeaderCell>)}</TableRow>
    </TableHeader>
  );
}

const sideText = (s: CompareReport['baseline']): string => (s.file ? `草案「${s.file}」（${s.document}）` : `现行 ${s.document}`);

export function CompareView({ report }: { report: CompareReport }): React.ReactElement {
  return (
    <section aria-label="方案对比">
      <Text as="h3" weight="semibold">方案对比</Text>
      <Text as="p" size={200} data-testid="compare-sides">基准：{sideText(report.baseline)}；方案：{sideText(report.alternative)}</Text>
      {report.calculation === 'hq-rating' ? <HqCompare report={report} /> : <CountyCompare report={report} />}
    </section>
  );
}

function HqCompare({ report }: { report: CompareReport }): React.ReactElement {
  const c = report.counts;
  const changes = report.changes as HqChange[];
  const changed = changes.filter((x) => x.changed);
  const shown = changed.slice(0, MAX_ROWS);
  const stars = (n: number | undefined) => (n ? '★'.repeat(n) : '—');
  return (
    <div>
      <Text as="p" data-testid="compare-counts">升星 {c.up ?? 0} 家、降星 {c.down ?? 0} 家、星级不变 {c.same ?? 0} 家；有变化的 {c.changed} 家</Text>
      {shown.length > 0 ? (
        <Table size="extra-small" aria-label="方案对比表">
          <Head cells={['企业名称', '基准名次', '基准星级', '基准总分', '方案名次', '方案星级', '方案总分', '变化']} />
          <TableBody>
            {shown.map((x) => (
              <TableRow key={x.creditCode}>
                <TableCell>{x.name}</TableCell>
                <TableCell>{x.before?.rank ?? '—'}</TableCell>
                <TableCell>{stars(x.before?.stars)}</TableCell>
                <TableCell>{x.before ? formatScore(x.before.total) : '—'}</TableCell>
                <TableCell>{x.after?.rank ?? '—'}</TableCell>
                <TableCell>{stars(x.after?.stars)}</TableCell>
                <TableCell>{x.after ? formatScore(x.after.total) : '—'}</TableCell>
                <TableCell>{CHANGE_TEXT[x.change]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : <Text as="p" data-testid="compare-none">两种方案下各企业的名次、星级和总分均相同。</Text>}
      {changed.length > shown.length ? <Text as="p" size={200}>另有 {changed.length - shown.length} 家有变化，未列出（完整对比见命令行 wzpolicy compare 的「方案对比」表）。</Text> : null}
    </div>
  );
}

function CountyCompare({ report }: { report: CompareReport }): React.ReactElement {
  const water = report.calculation === 'water-fund';
  const key = water ? 'total' : 'relief';
  const label = water ? '合计' : '化解总额';
  const rows = report.changes as Array<WaterChange | ReliefChange>;
  const s = report.sums;
  return (
    <div>
      <Table size="extra-small" aria-label="方案对比表">
        <Head cells={['县（市、区）', `基准${label}（元）`, `方案${label}（元）`, '差额（元）']} />
        <TableBody>
          {rows.map((x) => (
            <TableRow key={x.county}>
              <TableCell>{x.county}</TableCell>
              <TableCell>{formatYuan((x.before as Record<string, string> | null)?.[key] ?? '—')}</TableCell>
              <TableCell>{formatYuan((x.after as Record<string, string> | null)?.[key] ?? '—')}</TableCell>
              <TableCell>{formatYuan(x.difference)}</TableCell>
            </TableRow>
          ))}
          {s ? (
            <TableRow>
              <TableCell><strong>合计</strong></TableCell>
              <TableCell><strong>{formatYuan(s.before)}</strong></TableCell>
              <TableCell><strong>{formatYuan(s.after)}</strong></TableCell>
              <TableCell><strong>{formatYuan(s.difference)}</strong></TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
      {s ? (
        <Text as="p" data-testid="compare-sums" style={{ color: s.ok ? tokens.colorPaletteGreenForeground1 : tokens.colorPaletteRedForeground1, fontWeight: 600 }}>
          {s.ok ? '各县之和与两次计算的总额相符 ✓' : '各县之和与总额不符 ✗'}
        </Text>
      ) : null}
    </div>
  );
}
