import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

export default defineConfig({
	plugins: [svelte({ hot: false } as never)],
	resolve: {
		conditions: ["browser"]
	},
	test: {
		environment: "jsdom",
		include: ["tests/**/*.test.ts"],
		setupFiles: ["tests/setup.ts"],
		// some tests lay out 20,000 entities; on a busy 2-core machine they can pass 5 s
		testTimeout: 30000,
		server: {
			deps: {
				inline: [/@gradio\//, /svelte/]
			}
		}
	}
});
