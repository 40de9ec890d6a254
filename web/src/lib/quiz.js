// Quiz shapes: the server may send options as strings or as {key, text}; the
// answer sent back is `{answers: {questionId: "A"}}`, multi-choice joined as "AC".
const LETTERS = 'ABCDEFGHIJ'

export function normalizeQuestions(quiz) {
  const list = Array.isArray(quiz) ? quiz : quiz?.questions || []
  return list.map((q) => ({
    id: String(q.id),
    text: q.text || q.stem || q.title || '',
    multiple: !!(q.multiple || q.type === 'MULTIPLE'),
    options: (q.options || []).map((o, i) =>
      typeof o === 'string' ? { key: LETTERS[i], text: o } : { key: o.key || LETTERS[i], text: o.text ?? o.label ?? '' },
    ),
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
