/** Header mapping: the detected column per field, missing required fields in red, a drop-down to map by hand. */
import * as React from 'react';
import { Select } from '@fluentui/react-components';
import type { FieldSpec } from '../../sheets/table';
import type { MappingState } from '../model';
import { count, effectiveMapping } from '../model';

export interface MappingEditorProps {
  fields: FieldSpec[];
  state: MappingState;
  manual: Record<string, number | null>;
  onChange(field: string, col: number | null): void;
  /** Rows of data below the header, when known (shown with the header row). */
  dataRows?: number | null;
}

export function MappingEditor({ fields, state, manual, onChange, dataRows }: MappingEditorProps): React.ReactElement {
  const mapping = effectiveMapping(state, manual);
  return (
    <section aria-label="表头映射" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <p className="wz-step-note">
        表头在第 {state.headerRowNumber} 行{typeof dataRows === 'number' ? `，其下共 ${count(dataRows)} 行` : ''}。可为任一字段手动指定列，设置按工作表记住。
      </p>
      <table className="wz-table" aria-label="表头映射表" role="table" style={{ tableLayout: 'fixed' }}>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col" style={{ width: '42%' }}>字段</th>
            <th role="columnheader" scope="col">工作表中的列</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {fields.map((f) => {
            const col = mapping[f.field];
            const missing = col === undefined && f.required === true;
            const byHand = Object.prototype.hasOwnProperty.call(manual, f.field);
            return (
              <tr key={f.field} role="row" data-field={f.field} data-missing={missing ? 'true' : undefined}>
                <td role="cell">
                  <span className={missing ? 'wz-error-text' : undefined} style={missing ? { fontWeight: 600 } : undefined}>
                    {f.canonical}
                    {f.required ? '（必填）' : ''}
                  </span>
                  {missing ? <div role="alert" className="wz-error-text">未找到此必填列，请手动选择</div> : null}
                </td>
                <td role="cell">
                  <Select
                    size="small"
                    className="wz-fill"
                    aria-label={`映射：${f.canonical}`}
                    value={col === undefined ? '' : String(col)}
                    onChange={(_e, data) => onChange(f.field, data.value === '' ? null : Number(data.value))}
                  >
                    <option value="">（不使用）</option>
                    {state.headers.map((h) => (
                      <option key={h.col} value={String(h.col)}>{h.label}</option>
                    ))}
                  </Select>
                  <span className="wz-hint">{byHand ? '手动' : col !== undefined ? '自动识别' : ''}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
