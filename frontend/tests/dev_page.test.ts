import { describe, expect, it } from "vitest";
import { BACKEND_PATHS, dev_page, evaluate, render_dev_page } from "../dev/dev_page.js";

// The placeholders of Gradio's page template (gradio/templates/frontend/index.html) in the
// releases the package supports, each with what it is for an app whose config is absent.
const PLACEHOLDERS: [string, string][] = [
	[" base_url | default('./') ", "./"],
	[" config.get('body_css', {}).get('body_background_fill', 'white') ", "white"],
	[" config.get('body_css', {}).get('body_text_color_dark', '#f3f4f6') ", "#f3f4f6"],
	[" config['thumbnail'] or '' ", ""],
	[" config['title'] or 'Gradio' ", "Gradio"],
	[" config | toorjson ", "null"],
	[" gradio_api_info | toorjson ", "null"],
	[" config.get('root', '') | toorjson ", '""'],
	[" config.get('root', '') ", ""],
	[' config.get("root", "/x") ', "/x"],
	[" none or 3 ", "3"],
	[" (config or {}) | toorjson ", "{}"]
];

describe("the dev page", () => {
	it.each(PLACEHOLDERS)("renders {{%s}} as an absent config gives it", (expression, expected) => {
		expect(evaluate(expression)).toBe(expected);
	});

	it("leaves no placeholder in a page and gives it the base, the scripts and the custom-component mode", () => {
		const page = [
			"<!doctype html><html><head>",
			`<base href="{{ base_url | default('./') }}" />`,
			"<style>:root { --bg: {{ config.get('body_css', {}).get('body_background_fill', 'white') }}; }</style>",
			`<meta property="og:title" content="{{ config['title'] or '' }}" />`,
			"<script>window.gradio_config = {{ config | toorjson }};</script>",
			"<script>const root = {{ config.get('root', '') | toorjson }};</script>",
			`<script src="{{ config.get('root', '') }}/static/js/a.js"></script>`,
			`<script type="module" src="./assets/index.js"></script>`,
			"</head><body></body></html>"
		].join("\n");
		const out = render_dev_page(page);
		expect(out).not.toContain("{{");
		expect(out).toContain('<base href="./" />');
		expect(out).toContain("--bg: white;");
		expect(out).toContain("window.gradio_config = null;");
		expect(out).toContain('const root = "";');
		expect(out).toContain('src="/static/js/a.js"');
		// the mode is set before any script of the app runs
		expect(out.indexOf('globalThis.__MODE__ = "_CC_"')).toBeGreaterThan(out.indexOf("<head>"));
		expect(out.indexOf('globalThis.__MODE__ = "_CC_"')).toBeLessThan(out.indexOf("window.gradio_config"));
		// every inline script is valid JavaScript again
		for (const [, body] of out.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
			expect(() => new Function(body)).not.toThrow();
		}
	});

	it("names a placeholder it cannot render instead of serving a blank page", () => {
		expect(() => render_dev_page("<head></head>{{ config.items() }}")).toThrow(/\{\{ config\.items\(\) \}\}.*unknown method \.items\(\)/);
		expect(() => render_dev_page("<head></head>{{ x | upper }}")).toThrow(/\{\{ x \| upper \}\}.*unknown filter "upper"/);
		expect(() => render_dev_page("<head>{% if config %}x{% endif %}</head>")).toThrow(/statement.*\{% if config %\}/);
		expect(() => render_dev_page("<html></html>")).toThrow(/no <head>/);
	});

	it("is a dev-server plugin only, proxying the backend's own paths to the backend's port", () => {
		const plugin = dev_page();
		expect(plugin.apply).toBe("serve");
		const saved = process.env.GRADIO_BACKEND_PORT;
		try {
			process.env.GRADIO_BACKEND_PORT = "7999";
			const { server } = plugin.config();
			expect(server).toBeDefined();
			const proxy = server!.proxy;
			expect(Object.keys(proxy)).toEqual(BACKEND_PATHS);
			expect(proxy["/theme.css"].target).toBe("http://localhost:7999");
			delete process.env.GRADIO_BACKEND_PORT;
			expect(plugin.config()).toEqual({});
		} finally {
			if (saved === undefined) delete process.env.GRADIO_BACKEND_PORT;
			else process.env.GRADIO_BACKEND_PORT = saved;
		}
	});
});
