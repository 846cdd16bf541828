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
		server: {
			deps: {
				inline: [/@gradio\//, /svelte/]
			}
		}
	}
});
