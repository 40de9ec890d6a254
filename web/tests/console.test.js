import { describe, it, expect } from 'vitest'
import { importState, rowMessage, filterRows, importFileProblem } from '../src/lib/creditImport.js'
import { noticeProblems, visibleText, textToHtml, attachmentProblem } from '../src/lib/notices.js'
import { gradeProblems } from '../src/lib/grading.js'
import { teacherProblems, teacherChanges } from '../src/lib/adminForms.js'
import { projectRequirementRows, yearlyStatus, yearlyRuleText } from '../src/lib/credits.js'
import { stageText } from '../src/shared/format.js'

// POST /api/admin/credit-imports?dryRun=true as the server answered it.
const dryRun = {
  total: 3,
  valid: 1,
  applied: 0,
  failed: 2,
  importId: 1000,
  dryRun: true,
  rows: [
    { row: 2, status: 'VALID', code: null, message: null },
    { row: 3, status: 'ERROR', code: 'bad_check_character', message: '身份证号校验位不正确，请核对' },
    { row: 4, status: 'ERROR', code: 'unknown_teacher', message: null },
  ],
  errorReport: '/api/admin/credit-imports/1000/errors.xlsx',
}

describe('offline credit import', () => {
  it('offers the commit after a dry run with valid rows, and the error report', () => {
    const s = importState(dryRun)
    expect(s).toMatchObject({ canCommit: true, hasReport: true, failed: 2 })
    expect(s.summary).toBe('检查完成：共 3 行，1 行可导入，2 行有问题（尚未导入）')
    const done = importState({ ...dryRun, dryRun: false, applied: 1 })
    expect(done.canCommit).toBe(false)
    expect(done.summary).toContain('已导入 1 行')
    expect(importState({ ...dryRun, valid: 0 }).canCommit).toBe(false)
    expect(importState(null).canCommit).toBe(false)
  })
  it('explains each row: server sentence first, our hint for a bare code', () => {
    expect(rowMessage(dryRun.rows[0])).toBe('')
    expect(rowMessage(dryRun.rows[1])).toBe('身份证号校验位不正确，请核对')
    expect(rowMessage(dryRun.rows[2])).toBe('平台上没有这位教师')
    expect(filterRows(dryRun.rows, true).map((r) => r.row)).toEqual([3, 4])
  })
  it('takes .xlsx only', () => {
    expect(importFileProblem({ name: '学分.xlsx' })).toBeNull()
    expect(importFileProblem({ name: '学分.xls' })).toContain('.xlsx')
    expect(importFileProblem(null)).toBeTruthy()
  })
})

describe('notices', () => {
  it('needs a title and a body a reader can see', () => {
    expect(noticeProblems({ title: '通知', bodyHtml: '<p>内容</p>' })).toEqual({})
    expect(noticeProblems({ title: '', bodyHtml: '<p>&nbsp;</p><br>' })).toHaveProperty('title')
    expect(noticeProblems({ title: 'x', bodyHtml: '<p>&nbsp;</p><br>' })).toHaveProperty('bodyHtml')
    expect(noticeProblems({ title: '标'.repeat(101), bodyHtml: '<p>x</p>' }).title).toContain('100')
    expect(visibleText('<p>a<b>b</b></p>')).toBe('ab')
  })
  it('turns pasted text into escaped paragraphs', () => {
    expect(textToHtml('第一段\n续行\n\n<第二段>')).toBe('<p>第一段<br>续行</p><p>&lt;第二段&gt;</p>')
  })
  it('knows the attachment types the server takes', () => {
    expect(attachmentProblem({ name: '附件.docx' })).toBeNull()
    expect(attachmentProblem({ name: 'run.exe' })).toBeTruthy()
  })
})

describe('console forms', () => {
  it('checks a grade', () => {
    expect(gradeProblems({ id: '12', score: 88, comment: '' })).toEqual({})
    expect(gradeProblems({ id: 'x', score: 101 })).toEqual({ id: expect.any(String), score: expect.any(String) })
  })
  it('sends only the teacher fields that changed; an empty phone keeps the old one', () => {
    expect(teacherProblems({ name: '王晓梅', phone: '' })).toEqual({})
    expect(teacherProblems({ name: '', phone: '123' })).toEqual({ name: expect.any(String), phone: expect.any(String) })
    expect(teacherChanges({ name: '王晓梅' }, { name: '王晓梅', phone: '' })).toEqual({})
    expect(teacherChanges({ name: '王晓梅' }, { name: '王小梅', phone: '13900000001' })).toEqual({ name: '王小梅', phone: '13900000001' })
  })
  it('shows 学段 from the server name or the code', () => {
    expect(stageText({ stageCode: 'PRIMARY', stage: '小学' })).toBe('小学')
    expect(stageText({ stageCode: 'SENIOR' })).toBe('高中')
    expect(stageText({ stageCode: 'KINDERGARTEN', stage: null })).toBe('幼儿园')
    expect(stageText({ stageCode: null, stage: null })).toBe('')
  })
})

describe('credits: project requirement vs yearly requirement', () => {
  it('sums the credits earned in each enrolled project by category', () => {
    const trainings = [
      { id: 1000, name: '全员培训', enrolled: true, required: { PUBLIC: 30, PROFESSIONAL: 30 } },
      { id: 1001, name: '专项培训', enrolled: false, required: { PUBLIC: 6, PROFESSIONAL: 6 } },
    ]
    const credits = {
      byCourse: [
        { projectId: 1000, category: 'PUBLIC', credits: 3 },
        { projectId: 1000, category: 'PROFESSIONAL', credits: 2.5 },
        { projectId: null, category: 'PROFESSIONAL', credits: 1 },
      ],
    }
    const rows = projectRequirementRows(trainings, credits)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ requirementText: '公需 30 学分 + 专业 30 学分', earned: { PUBLIC: 3, PROFESSIONAL: 2.5 }, done: false })
  })
  it('states the yearly rule in hours', () => {
    expect(yearlyRuleText(yearlyStatus({ requiredHours: 90 }))).toContain('每年不少于 90 学时，其中专业科目不少于 2/3（60 学时）')
  })
})
