// The server's password policy (identity/PasswordPolicy.java), checked before the
// request so a person sees the rule at once; the server's answer stays the authority.

/** null when acceptable, else a zh-CN reason. `idNumber` is the account's own, when known. */
export function passwordProblem(password, idNumber = '') {
  const p = String(password || '')
  const length = [...p].length
  if (length < 8 || length > 64) return '密码长度应为 8 到 64 位'
  let classes = 0
  if (/\p{Ll}/u.test(p)) classes += 1
  if (/\p{Lu}/u.test(p)) classes += 1
  if (/\p{Nd}/u.test(p)) classes += 1
  if (/[^\p{L}\p{Nd}]/u.test(p)) classes += 1
  if (classes < 3) return '需包含大写字母、小写字母、数字、符号中的至少三类'
  const id = String(idNumber || '').toUpperCase()
  if (/^\d{17}[\dX]$/.test(id)) {
    const upper = p.toUpperCase()
    if (upper.includes(id) || upper.includes(id.slice(12))) return '密码不能包含身份证号'
  }
  return null
}

export const PASSWORD_HINT = '8–64 位，含大写字母、小写字母、数字、符号中的至少三类'
