/// <reference types="office-js" />
/**
 * Document settings (Office.context.document.settings): small key/value pairs saved inside the
 * workbook, used by the pane to remember the hand-made header mapping per sheet.
 */
export interface SettingsStore {
  get(key: string): string | null;
  set(key: string, value: string): Promise<void>;
}

export class OfficeSettingsStore implements SettingsStore {
  constructor(private readonly settings: Office.Settings = Office.context.document.settings) {}

  get(key: string): string | null {
    const v = this.settings.get(key) as unknown;
    return typeof v === 'string' ? v : null;
  }

  set(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
    return new Promise((resolve, reject) => {
      this.settings.saveAsync((result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve();
        else reject(new Error(`无法保存文档设置：${result.error?.message ?? ''}`));
      });
    });
  }
}
