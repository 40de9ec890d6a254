// Offline credit import (POST /api/admin/credit-imports?dryRun=true|false): the row results
// in words and what the page may offer next. Codes: docs/approvals.md.

export const ROW_STATUS = { VALID: '可导入', APPLIED: '已导入', ERROR: '有问题' }
export const ROW_STATUS_TAG = { VALID: 'success', APPLIED: 'success', ERROR: 'danger' }

export const CODE_HINTS = {
  id_number_stored_as_number: '身份证号被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”后重新录入',
  bad_check_character: '身份证号校验位不对，请核对',
  invalid_id_number: '身份证号格式不正确',
  id_number_formula: '身份证号单元格是公式，请改为文本',
  name_missing: '缺少姓名',
  course_missing: '缺少课程或学习包名称',
  course_too_long: '课程或学习包名称过长',
  invalid_hours: '学时不正确',
  invalid_credits: '学分不正确',
  invalid_category: '类别只能是 公需 或 专业',
  invalid_year: '年度不正确',
  unknown_teacher: '平台上没有这位教师',
  out_of_scope: '该教师不在您的管理范围内',
  teacher_inactive: '该教师账号未启用或已停用',
  name_mismatch: '姓名与身份证号不一致',
  duplicate_in_file: '与文件中前面的行重复',
  already_imported: '这条学分已经导入过',
}

export const TEMPLATE_COLUMNS = ['身份证号', '姓名', '课程或学习包', '学时', '学分', '类别（可选：公需/专业）', '年度（可选）']

/** The sentence for a row: the server's message first, then our hint for its code. */
export function rowMessage(row) {
  if (!row || row.status !== 'ERROR') return ''
  return row.message || CODE_HINTS[row.code] || row.code || '有问题'
}

/**
 * What the result allows: commit after a dry run with valid rows; the error report when
 * rows failed and the server stored the import (it has an id / errorReport link).
 */
export function importState(result) {
  const total = Number(result?.total) || 0
  const valid = Number(result?.valid) || 0
  const failed = Number(result?.failed ?? total - valid) || 0
  const applied = Number(result?.applied) || 0
  const dryRun = result?.dryRun !== false
  return {
    total,
    valid,
    failed,
    applied,
    dryRun,
    canCommit: !!result && dryRun && valid > 0,
    hasReport: failed > 0 && !!(result?.errorReport || result?.importId),
    summary: !result
      ? ''
      : dryRun
        ? `检查完成：共 ${total} 行，${valid} 行可导入，${failed} 行有问题（尚未导入）`
        : `导入完成：共 ${total} 行，已导入 ${applied} 行，${failed} 行未导入`,
  }
}

export function importFileProblem(file) {
  if (!file) return '请选择 Excel 文件'
  if (!/\.xlsx$/i.test(file.name || '')) return '请上传 .xlsx 格式的 Excel 文件（旧版 .xls 请另存为 .xlsx）'
  return null
}

/** Rows to show: all, or only the failing ones. */
export function filterRows(rows, onlyErrors) {
  const list = rows || []
  return onlyErrors ? list.filter((r) => r.status === 'ERROR') : list
}
