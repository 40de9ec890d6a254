import { ref, shallowRef } from 'vue'
import { errorText } from '../lib/errors.js'

/** Loading / error / data for one async source, so every page shows the three states. */
export function useAsync(load, { immediate = true } = {}) {
  const data = shallowRef(null)
  const loading = ref(false)
  const error = ref('')
  let ticket = 0

  async function run(...args) {
    const mine = ++ticket // a slow older answer must not overwrite a newer one
    loading.value = true
    error.value = ''
    try {
      const value = await load(...args)
      if (mine === ticket) data.value = value
      return value
    } catch (e) {
      if (mine === ticket) error.value = errorText(e)
      return undefined
    } finally {
      if (mine === ticket) loading.value = false
    }
  }

  if (immediate) run()
  return { data, loading, error, run }
}
