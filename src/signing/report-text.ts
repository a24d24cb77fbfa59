/** The verification report as readable Chinese lines (CLI output, pane and page). */
import { displayValue, ROLE_LABEL } from './canonical';
import type { VerifyReport } from './sign-core';
import { beijingTime } from './signature-sheet';

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
    for (const c of s.cells ?? []) lines.push(`      ${s.sheet}!${c.cell}：${displayValue(c.old)} → ${displayValue(c.new)}`);
  }
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

