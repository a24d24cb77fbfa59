/**
 * The summary of a run, from the figures the calculation reported (model.ts summaryViewOf, made
 * in the calculation worker from the typed report): star distribution and top ten
 * (温政办〔2023〕88号 二), county allocation with the report's money-in = money-out check
 * (温政办函〔2023〕28号 第七至十一条) and the 第六条 what-if split when one was asked for, relief per
 * county with the report's check (温政办〔2023〕90号 三、（五）) in the words of the result sheets'
 * headers (市级基金承担, 地方配套). Nothing is recounted or re-added here.
 */
import * as React from 'react';
import type { CalculationOutcome } from '../../calculators/types';
import type { SummaryView } from '../model';
import { count, formatScore, formatYuan, sharePercent, summaryViewOf } from '../model';
import { DataTable } from './DataTable';

const stars = (n: number): string => '★'.repeat(n);

function StarSummary({ view }: { view: SummaryView }): React.ReactElement | null {
  const data = view.star;
  if (!data) return null;
  // The share of the enterprises the tiers count (those given a star), not of the largest tier.
  const total = data.distribution.reduce((n, d) => n + d.count, 0);
  return (
    <div className="wz-tables">
      <div>
        <h4 className="wz-step-title">星级分布</h4>
        <DataTable
          label="星级分布"
          columns={[{ header: '星级' }, { header: '家数', numeric: true }, { header: '占比', numeric: true }]}
          rows={data.distribution.map((d) => ({
            key: String(d.stars),
            cells: [
              <span key="s" aria-label={`${d.stars} 星`}>{stars(d.stars)}</span>,
              count(d.count),
              <span key="b" style={{ display: 'flex', alignItems: 'center', gap: 4, justifyContent: 'flex-end' }}>
                <span aria-hidden="true" style={{ flex: 1, display: 'block' }}>
                  <span style={{ display: 'block', background: '#0f6cbd', height: 10, width: total ? `${(d.count * 100) / total}%` : 0, minWidth: d.count ? 2 : 0 }} />
                </span>
                <span>{sharePercent(d.count, total)}</span>
              </span>,
            ],
          }))}
        />
      </div>
      <div>
        <h4 className="wz-step-title">前十名</h4>
        <DataTable
          label="前十名"
          stack
          columns={[{ header: '名次' }, { header: '企业名称' }, { header: '总分', numeric: true }, { header: '星级' }]}
          rows={data.top.map((r) => ({
            key: `${r.rank}-${r.creditCode}`,
            cells: [`${r.rank}${r.tied ? '（并列）' : ''}`, r.name, formatScore(r.total), stars(r.stars)],
          }))}
        />
      </div>
      {data.excluded.length > 0 ? (
        <p className="wz-step-note">不参评 {data.excluded.length} 家：{data.excluded.map((e) => `${e.name}（${e.reason}）`).join('；')}</p>
      ) : null}
    </div>
  );
}

function AllocationSummary({ view }: { view: SummaryView }): React.ReactElement | null {
  const data = view.allocation;
  if (!data) return null;
  return (
    <div>
      <h4 className="wz-step-title">各县（市、区）分配（元）</h4>
      <DataTable
        label="资金分配"
        stack
        columns={[{ header: '县（市、区）' }, { header: '基础部分', numeric: true }, { header: '奖励部分', numeric: true }, { header: '合计', numeric: true }]}
        rows={[
          ...data.rows.map((r) => ({
            key: r.county,
            cells: [`${r.county}${r.group ? `（${r.group}组第${r.groupRank}名）` : ''}`, formatYuan(r.base), formatYuan(r.reward), formatYuan(r.total)],
          })),
          {
            key: '合计',
            cells: [<strong key="a">合计</strong>, <strong key="b">{formatYuan(data.totals.base)}</strong>, <strong key="c">{formatYuan(data.totals.reward)}</strong>, <strong key="d">{formatYuan(data.totals.total)}</strong>],
          },
        ]}
      />
      <p data-testid="money-check">
        资金筹集 {formatYuan(data.moneyIn)} 元，分配合计 {formatYuan(data.moneyOut)} 元：
        {data.balanced
          ? <span className="wz-ok-text">收支相等 ✓</span>
          : <span className="wz-error-text">收支不等，差额 {formatYuan(data.unallocated)} 元</span>}
      </p>
      {view.whatIf ? (
        <div data-testid="what-if">
          <h4 className="wz-step-title">第六条用水区域分担测算（元）</h4>
          <DataTable
            label="用水区域分担测算"
            stack
            columns={[{ header: '用水区域' }, { header: '测算分担', numeric: true }, { header: '现行（第七条）', numeric: true }, { header: '差额', numeric: true }]}
            rows={[
              ...view.whatIf.rows.map((r) => ({ key: r.district, cells: [r.district, formatYuan(r.amount), r.current ? formatYuan(r.current) : '—', r.difference ? formatYuan(r.difference) : '—'] })),
              { key: '合计', cells: [<strong key="a">合计</strong>, <strong key="b">{formatYuan(view.whatIf.total)}</strong>, '', ''] },
            ]}
          />
        </div>
      ) : null}
    </div>
  );
}

function ReliefSummary({ view }: { view: SummaryView }): React.ReactElement | null {
  const data = view.relief;
  if (!data) return null;
  // counties[].pilot (docs/rules.md §3): a county outside the pilot list is paid locally (市级基金承担 0).
  const local = new Set(data.counties.filter((c) => !c.pilot).map((c) => c.county));
  return (
    <div>
      <h4 className="wz-step-title">各县（市、区）纾困汇总（元）</h4>
      <DataTable
        label="纾困汇总"
        stack
        columns={[
          { header: '县（市、区）' }, { header: '家庭数', numeric: true }, { header: '获化解', numeric: true },
          { header: '化解总额', numeric: true }, { header: '市级基金承担', numeric: true }, { header: '地方配套', numeric: true },
        ]}
        rows={data.counties.map((c) => ({
          key: c.county,
          attrs: { 'data-pilot': local.has(c.county) ? 'false' : undefined },
          cells: [`${c.county}${local.has(c.county) ? '（非试点）' : ''}`, count(c.families), count(c.relieved), formatYuan(c.relief), formatYuan(c.cityFund), formatYuan(c.localMatch)],
        }))}
      />
      <p data-testid="relief-total">
        化解总额 {formatYuan(data.total)} 元
        {data.balanced ? <span className="wz-ok-text">（市级基金承担 + 地方配套 = 化解总额 ✓）</span> : <span className="wz-error-text">（分项与合计不符）</span>}
      </p>
      {local.size > 0 ? (
        <p className="wz-step-note" data-testid="relief-non-pilot">
          非试点县（市、区）按“其他有条件的县（市、区）可参照执行”照常计算，全部由地方配套（市级基金承担 0 元）。
        </p>
      ) : null}
    </div>
  );
}

export type SummaryProps = (
  /** The figures as the calculation worker made them (the pane). */
  | { view: SummaryView; outcome?: undefined }
  /** An outcome at hand (tests, callers without a worker): the figures are made from it here. */
  | { outcome: CalculationOutcome; view?: undefined; /** No longer used; kept so callers still compile. */ annualTotalWan?: string }
) & {
  /** Receives the heading, so the pane can move the focus there after a run. */
  headingRef?: React.Ref<HTMLHeadingElement>;
};

export function Summary(props: SummaryProps): React.ReactElement {
  const { headingRef } = props;
  const view = props.view ?? summaryViewOf(props.outcome);
  return (
    <section data-testid="summary">
      <h3 id="wz-summary-title" className="wz-step-title" tabIndex={-1} ref={headingRef}>
        结果摘要（{view.policy}{view.draftFile ? `，草案版本 ${view.draftFile}` : ''}）
      </h3>
      <div role="region" aria-label="计算结果摘要">
        {view.draftFile ? <p className="wz-warn-text" data-testid="draft-note">按草案版本「{view.draftFile}」计算，不是现行政策文件的结果；结果表中均已注明。</p> : null}
        {view.lines.length > 0 ? (
          <ul style={{ margin: '4px 0', paddingLeft: 18 }}>{view.lines.map((s, i) => <li key={i}>{s}</li>)}</ul>
        ) : null}
        <StarSummary view={view} />
        <AllocationSummary view={view} />
        <ReliefSummary view={view} />
      </div>
    </section>
  );
}
