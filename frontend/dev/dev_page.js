/**
 * The page `gradio cc dev` opens, rendered for the dev server.
 *
 * `gradio cc dev` runs @gradio/preview's Vite server with Gradio's built app as its root
 * (gradio/templates/frontend). That app's index.html is a Jinja template: Gradio's Python server
 * fills its `{{ ... }}` placeholders with the app's config, and Vite serves the file as it is. A
 * placeholder in `<base href>` then sends every script to a 404 and the placeholders in inline
 * scripts are syntax errors, so the dev page stays blank (on Gradio 6.31 with @gradio/preview
 * 0.16.2, the newest the registry has).
 *
 * In dev mode the page has no config of its own: the app fetches it from the backend server. So
 * this plugin renders each placeholder as the template's own expression gives it for an absent
 * config: `x | default('./')` is `./`, `config.get('root', '')` is '', `config['title'] or ''`
 * is '', `config | toorjson` is `null`. A placeholder it cannot read is an error that names it,
 * not a blank page.
 */

/** the value of a name the dev page does not know (Jinja's Undefined) */
const UNDEFINED = Symbol("undefined");

/**
 * A value of a template expression: a literal, a name's (always undefined here) or what a
 * filter or `.get()` makes of one. Lists are `unknown[]`, as a JSDoc type cannot refer to
 * itself through an array (the only lists here are `[]` literals).
 * @typedef {string | number | boolean | null | typeof UNDEFINED | unknown[] | { [key: string]: Value }} Value
 */

/** @typedef {{ kind: "string" | "name" | "punct"; value: string } | { kind: "number"; value: number }} Token */

/** @typedef {(value: Value, ...args: Value[]) => Value} Filter */

/**
 * A list or an object read by key, as JavaScript reads any key (Jinja's `x.name`, `x[key]`, `x.get(key)`)
 * @typedef {Record<PropertyKey, Value>} Members
 */

/**
 * Jinja's tokens as Gradio's template uses them
 * @param {string} source
 * @returns {Token[]}
 */
function tokenize(source) {
	/** @type {Token[]} */
	const tokens = [];
	const pattern = /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_]\w*)|(\S))/y;
	let at = 0;
	while (source.slice(at).trim()) {
		pattern.lastIndex = at;
		const match = pattern.exec(source);
		if (!match) throw new Error(`cannot read ${JSON.stringify(source.slice(at))}`);
		at = pattern.lastIndex;
		if (match[1] !== undefined) tokens.push({ kind: "string", value: match[1].slice(1, -1).replace(/\\(.)/g, "$1") });
		else if (match[2] !== undefined) tokens.push({ kind: "number", value: Number(match[2]) });
		else if (match[3] !== undefined) tokens.push({ kind: "name", value: match[3] });
		else tokens.push({ kind: "punct", value: match[4] });
	}
	return tokens;
}

/**
 * @param {Value} value
 * @returns {boolean}
 */
function truthy(value) {
	if (value === UNDEFINED || value === null || value === false || value === "" || value === 0) return false;
	if (Array.isArray(value)) return value.length > 0;
	if (typeof value === "object") return Object.keys(value).length > 0;
	return true;
}

/** @type {Record<string, Filter>} */
const FILTERS = {
	default: (value, fallback = "") => (value === UNDEFINED ? fallback : value),
	toorjson: (value) => JSON.stringify(value === UNDEFINED ? null : value),
	tojson: (value) => JSON.stringify(value === UNDEFINED ? null : value),
	e: (value) => value,
	safe: (value) => value
};

/**
 * evaluates one `{{ ... }}` expression, every name undefined
 * @param {string} expression
 * @returns {string}
 */
export function evaluate(expression) {
	const tokens = tokenize(expression);
	let at = 0;
	/** @param {string} value */
	const peek = (value) => tokens[at] && tokens[at].value === value && tokens[at].kind !== "string";
	/** @param {string} value */
	const expect = (value) => {
		if (!peek(value)) throw new Error(`expected ${JSON.stringify(value)} at token ${at + 1}`);
		at++;
	};

	/** @returns {Value[]} */
	function args() {
		/** @type {Value[]} */
		const out = [];
		expect("(");
		while (!peek(")")) {
			out.push(or());
			if (!peek(")")) expect(",");
		}
		expect(")");
		return out;
	}

	/** @returns {Value} */
	function primary() {
		const token = tokens[at++];
		if (!token) throw new Error("ends too early");
		if (token.kind === "string" || token.kind === "number") return token.value;
		if (token.kind === "name") {
			if (token.value === "none" || token.value === "None") return null;
			if (token.value === "true" || token.value === "True") return true;
			if (token.value === "false" || token.value === "False") return false;
			return UNDEFINED;
		}
		if (token.value === "(") {
			const inner = or();
			expect(")");
			return inner;
		}
		if (token.value === "{") {
			expect("}");
			return {};
		}
		if (token.value === "[") {
			expect("]");
			return [];
		}
		throw new Error(`unexpected ${JSON.stringify(token.value)}`);
	}

	/** @returns {Value} */
	function postfix() {
		let value = primary();
		for (;;) {
			if (peek(".")) {
				at++;
				const name = tokens[at++];
				if (!name || name.kind !== "name") throw new Error("expected a name after '.'");
				if (peek("(")) {
					const given = args();
					if (name.value !== "get") throw new Error(`unknown method .${name.value}()`);
					/** @type {Value | undefined} */
					const own = value !== UNDEFINED && value !== null && typeof value === "object" ? /** @type {Members} */ (value)[/** @type {PropertyKey} */ (given[0])] : undefined;
					value = own !== undefined ? own : given.length > 1 ? given[1] : null;
				} else {
					value = value !== UNDEFINED && value !== null && typeof value === "object" && name.value in value ? /** @type {Members} */ (value)[name.value] : UNDEFINED;
				}
			} else if (peek("[")) {
				at++;
				const key = or();
				expect("]");
				const member = /** @type {PropertyKey} */ (key);
				value = value !== UNDEFINED && value !== null && typeof value === "object" && member in value ? /** @type {Members} */ (value)[member] : UNDEFINED;
			} else {
				return value;
			}
		}
	}

	/** @returns {Value} */
	function filtered() {
		let value = postfix();
		while (peek("|")) {
			at++;
			const name = tokens[at++];
			if (!name || name.kind !== "name" || !(name.value in FILTERS)) {
				throw new Error(`unknown filter ${JSON.stringify(name ? name.value : "")}`);
			}
			value = FILTERS[name.value](value, ...(peek("(") ? args() : []));
		}
		return value;
	}

	/** @returns {Value} */
	function or() {
		let value = filtered();
		while (tokens[at] && tokens[at].kind === "name" && tokens[at].value === "or") {
			at++;
			const right = filtered();
			value = truthy(value) ? value : right;
		}
		return value;
	}

	const value = or();
	if (at !== tokens.length) throw new Error(`unexpected ${JSON.stringify(tokens[at].value)}`);
	return value === UNDEFINED || value === null ? "" : String(value);
}

/**
 * Gradio's app loads the custom components of the dev server (`virtual:cc-init`) only in its
 * "_CC_" mode. @gradio/preview switches it on by rewriting the string "_NORMAL_" in the app's
 * code, which newer builds spell with backticks; the app reads `globalThis.__MODE__` first, so
 * the page sets it before the app's module runs.
 */
const CC_MODE = '<script>globalThis.__MODE__ = "_CC_";</script>';

/**
 * Gradio's index.html with each placeholder rendered for an absent config, in "_CC_" mode
 * @param {string} html
 * @returns {string}
 */
export function render_dev_page(html) {
	const statement = /\{%[\s\S]*?%\}/.exec(html);
	if (statement) {
		throw new Error(`Gradio's page template has a statement the dev page cannot render: ${statement[0]}`);
	}
	const rendered = html.replace(/\{\{([\s\S]*?)\}\}/g, (placeholder, expression) => {
		try {
			return evaluate(expression);
		} catch (e) {
			throw new Error(`Gradio's page template has a placeholder the dev page cannot render: ${placeholder} (${/** @type {Error} */ (e).message})`);
		}
	});
	const head = /<head[^>]*>/i.exec(rendered);
	if (!head) throw new Error("Gradio's page template has no <head>");
	const at = head.index + head[0].length;
	return rendered.slice(0, at) + CC_MODE + rendered.slice(at);
}

/**
 * What the app asks of its own origin although the backend serves it. Gradio 6.2x resolves the
 * config's `root` to the page's origin when the host names match (for proxies that change the
 * port), and the dev page and the backend are both on localhost: the theme (`/theme.css`) and
 * files (`/gradio_api/file=...`) are then asked of the dev server, which answers with this page.
 */
export const BACKEND_PATHS = ["/theme.css", "/gradio_api", "/static", "/manifest.json", "/favicon.ico"];

/**
 * the backend's port, which @gradio/preview chooses and hands to the backend in this variable
 * @returns {string | null}
 */
function backend_url() {
	const port = process.env.GRADIO_BACKEND_PORT;
	return port ? `http://localhost:${port}` : null;
}

/**
 * What the dev server asks of the plugin: its config (the proxy) and its page.
 * @typedef {object} DevPagePlugin
 * @property {string} name
 * @property {"serve"} apply
 * @property {() => { server?: { proxy: Record<string, { target: string; changeOrigin: boolean }> } }} config
 * @property {{ order: "pre"; handler: (html: string) => string }} transformIndexHtml
 */

/**
 * the Vite plugin (for the dev server only; a build has no page)
 * @returns {DevPagePlugin}
 */
export function dev_page() {
	return {
		name: "gradio-sentimentpanel:dev-page",
		apply: "serve",
		config() {
			const target = backend_url();
			if (!target) return {};
			const proxy = Object.fromEntries(BACKEND_PATHS.map((path) => [path, { target, changeOrigin: false }]));
			return { server: { proxy } };
		},
		transformIndexHtml: {
			order: "pre",
			handler: (html) => render_dev_page(html)
		}
	};
}
