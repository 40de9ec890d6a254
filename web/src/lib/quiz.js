// Quiz shapes. The server (GET /api/selections/{id}/quiz) sends
// `{questions: [{id, ord, stem, options: {A: "…", B: "…"}}], maxAttempts, attemptsUsed,
// attemptsLeft, bestScore}`; options may also come as a list of strings or {key, text}.
// The answer sent back is `{answers: {questionId: "A"}, attemptKey}`, multi-choice joined as "AC".
const LETTERS = 'ABCDEFGHIJ'

function optionsOf(options) {
  if (Array.isArray(options)) {
    return options.map((o, i) =>
      typeof o === 'string' ? { key: LETTERS[i], text: o } : { key: o.key || LETTERS[i], text: o.text ?? o.label ?? '' },
    )
  }
  if (options && typeof options === 'object') {
    return Object.keys(options)
      .sort()
      .map((key) => ({ key, text: String(options[key] ?? '') }))
  }
  return []
}

export function normalizeQuestions(quiz) {
  const list = Array.isArray(quiz) ? quiz : quiz?.questions || []
  return [...list]
    .sort((a, b) => (Number(a.ord) || 0) - (Number(b.ord) || 0))
    .map((q) => ({
      id: String(q.id),
      text: q.stem || q.text || q.title || '',
      multiple: !!(q.multiple || q.type === 'MULTIPLE'),
      options: optionsOf(q.options),
    }))
}

export function answersPayload(questions, picked) {
  const answers = {}
  for (const q of questions) {
    const value = picked[q.id]
    if (Array.isArray(value)) answers[q.id] = [...value].sort().join('')
    else if (value) answers[q.id] = value
  }
  return answers
}

export function unanswered(questions, picked) {
  return questions.filter((q) => {
    const v = picked[q.id]
    return Array.isArray(v) ? v.length === 0 : !v
  }).map((q) => q.id)
}

/** Attempts: what the page may still do, from the quiz or the last result. */
export function attemptState(quiz, result = null) {
  const source = result || quiz || {}
  const left = Number.isFinite(Number(source.attemptsLeft)) ? Number(source.attemptsLeft) : null
  const best = source.bestScore ?? quiz?.bestScore ?? null
  return {
    attemptsLeft: left,
    maxAttempts: quiz?.maxAttempts ?? null,
    bestScore: best,
    canAttempt: left === null ? true : left > 0,
  }
}

/** A key that makes a retried submission (lost answer, double click) count once. */
export function newAttemptKey() {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}
