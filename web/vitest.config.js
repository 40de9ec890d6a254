import { defineConfig } from 'vitest/config'

// The tested logic lives in plain modules, so the default node environment is enough.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.js'],
    environment: 'node',
  },
})
