/** Header mapping: the detected column per field, missing required fields in red, a drop-down to map by hand. */
import * as React from 'react';
import { Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { FieldSpec } from '../../sheets/table';
import type { MappingState } from '../model';
import { effectiveMapping } from '../model';

export interface MappingEditorProps {
  fields: FieldSpec[];
  state: MappingState;
  manual: Record<string, number | null>;
  onChange(field: string, col: number | null): void;
}

export function MappingEditor({ fields, state, manual, onChange }: MappingEditorProps): React.ReactElement {
  const mapping = effectiveMapping(state, manual);
  return (
    <section aria-label="表头映射">
      <Text as="p" size={200}>表头在第 {state.headerRowNumber} 行。可为任一字段手动指定列，设置按工作表记住。</Text>
      <Table size="extra-small" aria-label="表头映射表">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>字段</TableHeaderCell>
            <TableHeaderCell>工作表中的列</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {fields.map((f) => {
            const col = mapping[f.field];
            const missing = col === undefined && f.required === true;
            const byHand = Object.prototype.hasOwnProperty.call(manual, f.field);
            return (
              <TableRow key={f.field} data-field={f.field} data-missing={missing ? 'true' : undefined}>
                <TableCell>
                  <span style={missing ? { color: tokens.colorPaletteRedForeground1, fontWeight: 600 } : undefined}>
                    {f.canonical}
                    {f.required ? '（必填）' : ''}
                  </span>
                  {missing ? <div role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>未找到此必填列，请手动选择</div> : null}
                </TableCell>
                <TableCell>
                  <Select
                    size="small"
                    aria-label={`映射：${f.canonical}`}
                    value={col === undefined ? '' : String(col)}
                    onChange={(_e, data) => onChange(f.field, data.value === '' ? null : Number(data.value))}
                  >
                    <option value="">（不使用）</option>
                    {state.headers.map((h) => (
                      <option key={h.col} value={String(h.col)}>{h.label}</option>
                    ))}
                  </Select>
                  {byHand ? <Text size={100}> 手动</Text> : col !== undefined ? <Text size={100}> 自动识别</Text> : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}
