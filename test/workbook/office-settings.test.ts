/// <reference types="office-js" />
/** Document settings (mapping memory inside Excel) and host detection, against fake Office globals. */
import { OfficeSettingsStore } from '../../src/workbook/office-settings';
import { detectOfficeHost } from '../../src/workbook/office-host';
import { OfficeWorkbook } from '../../src/workbook/office-workbook';

type Saved = { status: string; error?: { message: string } };

function fakeSettings(result: Saved = { status: 'succeeded' }) {
  const values = new Map<string, unknown>();
  let saves = 0;
  const settings = {
    get: (k: string) => (values.has(k) ? values.get(k) : null),
    set: (k: string, v: unknown) => { values.set(k, v); },
    saveAsync: (cb: (r: Saved) => void) => { saves++; cb(result); },
  };
  return { settings, values, saves: () => saves };
}

const g = globalThis as unknown as Record<string, unknown>;

afterEach(() => {
  delete g.Office;
  delete g.Excel;
});

function installOffice(host: string | null, settings = fakeSettings().settings): void {
  g.Office = {
    HostType: { Excel: 'Excel', Word: 'Word' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: () => Promise.resolve({ host, platform: host ? 'PC' : null }),
    context: { document: { settings }, requirements: { isSetSupported: () => true } },
  };
  g.Excel = { run: async () => undefined };
}

describe('OfficeSettingsStore', () => {
  it('stores strings in the document settings and saves them into the workbook', async () => {
    installOffice('Excel');
    const fake = fakeSettings();
    const store = new OfficeSettingsStore(fake.settings as unknown as Office.Settings);
    expect(store.get('wzpolicy.mapping.relief.表1')).toBeNull();
    await store.set('wzpolicy.mapping.relief.表1', '{"selfPay":4}');
    expect(store.get('wzpolicy.mapping.relief.表1')).toBe('{"selfPay":4}');
    expect(fake.saves()).toBe(1);
    fake.values.set('other', 42);
    expect(store.get('other')).toBeNull(); // only strings are ours
  });

  it('reports a failed save in Chinese', async () => {
    installOffice('Excel');
    const fake = fakeSettings({ status: 'failed', error: { message: '只读' } });
    const store = new OfficeSettingsStore(fake.settings as unknown as Office.Settings);
    await expect(store.set('k', 'v')).rejects.toThrow('无法保存文档设置：只读');
  });
});

describe('detectOfficeHost', () => {
  it('no office.js loader (index.html) or office.js failed to load → no host', async () => {
    await expect(detectOfficeHost(undefined)).resolves.toEqual({ kind: 'none', host: null });
    installOffice('Excel');
    await expect(detectOfficeHost(Promise.resolve(false))).resolves.toEqual({ kind: 'none', host: null });
  });

  it('Office.onReady with Excel → the Office adapters; another host or none → standalone', async () => {
    installOffice('Excel');
    const found = await detectOfficeHost(Promise.resolve(true));
    expect(found.kind).toBe('excel');
    if (found.kind === 'excel') expect(found.workbook).toBeInstanceOf(OfficeWorkbook);
    installOffice('Word');
    await expect(detectOfficeHost(Promise.resolve(true))).resolves.toEqual({ kind: 'none', host: 'Word' });
    installOffice(null);
    await expect(detectOfficeHost(Promise.resolve(true))).resolves.toEqual({ kind: 'none', host: null });
  });
});
