import { computed, reactive, ref } from 'vue'
import { api } from './api.js'
import { useAsync } from './useAsync.js'
import { errorText, isCode } from '../lib/errors.js'
import { normalizeQuestions, answersPayload, unanswered, attemptState, newAttemptKey } from '../lib/quiz.js'

/**
 * The quiz of one selection, shared by the portal and the H5 panel (they differ only in
 * their UI library). `notify` shows a message: notify('success' | 'error' | 'warning', text).
 */
export function useQuiz(selectionId, notify) {
  const quiz = useAsync(() => api.quiz(selectionId()))
  const questions = computed(() => normalizeQuestions(quiz.data.value))
  const picked = reactive({})
  const result = ref(null)
  const busy = ref(false)
  const missing = ref([])
  const retaking = ref(false)
  // One key per attempt: a retried request (timeout, double click) is counted once.
  let attemptKey = newAttemptKey()

  const attempts = computed(() => attemptState(quiz.data.value, result.value))
  const showForm = computed(() => attempts.value.canAttempt
    && (retaking.value || (!result.value && !quiz.data.value?.attemptsUsed)))

  async function submit() {
    missing.value = unanswered(questions.value, picked)
    if (missing.value.length) {
      notify('warning', `还有 ${missing.value.length} 道题未作答`)
      return
    }
    busy.value = true
    try {
      result.value = await api.submitQuiz(selectionId(), answersPayload(questions.value, picked), attemptKey)
      attemptKey = newAttemptKey()
      retaking.value = false
      notify('success', '测验已提交')
    } catch (e) {
      notify('error', errorText(e))
      if (isCode(e, 'no_attempts_left')) quiz.run()
    } finally {
      busy.value = false
    }
  }

  function retake() {
    Object.keys(picked).forEach((k) => delete picked[k])
    missing.value = []
    retaking.value = true
  }

  return { quiz, questions, picked, result, busy, missing, retaking, attempts, showForm, submit, retake }
}
