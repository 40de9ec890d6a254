import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
// Where `npm run dev` / `vite preview` forward /api to (the Java server).
const apiTarget = process.env.API_TARGET || 'http://localhost:8080'

// Three single-page apps under one build. The history fallback each needs is
// the same rule the Java server applies: /admin/* → admin/index.html,
// /h5/* → h5/index.html, any other non-file path → index.html.
function spaFallback() {
  const rewrite = (req, _res, next) => {
    const url = req.url || '/'
    const path = url.split('?')[0]
    const isFile = /\.[a-z0-9]+$/i.test(path)
    if (req.method === 'GET' && !isFile && !path.startsWith('/api/') && !path.startsWith('/@') && !path.startsWith('/node_modules/')) {
      if (path === '/admin' || path.startsWith('/admin/')) req.url = '/admin/index.html'
      else if (path === '/h5' || path.startsWith('/h5/')) req.url = '/h5/index.html'
      else req.url = '/index.html'
    }
    next()
  }
  return {
    name: 'jijiao-spa-fallback',
    configureServer: (server) => server.middlewares.use(rewrite),
    configurePreviewServer: (server) => server.middlewares.use(rewrite),
  }
}

export default defineConfig({
  appType: 'mpa',
  plugins: [vue(), spaFallback()],
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: true } } },
  preview: { proxy: { '/api': { target: apiTarget, changeOrigin: true } } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets', // hashed names: the server may cache /assets/* for a year
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        portal: `${root}index.html`,
        admin: `${root}admin/index.html`,
        h5: `${root}h5/index.html`,
      },
    },
  },
})
