// Request bodies of the console's create forms, in the server's terms
// (course/CourseInput.java, training/TrainingInput.java).

const trimmed = (v) => (typeof v === 'string' ? v.trim() : v)

/** POST /api/admin/courses. Public courses carry no stage or subject. */
export function courseBody(form) {
  const body = {
    code: trimmed(form.code),
    title: trimmed(form.title),
    category: form.category,
    credits: Number(form.credits),
    hours: Number(form.hours),
    difficulty: Number(form.difficulty) || 2,
    description: trimmed(form.description) || '',
  }
  if (form.category === 'PROFESSIONAL') {
    body.stageCode = form.stageCode
    body.subjectId = Number(form.subjectId)
  }
  if (trimmed(form.homeworkPrompt)) body.homeworkPrompt = trimmed(form.homeworkPrompt)
  if (form.quizMaxAttempts) body.quizMaxAttempts = Number(form.quizMaxAttempts)
  return body
}

/** Client-side checks before the request; `{field: text}`, empty when fine. */
export function courseProblems(form) {
  const problems = {}
  if (!trimmed(form.code)) problems.code = '请填写课程编号'
  else if (!/^[A-Za-z0-9_-]{1,32}$/.test(trimmed(form.code))) problems.code = '课程编号只能包含字母、数字、-、_（最多 32 位）'
  if (!trimmed(form.title)) problems.title = '请填写课程名称'
  if (form.category === 'PROFESSIONAL') {
    if (!form.stageCode) problems.stageCode = '专业课程请选择学段'
    if (!form.subjectId) problems.subjectId = '专业课程请选择学科'
  }
  return problems
}

/**
 * POST /api/admin/trainings: flat `requiredPublic`… fields, all four window ends
 * required (study defaults to the enrollment window's start and three months after its end).
 * The offered courses go separately: PUT /api/admin/trainings/{id}/courses.
 */
export function trainingBody(form) {
  const [enrollOpensAt, enrollClosesAt] = form.enrollWindow || []
  let [studyOpensAt, studyClosesAt] = form.studyWindow || []
  if (!studyOpensAt) studyOpensAt = enrollOpensAt
  if (!studyClosesAt && enrollClosesAt) {
    const end = new Date(enrollClosesAt)
    end.setMonth(end.getMonth() + 3)
    studyClosesAt = end.toISOString()
  }
  const body = {
    name: trimmed(form.name),
    kind: form.kind,
    year: Number(form.year),
    enrollOpensAt: iso(enrollOpensAt),
    enrollClosesAt: iso(enrollClosesAt),
    studyOpensAt: iso(studyOpensAt),
    studyClosesAt: iso(studyClosesAt),
    needsApproval: !!form.needsApproval,
    requiredPublic: Number(form.requirePublic) || 0,
    requiredProfessional: Number(form.requireProfessional) || 0,
    passScorePublic: Number(form.passPublic),
    passScoreProfessional: Number(form.passProfessional),
  }
  if (form.capacity) body.capacity = Number(form.capacity)
  return body
}

/** The server wants ISO-8601 with an offset; date pickers may give "2026-03-01T08:00:00+08:00". */
function iso(value) {
  if (!value) return value
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : d.toISOString()
}

/** Maps the server's field names back to the form's, for showing a 400 next to its input. */
export function trainingFieldOf(serverField) {
  const map = {
    enrollOpensAt: 'enrollWindow',
    enrollClosesAt: 'enrollWindow',
    studyOpensAt: 'studyWindow',
    studyClosesAt: 'studyWindow',
    requiredPublic: 'required',
    requiredProfessional: 'required',
    passScorePublic: 'passScore',
    passScoreProfessional: 'passScore',
  }
  return map[serverField] || serverField
}

/** Checks of the teacher edit dialog ({name, phone}); an empty phone keeps the current one. */
export function teacherProblems(form) {
  const problems = {}
  const name = String(form.name || '').trim()
  if (!name) problems.name = '姓名不能为空'
  else if ([...name].length > 30) problems.name = '姓名最多 30 字'
  const phone = String(form.phone || '').trim()
  if (phone && !/^1\d{10}$/.test(phone)) problems.phone = '手机号应为 11 位数字'
  return problems
}

/** PUT /api/admin/teachers/{id}: only what changed (absent fields stay as they are). */
export function teacherChanges(current, form) {
  const changes = {}
  const name = String(form.name || '').trim()
  if (name && name !== current?.name) changes.name = name
  const phone = String(form.phone || '').trim()
  if (phone) changes.phone = phone
  return changes
}
