// Notice publishing in the console (POST/PUT /api/admin/notices): checks before the request.
// The server cleans the HTML with an allow-list; these only catch what a person would miss.

export const NOTICE_MAX_TITLE = 100
export const NOTICE_MAX_BODY = 20000
// notice/Attachments.java TYPES.
export const NOTICE_ATTACHMENT_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'wps', 'txt', 'jpg', 'jpeg', 'png', 'gif', 'zip', 'rar']
export const NOTICE_ATTACHMENT_ACCEPT = NOTICE_ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',')

/** The text a reader would see (tags and entities removed), for "is it empty?". */
export function visibleText(html) {
  return String(html || '')
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, 'x')
    .trim()
}

/** Plain text typed or pasted → paragraphs (`<p>`), escaped. */
export function textToHtml(text) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return String(text || '')
    .split(/\n{2,}|\r\n\r\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`)
    .join('')
}

export function noticeProblems(form) {
  const problems = {}
  const title = String(form.title || '').trim()
  if (!title) problems.title = '请填写标题'
  else if ([...title].length > NOTICE_MAX_TITLE) problems.title = `标题最多 ${NOTICE_MAX_TITLE} 字`
  if (!visibleText(form.bodyHtml)) problems.bodyHtml = '请填写正文'
  else if (String(form.bodyHtml).length > NOTICE_MAX_BODY) problems.bodyHtml = '正文过长，请精简或改为附件'
  return problems
}

export function attachmentProblem(file) {
  const ext = String(file?.name || '').split('.').pop().toLowerCase()
  if (!NOTICE_ATTACHMENT_EXTENSIONS.includes(ext)) return '不支持的附件类型，请上传 PDF、Office 文档、图片、文本或压缩包'
  return null
}
