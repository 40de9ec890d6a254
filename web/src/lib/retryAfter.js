// Retry-After comes either as delta-seconds or as an HTTP date (RFC 9110 §10.2.3).
// Returns milliseconds to wait, or null when the header is absent or unreadable.
export function parseRetryAfter(value, now = Date.now()) {
  if (value === undefined || value === null || value === '') return null
  const text = String(value).trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now)
}
