// Credit arithmetic shown to teachers. The server's `meetsRequirement` is the
// authority; these functions explain *what is missing* in the same terms.

export const YEARLY_REQUIRED_HOURS = 90
// "of which professional at least two thirds" — read as two thirds of the
// 90-hour requirement (60 h), the way the yearly rule is usually applied.
export const PROFESSIONAL_SHARE = 2 / 3

export const CATEGORY_LABELS = { PUBLIC: '公需科目', PROFESSIONAL: '专业科目' }

// Hours and credits are often halves (0.5 学时); keep one decimal so 89.9999 never shows.
export function round1(value) {
  return Math.round((Number(value) || 0) * 10) / 10
}

function percent(part, whole) {
  if (!whole) return 100
  return Math.min(100, Math.round((part / whole) * 100))
}

/**
 * The yearly requirement status from `GET /api/me/credits`.
 * @returns {{requiredHours, requiredProfessionalHours, totalHours, professionalHours,
 *   publicHours, missingHours, missingProfessionalHours, meets, totalPercent, professionalPercent}}
 */
export function yearlyStatus(credits, rule = {}) {
  const requiredHours = rule.requiredHours ?? (Number(credits?.requiredHours) || YEARLY_REQUIRED_HOURS)
  const share = rule.professionalShare ?? PROFESSIONAL_SHARE
  const requiredProfessionalHours = round1(Math.ceil(requiredHours * share * 10 - 1e-9) / 10)
  const totalHours = round1(credits?.totalHours)
  const professionalHours = round1(credits?.professionalHours)
  const publicHours = round1(credits?.publicHours)
  // The server's `missing` (GET /api/me/credits) is the authority when present.
  const missing = credits?.missing || {}
  const missingHours = round1(
    typeof missing.totalHours === 'number' ? missing.totalHours : Math.max(0, requiredHours - totalHours),
  )
  const missingProfessionalHours = round1(
    typeof missing.professionalHours === 'number'
      ? missing.professionalHours
      : Math.max(0, requiredProfessionalHours - professionalHours),
  )
  const computed = missingHours === 0 && missingProfessionalHours === 0
  return {
    requiredHours,
    requiredProfessionalHours,
    totalHours,
    professionalHours,
    publicHours,
    missingHours,
    missingProfessionalHours,
    meets: typeof credits?.meetsRequirement === 'boolean' ? credits.meetsRequirement : computed,
    // Tells the page when the server judged differently from our arithmetic
    // (e.g. a rule change on the server), so it can avoid a contradictory hint.
    agreesWithServer: typeof credits?.meetsRequirement === 'boolean' ? credits.meetsRequirement === computed : true,
    totalPercent: percent(totalHours, requiredHours),
    professionalPercent: percent(professionalHours, requiredProfessionalHours),
  }
}

/** One zh-CN sentence that says plainly whether the year is done and what is missing. */
export function describeYearlyStatus(status) {
  if (status.meets) return `已达到本年度要求（${status.requiredHours} 学时，其中专业科目不少于 ${status.requiredProfessionalHours} 学时）`
  const parts = []
  if (status.missingHours > 0) parts.push(`总学时还差 ${status.missingHours} 学时`)
  if (status.missingProfessionalHours > 0) parts.push(`专业科目还差 ${status.missingProfessionalHours} 学时`)
  if (!parts.length) return '尚未达到本年度要求，请以学分明细为准'
  return `尚未达到本年度要求：${parts.join('，')}`
}

/**
 * Per category, how far the selected courses are from the project's required
 * credits — from `GET /api/trainings/{id}/recommendations`.
 */
export function categoryProgress(recommendations) {
  const required = recommendations?.required || {}
  const items = recommendations?.items || []
  return Object.keys(CATEGORY_LABELS).map((category) => {
    const inCategory = items.filter((c) => c.category === category)
    // The server sums what is selected (`selectedCredits`), also courses no longer offered.
    const serverSelected = recommendations?.selectedCredits?.[category]
    const selected = round1(
      typeof serverSelected === 'number'
        ? serverSelected
        : inCategory.filter((c) => c.selected).reduce((sum, c) => sum + (Number(c.credits) || 0), 0),
    )
    const need = round1(required[category] || 0)
    const offered = round1(inCategory.reduce((sum, c) => sum + (Number(c.credits) || 0), 0))
    return {
      category,
      label: CATEGORY_LABELS[category],
      required: need,
      selected,
      remaining: round1(Math.max(0, need - selected)),
      reached: selected >= need,
      // Not enough courses offered to ever reach the requirement: worth telling.
      reachable: offered >= need,
      percent: percent(selected, need),
    }
  })
}

/** Sums a credits list (byProject/byCourse) for the table footer. */
export function sumBy(items, key) {
  return round1((items || []).reduce((sum, item) => sum + (Number(item[key]) || 0), 0))
}

export const SOURCE_LABELS = {
  ONLINE_COURSE: '网络研修',
  FACE_TO_FACE: '面授培训',
  SCHOOL_BASED: '校本培训',
  DECLARATION: '学分申报',
  APPEAL: '申诉更正',
  OFFLINE_IMPORT: '线下导入',
  LEAD_CORRECTION: '负责人更正',
}

/**
 * `byCourse` rows of `GET /api/me/credits` for display: the server gives
 * `{courseId, title, category, projectId, credits, hours, sources: []}`; the
 * project's name comes from `byProject` and the sources become one zh-CN text.
 */
export function courseRows(credits) {
  const projects = new Map((credits?.byProject || []).map((p) => [String(p.projectId), p.name || p.projectName]))
  return (credits?.byCourse || []).map((c) => ({
    ...c,
    projectName: c.projectName || (c.projectId != null ? projects.get(String(c.projectId)) : null) || null,
    sourceText: (c.sources || (c.source ? [c.source] : [])).map((s) => SOURCE_LABELS[s] || s).join('、') || '—',
  }))
}

/**
 * The two different rules, side by side:
 * - a training project asks for credits per category (e.g. 公需 30 + 专业 30 学分) among
 *   the courses chosen in it — that is what completing the project means;
 * - the year asks for hours (不少于 90 学时, of which 专业 ≥ 2/3) from all sources.
 * Rows for the projects I am enrolled in that year (GET /api/trainings items, `required`)
 * with the credits earned in each from `byCourse` of GET /api/me/credits.
 */
export function projectRequirementRows(trainings, credits) {
  const earned = new Map()
  for (const c of credits?.byCourse || []) {
    if (c.projectId == null) continue
    const key = String(c.projectId)
    const e = earned.get(key) || { PUBLIC: 0, PROFESSIONAL: 0 }
    if (c.category in e) e[c.category] += Number(c.credits) || 0
    earned.set(key, e)
  }
  return (trainings || [])
    .filter((t) => t.enrolled || t.enrollmentStatus === 'APPROVED')
    .map((t) => {
      const e = earned.get(String(t.id)) || { PUBLIC: 0, PROFESSIONAL: 0 }
      const required = { PUBLIC: round1(t.required?.PUBLIC), PROFESSIONAL: round1(t.required?.PROFESSIONAL) }
      const got = { PUBLIC: round1(e.PUBLIC), PROFESSIONAL: round1(e.PROFESSIONAL) }
      return {
        projectId: t.id,
        name: t.name,
        kind: t.kind,
        required,
        earned: got,
        requirementText: `公需 ${required.PUBLIC} 学分 + 专业 ${required.PROFESSIONAL} 学分`,
        done: got.PUBLIC >= required.PUBLIC && got.PROFESSIONAL >= required.PROFESSIONAL,
      }
    })
}

/** The yearly rule in one plain sentence (hours, not credits). */
export function yearlyRuleText(status) {
  return `每年不少于 ${status.requiredHours} 学时，其中专业科目不少于 2/3（${status.requiredProfessionalHours} 学时）；所有来源的学时都计入（网络研修、面授、校本、申报、导入）。`
}
