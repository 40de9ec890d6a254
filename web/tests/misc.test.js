import { describe, it, expect } from 'vitest'
import { parseRetryAfter } from '../src/lib/retryAfter.js'
import { errorText, toApiError, ApiError } from '../src/lib/errors.js'
import { idNumberProblem } from '../src/lib/idNumber.js'
import { sectionsFor, isConsoleUser } from '../src/lib/roles.js'

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
    expect(names).toEqual(['courses', 'trainings', 'approvals', 'orgs'])
    expect(sectionsFor({ roles: ['COURSE_LEAD'] })).toEqual([])
    expect(sectionsFor({ roles: ['DISTRICT_ADMIN'] }).map((s) => s.name)).toContain('live')
    expect(isConsoleUser({ roles: ['TEACHER'] })).toBe(false)
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
