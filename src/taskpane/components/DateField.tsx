/**
 * A date typed as officers write it (2025-12-31, 2025/12/31, 2025.12.31, 2025年12月31日) beside the
 * browser's own date picker; both edit the same value.
 */
import * as React from 'react';
import { Field, Input } from '@fluentui/react-components';
import { DATE_FORMATS_TEXT, parseDateInput } from '../model';

export interface DateFieldProps {
  label: React.ReactNode;
  /** The accessible name of the text field. */
  name: string;
  value: string;
  hint?: string;
  onChange(value: string): void;
}

export function DateField({ label, name, value, hint, onChange }: DateFieldProps): React.ReactElement {
  const iso = parseDateInput(value);
  const invalid = value.trim() !== '' && iso === null;
  const id = React.useId();
  return (
    <Field
      label={{ children: label, htmlFor: id }}
      hint={hint}
      validationState={invalid || value.trim() === '' ? 'error' : 'none'}
      validationMessage={invalid ? `「${value}」不是有效日期，可写作 ${DATE_FORMATS_TEXT}` : value.trim() === '' ? '请填写日期' : undefined}
    >
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
        <Input id={id} aria-label={name} value={value} placeholder="例如 2025-12-31" onChange={(_e, d) => onChange(d.value)} style={{ flex: '1 1 140px', minWidth: 0 }} />
        <input
          type="date"
          aria-label={`${name}（日历选择）`}
          value={iso ?? ''}
          onChange={(e) => {
            if (e.target.value) onChange(e.target.value);
          }}
          style={{ flex: '0 1 150px', minWidth: 0, height: 32, font: 'inherit', border: '1px solid #8a8a8a', borderRadius: 4, padding: '0 4px' }}
        />
      </div>
    </Field>
  );
}
