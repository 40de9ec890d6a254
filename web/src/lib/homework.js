// Homework of a selection (GET/POST /api/selections/{id}/homework): the server's limits
// and how the page reads the answer. Shared by the PC panel and the H5 page.

export const HOMEWORK_MAX_FILE_MB = 10
export const HOMEWORK_MAX_BODY_CHARS = 5000
export const HOMEWORK_ACCEPT =
  '.pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png,application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** Text for a file the server would refuse (size, kind), else null. */
export function homeworkFileProblem(file) {
  if (!file) return null
  if (file.size > HOMEWORK_MAX_FILE_MB * 1024 * 1024) return `附件不能超过 ${HOMEWORK_MAX_FILE_MB} MB`
  if (file.name && !/\.(pdf|jpe?g|png|docx)$/i.test(file.name)) return '附件只能是 PDF、JPEG、PNG 或 Word（docx）文件'
  return null
}

export function homeworkBodyProblem(body) {
  const text = String(body || '').trim()
  if (!text) return '请填写作业内容'
  if ([...text].length > HOMEWORK_MAX_BODY_CHARS) return `作业内容最多 ${HOMEWORK_MAX_BODY_CHARS} 字`
  return null
}

/**
 * `{prompt, submission: {body, attachmentName, submittedAt, score, comment, gradedAt} | null}`
 * → what the page shows. `null` (404) or neither prompt nor submission = no homework.
 */
export function homeworkView(answer) {
  const submission = answer?.submission || null
  const graded = !!submission && (!!submission.gradedAt || submission.score != null)
  return {
    none: !answer || (!answer.prompt && !submission),
    prompt: answer?.prompt || answer?.requirement || '',
    submission,
    attachmentName: submission ? submission.attachmentName || submission.fileName || '' : '',
    graded,
    canSubmit: !!answer && !graded,
  }
}
