// Homework grading input (POST /api/admin/homework/{id}/grade {score 0–100, comment ≤ 1000}).
export function gradeProblems(form) {
  const problems = {}
  const id = Number(String(form.id ?? '').trim())
  if (!Number.isInteger(id) || id <= 0) problems.id = '请填写作业编号（正整数）'
  const score = Number(form.score)
  if (form.score === null || form.score === '' || !Number.isFinite(score) || score < 0 || score > 100) problems.score = '分数须在 0 到 100 之间'
  if ([...String(form.comment || '')].length > 1000) problems.comment = '评语最多 1000 字'
  return problems
}
