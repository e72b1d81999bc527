// Vite + SvelteKit config for the SnoozeQL dashboard: a static SPA written to web/build and served by the Worker.
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, searchForWorkspaceRoot } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit({
			// Every route renders in the browser; unknown paths fall back to index.html, matching the
			// Worker's `not_found_handling = "single-page-application"` (wrangler.toml).
			adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true })
		})
	],
	server: {
		// `vite dev` has no API of its own: forward /api to a local `wrangler dev` (default port).
		proxy: { '/api': { target: 'http://127.0.0.1:8787', changeOrigin: false } },
		// The domain words are imported from the server's vocabulary module; allow that folder only.
		fs: { allow: [searchForWorkspaceRoot(process.cwd()), '../worker/domain'] }
	}
});
