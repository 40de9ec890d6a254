// Logic that maps the real server's answers (src/main/java) onto the pages.
import { describe, it, expect } from 'vitest'
import { passwordProblem } from '../src/lib/password.js'
import { yearlyStatus, categoryProgress, courseRows } from '../src/lib/credits.js'
import { normalizeQuestions, answersPayload, attemptState, newAttemptKey } from '../src/lib/quiz.js'
import { windowState, enrollmentState, applyEnrollment } from '../src/shared/format.js'
import { h5RouteOf, checkInToken, checkInSummary } from '../src/lib/h5links.js'
import { courseBody, courseProblems, trainingBody, trainingFieldOf } from '../src/lib/adminForms.js'
import { approvalSummary, stepText } from '../src/lib/approvals.js'
import { subjectsOf } from '../src/lib/subjects.js'
import { errorText, ApiError } from '../src/lib/errors.js'

describe('password policy (PasswordPolicy.java)', () => {
  it('wants 8–64 characters of three classes, without the ID number', () => {
    expect(passwordProblem('abc12345')).toContain('至少三类')
    expect(passwordProblem('Abc12345')).toBeNull()
    expect(passwordProblem('abc-1234')).toBeNull()
    expect(passwordProblem('Ab1!')).toContain('8 到 64')
    expect(passwordProblem('Aa1!'.repeat(17))).toContain('8 到 64')
    expect(passwordProblem('Jijiao@2026x1')).toBeNull()
    expect(passwordProblem('Pw!120019', '220102198503120019')).toContain('身份证号')
  })
})

describe('credits (GET /api/me/credits)', () => {
  const answer = {
    year: 2026,
    totalCredits: 5,
    totalHours: 5,
    publicHours: 5,
    professionalHours: 0,
    requiredHours: 90,
    meetsRequirement: false,
    missing: { totalHours: 85, professionalHours: 60 },
    byProject: [{ projectId: 1000, name: '全员培训', kind: 'ALL_STAFF', credits: 5, hours: 5 }],
    byCourse: [{ courseId: 7, title: '师德', category: 'PUBLIC', projectId: 1000, credits: 2, hours: 2, sources: ['ONLINE_COURSE', 'APPEAL'] }],
  }
  it('takes the missing hours from the server', () => {
    const s = yearlyStatus(answer)
    expect(s).toMatchObject({ requiredHours: 90, missingHours: 85, missingProfessionalHours: 60, meets: false })
  })
  it('names the project and the sources of a course row', () => {
    expect(courseRows(answer)[0]).toMatchObject({ projectName: '全员培训', sourceText: '网络研修、申诉更正' })
    expect(courseRows({ byCourse: [{ courseId: 1, sources: [] }] })[0]).toMatchObject({ projectName: null, sourceText: '—' })
  })
  it('uses the server sum of selected credits', () => {
    const p = categoryProgress({
      required: { PUBLIC: 30, PROFESSIONAL: 30 },
      selectedCredits: { PUBLIC: 4, PROFESSIONAL: 0 },
      items: [{ courseId: 1, category: 'PUBLIC', credits: 2, selected: true }],
    })
    expect(p[0]).toMatchObject({ category: 'PUBLIC', selected: 4, remaining: 26 })
  })
})

describe('quiz (CourseworkService.quiz)', () => {
  const quiz = {
    questions: [
      { id: 5, ord: 2, stem: '第二题', options: { B: '乙', A: '甲' } },
      { id: 4, ord: 1, stem: '第一题', options: { A: '一', B: '二', C: '三' } },
    ],
    maxAttempts: 3,
    attemptsUsed: 1,
    attemptsLeft: 2,
    bestScore: 50,
  }
  it('reads stems and option maps in order', () => {
    const qs = normalizeQuestions(quiz)
    expect(qs.map((q) => q.id)).toEqual(['4', '5'])
    expect(qs[0].text).toBe('第一题')
    expect(qs[1].options).toEqual([{ key: 'A', text: '甲' }, { key: 'B', text: '乙' }])
    expect(answersPayload(qs, { 4: 'C', 5: 'A' })).toEqual({ 4: 'C', 5: 'A' })
  })
  it('knows the attempts left from the quiz or the last result', () => {
    expect(attemptState(quiz)).toMatchObject({ attemptsLeft: 2, canAttempt: true, bestScore: 50, maxAttempts: 3 })
    expect(attemptState(quiz, { score: 100, attemptsLeft: 0, bestScore: 100 })).toMatchObject({ canAttempt: false, bestScore: 100 })
    expect(newAttemptKey()).not.toBe(newAttemptKey())
  })
})

describe('enrollment state (GET /api/trainings)', () => {
  it('trusts enrollmentOpen and tells pending from enrolled', () => {
    const now = Date.parse('2026-06-01T00:00:00Z')
    expect(windowState({ enrollmentOpen: false, enrollOpensAt: '2026-07-01T00:00:00Z' }, now)).toBe('upcoming')
    expect(windowState({ enrollmentOpen: false, enrollOpensAt: '2026-01-01T00:00:00Z', enrollClosesAt: '2026-12-01T00:00:00Z' }, now)).toBe('closed')
    expect(windowState({ enrollmentOpen: true, enrollClosesAt: '2026-01-01T00:00:00Z' }, now)).toBe('open')
    expect(enrollmentState({ enrolled: false, enrollmentStatus: 'PENDING' })).toBe('pending')
    const t = { id: 1, enrolled: false, enrollmentStatus: null, enrolledCount: 3 }
    applyEnrollment(t, { id: 9, status: 'PENDING' })
    expect(t).toMatchObject({ enrolled: false, enrollmentStatus: 'PENDING', enrollmentId: 9, enrolledCount: 3 })
    applyEnrollment(t, { id: 9, status: 'APPROVED' })
    expect(t).toMatchObject({ enrolled: true, enrolledCount: 4 })
  })
})

describe('WeChat entry and QR check-in', () => {
  it('maps the OAuth redirect to an H5 route', () => {
    expect(h5RouteOf('/h5/credits')).toBe('/credits')
    expect(h5RouteOf('/h5/')).toBe('/')
    expect(h5RouteOf('/h5/wechat-entry?code=1')).toBe('/')
    expect(h5RouteOf('/admin/')).toBe('/')
    expect(h5RouteOf('//evil.example/h5/')).toBe('/')
    expect(h5RouteOf(undefined)).toBe('/')
  })
  it('finds the token in what a QR code holds', () => {
    expect(checkInToken('/h5/attendance/check-in?token=1.59877299.I.Lx2-mUxc')).toBe('1.59877299.I.Lx2-mUxc')
    expect(checkInToken('https://jx.example.cn/h5/attendance/check-in?token=a%2Bb&x=1')).toBe('a+b')
    expect(checkInToken('1.59877299.O.abcdefgh')).toBe('1.59877299.O.abcdefgh')
    expect(checkInToken('https://example.com/other')).toBeNull()
    expect(checkInToken('')).toBeNull()
  })
  it('words the check-in answer', () => {
    const s = checkInSummary({ mode: 'IN', already: false, session: { title: '面授', venue: '301', mine: { checkedInAt: '2026-03-01T01:00:00Z' } } })
    expect(s).toMatchObject({ title: '签到成功', detail: '面授', venue: '301', at: '2026-03-01T01:00:00Z' })
    expect(checkInSummary({ mode: 'OUT', already: true, session: {} }).title).toBe('您已签退')
  })
})

describe('console forms (CourseInput, TrainingInput)', () => {
  it('builds a course body with stage code and subject id', () => {
    const form = { code: ' ZY-1 ', title: ' 单元教学 ', category: 'PROFESSIONAL', stageCode: 'PRIMARY', subjectId: 2, credits: 2, hours: 2, difficulty: 3, description: '', homeworkPrompt: '', quizMaxAttempts: 3 }
    expect(courseBody(form)).toEqual({ code: 'ZY-1', title: '单元教学', category: 'PROFESSIONAL', stageCode: 'PRIMARY', subjectId: 2, credits: 2, hours: 2, difficulty: 3, description: '', quizMaxAttempts: 3 })
    expect(courseBody({ ...form, category: 'PUBLIC' })).not.toHaveProperty('stageCode')
    expect(courseProblems({ ...form, code: 'a b', subjectId: null })).toEqual({ code: expect.any(String), subjectId: expect.any(String) })
    expect(subjectsOf('PRIMARY').find((s) => s.id === 2).name).toBe('语文')
  })
  it('builds a training body with flat requirements and all four window ends', () => {
    const body = trainingBody({
      name: ' 专项 ',
      kind: 'SPECIAL',
      year: 2026,
      enrollWindow: ['2026-03-01T08:00:00+08:00', '2026-03-31T18:00:00+08:00'],
      studyWindow: [],
      capacity: null,
      needsApproval: true,
      requirePublic: 6,
      requireProfessional: 6,
      passPublic: 60,
      passProfessional: 70,
    })
    expect(body).toMatchObject({
      name: '专项',
      enrollOpensAt: '2026-03-01T00:00:00.000Z',
      enrollClosesAt: '2026-03-31T10:00:00.000Z',
      studyOpensAt: '2026-03-01T00:00:00.000Z',
      needsApproval: true,
      requiredPublic: 6,
      requiredProfessional: 6,
      passScorePublic: 60,
      passScoreProfessional: 70,
    })
    expect(Date.parse(body.studyClosesAt)).toBeGreaterThan(Date.parse(body.enrollClosesAt))
    expect(body).not.toHaveProperty('capacity')
    expect(body).not.toHaveProperty('courseIds')
    expect(trainingFieldOf('studyClosesAt')).toBe('studyWindow')
  })
})

describe('approvals (ApprovalQueries view)', () => {
  const item = {
    id: 1000, type: 'APPEAL', typeName: '学分申诉', title: '学分申诉：师德', status: 'PENDING', step: 1, stepCount: 2,
    waitingFor: { role: 'SCHOOL_ADMIN', orgName: '一小' },
    payload: { year: 2026, credits: '2', hours: '2', category: 'PUBLIC', reason: '未记录', evidence: '签到表', courseTitle: '师德', projectName: '全员培训' },
  }
  it('says where a request stands and what it asks', () => {
    expect(stepText(item)).toBe('第 1/2 步 · 学校管理员')
    expect(stepText({ ...item, status: 'APPROVED' })).toBe('已通过')
    const lines = Object.fromEntries(approvalSummary(item))
    expect(lines).toMatchObject({ 课程: '师德', 类别: '公需科目', '学分 / 学时': '2 / 2', 理由: '未记录' })
  })
  it('has texts for the server codes of a lost decision race', () => {
    expect(errorText(new ApiError({ status: 409, code: 'already_decided' }))).toBe('该审批已被他人处理')
  })
})
