import { describe, it, expect } from 'vitest'
import {
  canCancel,
  progressText,
  stepItems,
  payloadLines,
  declarationProblems,
  declarationFields,
  appealProblems,
  appealBody,
  transferProblems,
  portalLinkOf,
  h5LinkOf,
} from '../src/lib/applications.js'

// Shapes as the server answers them (GET /api/me/applications/{id}).
const declaration = {
  id: 1001,
  type: 'DECLARATION',
  typeName: '学分申报',
  title: '学分申报：外出培训',
  status: 'PENDING',
  step: 1,
  stepCount: 2,
  waitingFor: { role: 'SCHOOL_ADMIN', orgId: 104, orgName: '南关区第1小学' },
  payload: { year: 2026, hours: '12', title: '外出培训', credits: '1.5', category: 'PROFESSIONAL', organizer: '省教育厅', certificate: { fileName: 'c.pdf' } },
  steps: [
    { no: 1, role: 'SCHOOL_ADMIN', level: 'SCHOOL', decisions: ['APPROVE', 'REJECT'] },
    { no: 2, role: 'DISTRICT_ADMIN', level: 'DISTRICT', decisions: ['APPROVE', 'REJECT'] },
  ],
  history: [{ step: 0, decision: 'SUBMIT', comment: null, at: '2026-12-03T17:55:37Z', actor: { id: 1, name: '王晓梅' } }],
}

describe('my applications', () => {
  it('may be withdrawn only before the first review', () => {
    expect(canCancel(declaration)).toBe(true)
    expect(canCancel({ ...declaration, step: 2 })).toBe(false)
    expect(canCancel({ ...declaration, status: 'APPROVED' })).toBe(false)
    const reviewed = { ...declaration, history: [...declaration.history, { step: 1, decision: 'APPROVE' }] }
    expect(canCancel(reviewed)).toBe(false)
  })

  it('says who it waits for, then the outcome', () => {
    expect(progressText(declaration)).toBe('等待南关区第1小学学校管理员审核（第 1/2 步）')
    expect(progressText({ ...declaration, status: 'REJECTED' })).toBe('未通过')
  })

  it('turns steps and history into a progress bar', () => {
    expect(stepItems(declaration).map((s) => s.state)).toEqual(['process', 'wait'])
    const later = {
      ...declaration,
      status: 'REJECTED',
      step: 2,
      history: [...declaration.history, { step: 1, decision: 'APPROVE', actor: { name: '张校长' } }, { step: 2, decision: 'REJECT', actor: { name: '李主任' } }],
    }
    const items = stepItems(later)
    expect(items.map((s) => s.state)).toEqual(['finish', 'error'])
    expect(items[0].description).toContain('张校长')
    expect(items[0].title).toBe('学校审核')
  })

  it('lists what was asked', () => {
    const lines = Object.fromEntries(payloadLines(declaration))
    expect(lines['培训名称']).toBe('外出培训')
    expect(lines['类别']).toBe('专业科目')
    expect(lines['学分 / 学时']).toBe('1.5 / 12')
    const transfer = { type: 'TRANSFER', payload: { reason: '家庭原因', fromSchoolName: 'A 校', targetSchoolName: 'B 校' } }
    expect(Object.fromEntries(payloadLines(transfer))['调入学校']).toBe('B 校')
  })
})

describe('application forms', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  const pdf = { name: '证书.pdf', size: 1000 }

  it('checks a declaration as the server would, before the upload', () => {
    const ok = { title: '研修班', year: '2026', category: 'PROFESSIONAL', hours: '12', credits: '1.5', file: pdf }
    expect(declarationProblems(ok, now)).toEqual({})
    expect(declarationProblems({ ...ok, credits: '1.25' }, now).credits).toContain('一位小数')
    expect(declarationProblems({ ...ok, hours: '0' }, now).hours).toContain('不能为 0')
    expect(declarationProblems({ ...ok, hours: '201' }, now).hours).toContain('200')
    expect(declarationProblems({ ...ok, year: '2027' }, now).year).toBeTruthy()
    expect(declarationProblems({ ...ok, file: null }, now).certificate).toBeTruthy()
    expect(declarationProblems({ ...ok, file: { name: 'x.gif', size: 10 } }, now).certificate).toContain('PDF')
    expect(declarationProblems({ ...ok, file: { name: 'x.png', size: 6 * 1024 * 1024 } }, now).certificate).toContain('5 MB')
    expect(declarationProblems({ ...ok, title: ' ' }, now).title).toBeTruthy()
  })

  it('sends the declaration fields as strings, organizer only when given', () => {
    expect(declarationFields({ title: ' 研修班 ', year: 2026, category: 'PUBLIC', hours: '12', credits: '1.5', organizer: '' })).toEqual({
      title: '研修班',
      year: '2026',
      category: 'PUBLIC',
      hours: '12',
      credits: '1.5',
    })
  })

  it('checks an appeal: a project or course, credits ≠ 0 (may be negative), hours may be 0', () => {
    const ok = { projectId: 1000, year: '2026', credits: '-1', hours: '0', reason: '多记了', evidence: '记录' }
    expect(appealProblems(ok, now)).toEqual({})
    expect(appealProblems({ ...ok, projectId: null }, now).projectId).toBeTruthy()
    expect(appealProblems({ ...ok, credits: '0' }, now).credits).toBeTruthy()
    expect(appealProblems({ ...ok, evidence: '' }, now).evidence).toBeTruthy()
    expect(appealBody({ ...ok, courseId: 5, category: 'PUBLIC' })).toEqual({
      projectId: 1000,
      courseId: 5,
      year: 2026,
      category: 'PUBLIC',
      credits: -1,
      hours: 0,
      reason: '多记了',
      evidence: '记录',
    })
  })

  it('refuses a transfer to the current school', () => {
    expect(transferProblems({ targetSchoolId: 105, reason: '家庭原因' }, 104)).toEqual({})
    expect(transferProblems({ targetSchoolId: '104', reason: '家庭原因' }, 104).targetSchoolId).toBeTruthy()
    expect(transferProblems({ targetSchoolId: '', reason: '' }, 104)).toHaveProperty('reason')
  })
})

describe('message links', () => {
  it('keeps the server links the portal has pages for', () => {
    expect(portalLinkOf('/me/applications/1001')).toBe('/me/applications/1001')
    expect(portalLinkOf('/trainings/1000')).toBe('/trainings/1000')
    expect(portalLinkOf('/forum/posts/7')).toBe('/forum/posts/7')
    expect(portalLinkOf('/somewhere/else')).toBeNull()
    expect(portalLinkOf('https://evil.example/')).toBeNull()
    expect(portalLinkOf('//evil.example/')).toBeNull()
    expect(portalLinkOf(null)).toBeNull()
  })
  it('maps them for the H5 pages', () => {
    expect(h5LinkOf('/trainings/1000')).toEqual({ route: '/trainings/1000' })
    expect(h5LinkOf('/h5/credits')).toEqual({ route: '/credits' })
    expect(h5LinkOf('/me/applications/3')).toEqual({ href: '/me/applications/3' })
    expect(h5LinkOf('/nowhere')).toBeNull()
  })
})
