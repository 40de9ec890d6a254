// GB 11643 citizen ID: 17 digits plus a mod-11 check character (0-9 or X).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function normalizeIdNumber(value) {
  return String(value || '').trim().toUpperCase()
}

/** Returns null when valid, else a zh-CN reason, so forms can catch typos before a login attempt. */
export function idNumberProblem(value) {
  const id = normalizeIdNumber(value)
  if (!id) return '请输入身份证号'
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位，最后一位可以是数字或 X'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += WEIGHTS[i] * Number(id[i])
  if (CHECK[sum % 11] !== id[17]) return '身份证号校验位不正确，请核对'
  return null
}
