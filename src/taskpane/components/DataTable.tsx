/**
 * A plain table that stays readable in a 320 px task pane: with `stack`, each row becomes a block
 * of label/value lines when narrow (styles.tsx). The roles are given explicitly, since a table
 * whose rows are laid out as blocks loses its implicit table semantics in some browsers.
 */
import * as React from 'react';

export interface Column {
  header: string;
  /** Right-aligned figures. */
  numeric?: boolean;
}

export interface DataTableProps {
  label: string;
  columns: Column[];
  rows: Array<{ key: string; cells: React.ReactNode[]; attrs?: Record<string, string | undefined> }>;
  /** Stacked rows when narrow (for tables wider than a task pane). */
  stack?: boolean;
}

export function DataTable({ label, columns, rows, stack }: DataTableProps): React.ReactElement {
  return (
    <table className={`wz-table${stack ? ' wz-stack' : ''}`} aria-label={label} role="table">
      <thead role="rowgroup">
        <tr role="row">
          {columns.map((c, i) => <th key={`${i}-${c.header}`} role="columnheader" scope="col" className={c.numeric ? 'wz-num' : undefined}>{c.header}</th>)}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map((r) => (
          <tr key={r.key} role="row" {...r.attrs}>
            {r.cells.map((cell, i) => (
              <td key={i} role="cell" data-label={columns[i]?.header} className={columns[i]?.numeric ? 'wz-num' : undefined}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
