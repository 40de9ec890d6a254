// Paths and QR contents the WeChat H5 pages deal with.

/**
 * The server's OAuth `redirect` is a site path such as `/h5/credits`; the H5 router
 * works below `/h5/`. Anything that is not one of our H5 paths goes home.
 */
export function h5RouteOf(redirect) {
  if (typeof redirect !== 'string' || !redirect.startsWith('/') || redirect.startsWith('//')) return '/'
  if (redirect === '/h5' || redirect === '/h5/') return '/'
  if (!redirect.startsWith('/h5/')) return '/'
  const rest = redirect.slice(3)
  // Never loop back into the entry page itself.
  if (rest.startsWith('/wechat-entry')) return '/'
  return rest
}

/**
 * The attendance token from what a QR code holds: the scan URL
 * (`…/h5/attendance/check-in?token=…`, attendance.scanUrl) or a bare token.
 */
export function checkInToken(content) {
  const text = String(content || '').trim()
  if (!text) return null
  const match = text.match(/[?&]token=([^&#\s]+)/)
  if (match) {
    try {
      return decodeURIComponent(match[1])
    } catch {
      return match[1]
    }
  }
  if (/^[A-Za-z0-9._~+/=-]{8,200}$/.test(text) && !text.includes('/')) return text
  return null
}

/** zh-CN lines for the answer of POST /api/attendance/check-in. */
export function checkInSummary(answer) {
  const out = answer?.mode === 'OUT'
  const title = answer?.session?.title || '培训场次'
  return {
    title: answer?.already ? (out ? '您已签退' : '您已签到') : out ? '签退成功' : '签到成功',
    detail: title,
    venue: answer?.session?.venue || '',
    at: out ? answer?.session?.mine?.checkedOutAt : answer?.session?.mine?.checkedInAt,
  }
}
