/** The verification report as readable Chinese lines (CLI output, pane and page). */
import { displayValue, ROLE_LABEL } from './canonical';
import type { IdNumbersFound } from './personal-data';
import type { VerifyReport } from './sign-core';
import { beijingTime, notCoveredText } from './signature-sheet';

export function verifyReportLines(report: VerifyReport): string[] {
  const lines: string[] = [];
  lines.push(report.valid ? '✓ 签章验证通过：签名有效，签名覆盖的内容未改动' : '✗ 签章验证未通过');
  if (!report.valid && report.signatureValid && !report.unchanged) {
    lines.push('  签名本身有效（确由下列证书的持有人所签），但签名之后内容被改动：');
  }
  if (report.signer) {
    lines.push(`  签名人：${report.signer.name}${report.signer.organisation ? `（${report.signer.organisation}）` : ''}`);
    lines.push(`  证书 SHA-256 指纹：${report.signer.fingerprint}`);
  }
  if (report.signedAt) lines.push(`  签名时间：${beijingTime(report.signedAt)}`);
  for (const s of report.sheets) {
    const mark = s.status === 'unchanged' ? '✓ 未改动' : s.status === 'missing' ? '✗ 已不存在' : '✗ 已改动';
    lines.push(`  ${ROLE_LABEL[s.role]}  ${s.sheet}!${s.signedRef}  ${mark}`);
    if (s.extraRows) lines.push(`      多出的行：${s.sheet}!${s.extraRows}`);
    if (s.extraColumns) lines.push(`      多出的列：${s.sheet}!${s.extraColumns}`);
    for (const c of s.cells ?? []) lines.push(`      ${s.sheet}!${c.cell}：${displayValue(c.old)} → ${displayValue(c.new)}`);
  }
  if (report.notCovered?.length) lines.push(`  未签：${notCoveredText(report.notCovered)}`);
  if (!report.valid && report.reasons.length) {
    lines.push('  原因：');
    for (const r of report.reasons) lines.push(`    - ${r}`);
  }
  for (const n of report.notes) lines.push(`  注：${n}`);
  if (report.trusted === true) lines.push('  签名人证书与受信任证书一致');
  if (report.sm2Valid !== null) lines.push(`  SM2-SM3 第二签名：${report.sm2Valid ? '有效' : '无效'}`);
  return lines;
}

export function formatVerifyReport(report: VerifyReport): string {
  return verifyReportLines(report).join('\n');
}


/**
 * The warning when the payload holds full ID numbers (issue 8, item 12): what, where, and that
 * the files are personal data. The CLI adds the `--sheets` to leave the sheets out, the pane its
 * 「不签输入表」 box.
 */
export function idNumbersWarning(found: IdNumbersFound[], payloadName: string): string {
  const where = found.map((f) => `工作表「${f.sheet}」${f.cells} 个单元格（从 ${f.first} 起）`).join('、');
  return (
    `注意：签名内容包含完整的身份证号（个人信息）：${where}。${payloadName} 逐格列出被签的全部值，` +
    '它和已签章的工作簿都应按个人信息保管和传递，不要随意转发，用后按规定销毁。'
  );
}
