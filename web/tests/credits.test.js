import { describe, it, expect } from 'vitest'
import { yearlyStatus, describeYearlyStatus, categoryProgress, sumBy, round1 } from '../src/lib/credits.js'

describe('yearly requirement', () => {
  it('needs 90 hours of which 60 professional', () => {
    const s = yearlyStatus({ totalHours: 90, professionalHours: 60, publicHours: 30 })
    expect(s).toMatchObject({ requiredHours: 90, requiredProfessionalHours: 60, missingHours: 0, missingProfessionalHours: 0, meets: true })
    expect(describeYearlyStatus(s)).toContain('已达到本年度要求')
  })

  it('reports both gaps', () => {
    const s = yearlyStatus({ totalHours: 50, professionalHours: 20, publicHours: 30 })
    expect(s).toMatchObject({ missingHours: 40, missingProfessionalHours: 40, meets: false, totalPercent: 56, professionalPercent: 33 })
    expect(describeYearlyStatus(s)).toBe('尚未达到本年度要求：总学时还差 40 学时，专业科目还差 40 学时')
  })

  it('enough hours are not enough when too few are professional', () => {
    const s = yearlyStatus({ totalHours: 120, professionalHours: 59.5, publicHours: 60.5 })
    expect(s.meets).toBe(false)
    expect(s.missingHours).toBe(0)
    expect(s.missingProfessionalHours).toBe(0.5)
    expect(describeYearlyStatus(s)).toBe('尚未达到本年度要求：专业科目还差 0.5 学时')
  })

  it('rounds away floating-point dust', () => {
    const s = yearlyStatus({ totalHours: 0.1 + 0.2 + 89.7, professionalHours: 60 })
    expect(s.totalHours).toBe(90)
    expect(s.meets).toBe(true)
    expect(round1(89.99999)).toBe(90)
  })

  it('trusts the server verdict but flags disagreement', () => {
    const s = yearlyStatus({ totalHours: 95, professionalHours: 70, meetsRequirement: false })
    expect(s.meets).toBe(false)
    expect(s.agreesWithServer).toBe(false)
  })

  it('treats missing data as zero', () => {
    const s = yearlyStatus(undefined)
    expect(s).toMatchObject({ totalHours: 0, missingHours: 90, missingProfessionalHours: 60, meets: false })
  })

  it('follows a different rule when given one', () => {
    const s = yearlyStatus({ totalHours: 72, professionalHours: 48 }, { requiredHours: 72 })
    expect(s.requiredProfessionalHours).toBe(48)
    expect(s.meets).toBe(true)
  })
})

describe('course supermarket progress', () => {
  const recs = {
    required: { PUBLIC: 30, PROFESSIONAL: 30 },
    items: [
      { courseId: 1, category: 'PUBLIC', credits: 10, selected: true },
      { courseId: 2, category: 'PUBLIC', credits: 10, selected: true },
      { courseId: 3, category: 'PUBLIC', credits: 10, selected: false },
      { courseId: 4, category: 'PROFESSIONAL', credits: 12.5, selected: true },
      { courseId: 5, category: 'PROFESSIONAL', credits: 12.5, selected: false },
    ],
  }

  it('says per category how far the selection is from the requirement', () => {
    const [pub, pro] = categoryProgress(recs)
    expect(pub).toMatchObject({ category: 'PUBLIC', label: '公需科目', required: 30, selected: 20, remaining: 10, reached: false, reachable: true, percent: 67 })
    expect(pro).toMatchObject({ category: 'PROFESSIONAL', required: 30, selected: 12.5, remaining: 17.5, reached: false, reachable: false })
  })

  it('a reached category has nothing remaining', () => {
    const all = { ...recs, items: recs.items.map((c) => ({ ...c, selected: true })) }
    const [pub] = categoryProgress(all)
    expect(pub).toMatchObject({ selected: 30, remaining: 0, reached: true, percent: 100 })
  })

  it('copes with an empty answer', () => {
    expect(categoryProgress({}).map((c) => c.remaining)).toEqual([0, 0])
  })

  it('sums table columns', () => {
    expect(sumBy([{ hours: 1.5 }, { hours: 2 }, {}], 'hours')).toBe(3.5)
  })
})
