import { describe, it, expect } from 'vitest'
import { parseRetryAfter } from '../src/lib/retryAfter.js'
import { errorText, toApiError, ApiError } from '../src/lib/errors.js'
import { idNumberProblem } from '../src/lib/idNumber.js'
import { sectionsFor, isConsoleUser, deniedText } from '../src/lib/roles.js'

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5000)
    const now = Date.parse('2026-03-01T08:00:00Z')
    expect(parseRetryAfter('Sun, 01 Mar 2026 08:00:10 GMT', now)).toBe(10000)
    expect(parseRetryAfter(undefined)).toBeNull()
    expect(parseRetryAfter('soon')).toBeNull()
  })
})

describe('error texts', () => {
  it('prefers the server sentence in Chinese', () => {
    expect(errorText(new ApiError({ status: 409, code: 'capacity_full', message: '本期名额已满（300 人）' }))).toBe('本期名额已满（300 人）')
  })
  it('falls back to the code, then the status', () => {
    expect(errorText(new ApiError({ status: 409, code: 'capacity_full', message: 'Capacity full' }))).toBe('该项目名额已满')
    expect(errorText(new ApiError({ status: 502, code: 'http_502' }))).toBe('服务暂时不可用，请稍后重试')
    expect(errorText(toApiError(new Error('Network Error')))).toBe('网络连接失败，请检查网络后重试')
  })
})

describe('ID number', () => {
  it('accepts the demo accounts and rejects typos', () => {
    expect(idNumberProblem('220102198503120019')).toBeNull()
    expect(idNumberProblem('22010219850312001x')).not.toBeNull()
    expect(idNumberProblem('220102198503120018')).toContain('校验位')
    expect(idNumberProblem('')).toBe('请输入身份证号')
  })
})

describe('console sections by role', () => {
  it('shows a school admin the sections of its level', () => {
    const names = sectionsFor({ roles: ['SCHOOL_ADMIN', 'TEACHER'] }).map((s) => s.name)
    // The server's live feed refuses school admins (403); course lists are open to any admin.
    expect(names).toEqual(['courses', 'trainings', 'approvals', 'notices', 'credit-imports', 'forum', 'orgs'])
    // Course leads and tutors are no admins on the server: they only grade homework.
    expect(sectionsFor({ roles: ['COURSE_LEAD'] }).map((s) => s.name)).toEqual(['welcome', 'grading'])
    expect(sectionsFor({ roles: ['TUTOR'] }).map((s) => s.name)).toEqual(['welcome', 'grading'])
    expect(sectionsFor({ roles: ['HR_ADMIN'] }).map((s) => s.name)).not.toContain('credit-imports')
    expect(sectionsFor({ roles: ['DISTRICT_ADMIN'] }).map((s) => s.name)).toContain('live')
    expect(isConsoleUser({ roles: ['TEACHER'] })).toBe(false)
  })
  it('says a section is not for the role rather than "no console rights"', () => {
    const school = deniedText({ roles: ['SCHOOL_ADMIN'] }, 'live')
    expect(school.title).toBe('「实时报名看板」不对您的角色开放')
    expect(school.detail).toContain('学校管理员')
    expect(school.detail).toContain('审批待办')
    expect(deniedText({ roles: ['TEACHER'] }, 'live').title).toBe('没有可用的后台功能')
    expect(deniedText({ roles: ['TUTOR'] }, 'orgs').detail).toContain('作业批改')
  })
})

import { normalizeQuestions, answersPayload, unanswered } from '../src/lib/quiz.js'

describe('quiz answers', () => {
  it('keys string options A, B, C… and joins multi-choice answers', () => {
    const qs = normalizeQuestions({
      questions: [
        { id: 1, text: '单选', options: ['甲', '乙'] },
        { id: 2, text: '多选', multiple: true, options: [{ key: 'A', text: '甲' }, { key: 'B', text: '乙' }, { key: 'C', text: '丙' }] },
      ],
    })
    expect(qs[0].options).toEqual([{ key: 'A', text: '甲' }, { key: 'B', text: '乙' }])
    expect(unanswered(qs, { 1: 'B' })).toEqual(['2'])
    expect(answersPayload(qs, { 1: 'B', 2: ['C', 'A'] })).toEqual({ 1: 'B', 2: 'AC' })
  })
})
