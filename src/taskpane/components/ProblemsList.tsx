/** The problems of a run, in Chinese with their cells; clicking one selects the cell in Excel. */
import * as React from 'react';
import { Button, Text, tokens } from '@fluentui/react-components';
import type { Problem } from '../../sheets/problem';

export interface ProblemsListProps {
  problems: Problem[];
  /** Excel only: select the problem's cell. */
  onSelect?: (problem: Problem) => void;
}

export function ProblemsList({ problems, onSelect }: ProblemsListProps): React.ReactElement | null {
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section aria-label="校验问题">
      <Text as="h3" weight="semibold">校验问题：错误 {errors} 条，提示 {warnings} 条</Text>
      {errors > 0 ? <Text as="p" role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>输入有错误，未计算结果，也不会写入或下载任何结果。请修改后重新计算。</Text> : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {problems.map((p, i) => {
          const where = p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
          const colour = p.severity === 'error' ? tokens.colorPaletteRedForeground1 : tokens.colorPaletteMarigoldForeground1;
          const label = `${p.severity === 'error' ? '错误' : '提示'} ${where}`;
          return (
            <li key={i} data-severity={p.severity} style={{ margin: '2px 0' }}>
              {onSelect && p.cell ? (
                <Button size="small" appearance="transparent" onClick={() => onSelect(p)} title="在工作表中选中此单元格" style={{ color: colour, minWidth: 0, padding: 0 }}>
                  {label}
                </Button>
              ) : (
                <span style={{ color: colour }}>{label}</span>
              )}{' '}
              <span>{p.message}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
