/**
 * The summary of a run, from the calculator's typed report (reportOf(outcome)): star distribution
 * and top ten (温政办〔2023〕88号 二), county allocation with the report's money-in = money-out check
 * (温政办函〔2023〕28号 第七至十一条), relief totals per county with the report's check
 * (温政办〔2023〕90号 三、（五）). Nothing is recounted or re-added here.
 */
import * as React from 'react';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { CalculationOutcome } from '../../calculators/types';
import { reportOf } from '../../calculators/report';
import { allocationSummary, formatScore, formatYuan, reliefSummary, starSummary } from '../model';

const ok = { color: tokens.colorPaletteGreenForeground1, fontWeight: 600 } as const;
const bad = { color: tokens.colorPaletteRedForeground1, fontWeight: 600 } as const;

function Head({ cells }: { cells: string[] }): React.ReactElement {
  return (
    <TableHeader>
      <TableRow>{cells.map((c) => <TableHeaderCell key={c}>{c}</TableHeaderCell>)}</TableRow>
    </TableHeader>
  );
}

export function StarSummary({ json }: { json: Record<string, unknown> }): React.ReactElement {
  const data = starSummary(json);
  const max = Math.max(1, ...data.distribution.map((d) => d.count));
  return (
    <div>
      <Text as="h4" weight="semibold">星级分布</Text>
      <Table size="extra-small" aria-label="星级分布">
        <Head cells={['星级', '家数', '']} />
        <TableBody>
          {data.distribution.map((d) => (
            <TableRow key={d.stars}>
              <TableCell>{'★'.repeat(d.stars)}</TableCell>
              <TableCell>{d.count}</TableCell>
              <TableCell><div style={{ background: tokens.colorBrandBackground, height: 10, width: `${(d.count / max) * 100}%`, minWidth: d.count ? 2 : 0 }} /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Text as="h4" weight="semibold">前十名</Text>
      <Table size="extra-small" aria-label="前十名">
        <Head cells={['名次', '企业名称', '总分', '星级']} />
        <TableBody>
          {data.top.map((r) => (
            <TableRow key={`${r.rank}-${r.creditCode}`}>
              <TableCell>{r.rank}{r.tied ? '（并列）' : ''}</TableCell>
              <TableCell>{r.name}</TableCell>
              <TableCell>{formatScore(r.total)}</TableCell>
              <TableCell>{'★'.repeat(r.stars)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.excluded.length > 0 ? (
        <Text as="p" size={200}>不参评 {data.excluded.length} 家：{data.excluded.map((e) => `${e.name}（${e.reason}）`).join('；')}</Text>
      ) : null}
    </div>
  );
}

export function AllocationSummary({ json }: { json: Record<string, unknown> }): React.ReactElement {
  const data = allocationSummary(json);
  return (
    <div>
      <Text as="h4" weight="semibold">各县（市、区）分配（元）</Text>
      <Table size="extra-small" aria-label="资金分配">
        <Head cells={['县（市、区）', '基础部分', '奖励部分', '合计']} />
        <TableBody>
          {data.rows.map((r) => (
            <TableRow key={r.county}>
              <TableCell>{r.county}{r.group ? `（${r.group}组第${r.groupRank}）` : ''}</TableCell>
              <TableCell>{formatYuan(r.base)}</TableCell>
              <TableCell>{formatYuan(r.reward)}</TableCell>
              <TableCell>{formatYuan(r.total)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell><strong>合计</strong></TableCell>
            <TableCell><strong>{formatYuan(data.totals.base)}</strong></TableCell>
            <TableCell><strong>{formatYuan(data.totals.reward)}</strong></TableCell>
            <TableCell><strong>{formatYuan(data.totals.total)}</strong></TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <Text as="p" data-testid="money-check">
        资金筹集 {formatYuan(data.moneyIn)} 元，分配合计 {formatYuan(data.moneyOut)} 元：
        {data.balanced
          ? <span style={ok}>收支相等 ✓</span>
          : <span style={bad}>收支不等，差额 {formatYuan(data.unallocated)} 元</span>}
      </Text>
    </div>
  );
}

export function ReliefSummary({ json }: { json: Record<string, unknown> }): React.ReactElement {
  const data = reliefSummary(json);
  // counties[].pilot (docs/rules.md §3): a county outside the pilot list is paid locally (市级资金 0).
  const local = new Set(data.counties.filter((c) => !c.pilot).map((c) => c.county));
  return (
    <div>
      <Text as="h4" weight="semibold">各县（市、区）纾困汇总（元）</Text>
      <Table size="extra-small" aria-label="纾困汇总">
        <Head cells={['县（市、区）', '家庭数', '获纾困', '纾困金额', '市级资金', '县级配套']} />
        <TableBody>
          {data.counties.map((c) => (
            <TableRow key={c.county} data-pilot={local.has(c.county) ? 'false' : undefined}>
              <TableCell>{c.county}{local.has(c.county) ? '（非试点）' : null}</TableCell>
              <TableCell>{c.families}</TableCell>
              <TableCell>{c.relieved}</TableCell>
              <TableCell>{formatYuan(c.relief)}</TableCell>
              <TableCell>{formatYuan(c.cityFund)}</TableCell>
              <TableCell>{formatYuan(c.localMatch)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Text as="p" data-testid="relief-total">
        纾困合计 {formatYuan(data.total)} 元
        {data.balanced ? <span style={ok}>（市级资金 + 县级配套 = 合计 ✓）</span> : <span style={bad}>（分项与合计不符）</span>}
      </Text>
      {local.size > 0 ? (
        <Text as="p" size={200} data-testid="relief-non-pilot">
          非试点县（市、区）按“其他有条件的县（市、区）可参照执行”照常计算，全部由当地承担（市级资金 0 元）。
        </Text>
      ) : null}
    </div>
  );
}

export interface SummaryProps {
  outcome: CalculationOutcome;
  /** No longer used: the money-in check is the report's (moneyCheck). Kept so callers still compile. */
  annualTotalWan?: string;
}

export function Summary({ outcome }: SummaryProps): React.ReactElement {
  const report = reportOf(outcome) as unknown as Record<string, unknown>;
  const draft = (report.edition as { draft?: { file: string } } | undefined)?.draft;
  return (
    <section aria-label="计算结果摘要">
      <Text as="h3" weight="semibold">结果摘要（{outcome.policy}{draft ? `，草案版本 ${draft.file}` : ''}）</Text>
      {draft ? <Text as="p" size={200} data-testid="draft-note" style={{ color: tokens.colorPaletteMarigoldForeground1 }}>按草案版本「{draft.file}」计算，不是现行政策文件的结果；结果表中均已注明。</Text> : null}
      {outcome.summary.length > 0 ? (
        <ul style={{ margin: '4px 0', paddingLeft: 18 }}>{outcome.summary.map((s, i) => <li key={i}>{s}</li>)}</ul>
      ) : null}
      {outcome.kind === 'hq-rating' ? <StarSummary json={report} /> : null}
      {outcome.kind === 'water-fund' ? <AllocationSummary json={report} /> : null}
      {outcome.kind === 'relief' ? <ReliefSummary json={report} /> : null}
    </section>
  );
}
