/**
 * 方案对比 in the pane: the same input under the edition in force and under a draft, side by side
 * (docs/interfaces.md「6」compare; src/calculators/compare.ts makes the comparison). hq-rating: rank,
 * stars and total before → after per enterprise, the changed ones first; water-fund and relief: the
 * yuan per county before → after and the difference, with the sums as the comparison checked them.
 */
import * as React from 'react';
import type { CompareReport, HqChange, ReliefChange, WaterChange } from '../../calculators/compare';
import { formatScore, formatYuan } from '../model';
import { DataTable } from './DataTable';

const CHANGE_TEXT: Record<HqChange['change'], string> = { up: '升星', down: '降星', same: '不变', new: '新进', gone: '退出' };
const MAX_ROWS = 30;

const sideText = (s: CompareReport['baseline']): string => (s.file ? `草案「${s.file}」（${s.document}）` : `现行 ${s.document}`);

export function CompareView({ report, headingRef }: { report: CompareReport; headingRef?: React.Ref<HTMLHeadingElement> }): React.ReactElement {
  return (
    <section>
      <h3 id="wz-compare-title" className="wz-step-title" tabIndex={-1} ref={headingRef}>方案对比</h3>
      <div role="region" aria-label="方案对比">
        <p className="wz-step-note" data-testid="compare-sides">基准：{sideText(report.baseline)}；方案：{sideText(report.alternative)}</p>
        {report.calculation === 'hq-rating' ? <HqCompare report={report} /> : <CountyCompare report={report} />}
      </div>
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
      <p data-testid="compare-counts">升星 {c.up ?? 0} 家、降星 {c.down ?? 0} 家、星级不变 {c.same ?? 0} 家；有变化的 {c.changed} 家</p>
      {shown.length > 0 ? (
        <DataTable
          label="方案对比表"
          stack
          columns={[{ header: '企业名称' }, { header: '基准名次', numeric: true }, { header: '基准星级' }, { header: '基准总分', numeric: true }, { header: '方案名次', numeric: true }, { header: '方案星级' }, { header: '方案总分', numeric: true }, { header: '变化' }]}
          rows={shown.map((x) => ({
            key: x.creditCode,
            cells: [x.name, x.before?.rank ?? '—', stars(x.before?.stars), x.before ? formatScore(x.before.total) : '—', x.after?.rank ?? '—', stars(x.after?.stars), x.after ? formatScore(x.after.total) : '—', CHANGE_TEXT[x.change]],
          }))}
        />
      ) : <p data-testid="compare-none">两种方案下各企业的名次、星级和总分均相同。</p>}
      {changed.length > shown.length ? <p className="wz-hint">另有 {changed.length - shown.length} 家有变化，未列出（完整对比见命令行 wzpolicy compare 的「方案对比」表）。</p> : null}
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
      <DataTable
        label="方案对比表"
        stack
        columns={[{ header: '县（市、区）' }, { header: `基准${label}（元）`, numeric: true }, { header: `方案${label}（元）`, numeric: true }, { header: '差额（元）', numeric: true }]}
        rows={[
          ...rows.map((x) => ({
            key: x.county,
            cells: [x.county, formatYuan((x.before as Record<string, string> | null)?.[key] ?? '—'), formatYuan((x.after as Record<string, string> | null)?.[key] ?? '—'), formatYuan(x.difference)],
          })),
          ...(s ? [{ key: '合计', cells: [<strong key="a">合计</strong>, <strong key="b">{formatYuan(s.before)}</strong>, <strong key="c">{formatYuan(s.after)}</strong>, <strong key="d">{formatYuan(s.difference)}</strong>] }] : []),
        ]}
      />
      {s ? (
        <p data-testid="compare-sums" className={s.ok ? 'wz-ok-text' : 'wz-error-text'}>
          {s.ok ? '各县之和与两次计算的总额相符 ✓' : '各县之和与总额不符 ✗'}
        </p>
      ) : null}
    </div>
  );
}
