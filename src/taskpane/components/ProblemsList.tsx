/**
 * The problems of a run, grouped by kind (model.ts groupProblems): a count per kind, expanded to
 * the list of cells on demand — a 10,000-row sheet can give hundreds of the same warning, and
 * listing them all above the summary pushed it out of sight. Errors (which stop the run) are open;
 * warnings are closed. Each problem names its cell (工作表!单元格); in Excel, clicking it selects it.
 */
import * as React from 'react';
import { Button } from '@fluentui/react-components';
import type { Problem } from '../../sheets/problem';
import { count, groupProblems, problemWhere, type ProblemGroup } from '../model';

export interface ProblemsListProps {
  problems: Problem[];
  /** Excel only: select the problem's cell. */
  onSelect?: (problem: Problem) => void;
  headingRef?: React.Ref<HTMLHeadingElement>;
}

/** Problems listed at first per group; 显示更多 adds as many again. */
const PAGE = 200;

function Item({ p, onSelect }: { p: Problem; onSelect?: (problem: Problem) => void }): React.ReactElement {
  const where = problemWhere(p);
  const label = `${p.severity === 'error' ? '错误' : '提示'} ${where}`;
  const cls = p.severity === 'error' ? 'wz-error-text' : 'wz-warn-text';
  return (
    <li data-severity={p.severity}>
      {onSelect && p.cell ? (
        <Button size="small" appearance="transparent" onClick={() => onSelect(p)} title="在工作表中选中此单元格" className={cls} style={{ minWidth: 0, padding: 0, height: 'auto', fontWeight: 600 }}>
          {label}
        </Button>
      ) : (
        <span className={cls} style={{ fontWeight: 600 }}>{label}</span>
      )}{' '}
      <span>{p.message}</span>
    </li>
  );
}

function Group({ group, onSelect }: { group: ProblemGroup; onSelect?: (problem: Problem) => void }): React.ReactElement {
  const error = group.severity === 'error';
  const [open, setOpen] = React.useState(error);
  const [shown, setShown] = React.useState(PAGE);
  const n = group.problems.length;
  return (
    <details className="wz-details" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-kind={group.key} data-severity={group.severity}>
      <summary>
        <span className={error ? 'wz-error-text' : 'wz-warn-text'} style={{ fontWeight: 600 }}>{error ? '错误' : '提示'} {count(n)} 条</span>
        {'：'}{group.label}
      </summary>
      {open ? (
        <>
          <ul className="wz-list">
            {group.problems.slice(0, shown).map((p, i) => <Item key={i} p={p} onSelect={onSelect} />)}
          </ul>
          {n > shown ? <Button size="small" onClick={() => setShown(shown + PAGE)}>显示更多（还有 {count(n - shown)} 条）</Button> : null}
        </>
      ) : null}
    </details>
  );
}

export function ProblemsList({ problems, onSelect, headingRef }: ProblemsListProps): React.ReactElement | null {
  const groups = React.useMemo(() => groupProblems(problems), [problems]);
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section>
      <h3 id="wz-problems-title" className="wz-step-title" tabIndex={-1} ref={headingRef}>校验问题：错误 {count(errors)} 条，提示 {count(warnings)} 条</h3>
      <div role="region" aria-label="校验问题" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {errors > 0 ? <p role="alert" className="wz-error-text" style={{ margin: 0 }}>输入有错误，未计算结果，也不会写入或下载任何结果。请修改后重新计算。</p> : null}
        {warnings > 0 && errors === 0 ? <p className="wz-step-note">提示不影响计算，按类别折叠；点开可逐条查看所在单元格。</p> : null}
        {groups.map((g) => <Group key={g.key} group={g} onSelect={onSelect} />)}
      </div>
    </section>
  );
}
