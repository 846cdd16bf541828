/**
 * What Gradio loads as the component (package.json, `exports["."].gradio`): Index.svelte,
 * made to work on every Gradio 6 host.
 *
 * The build bundles its own Svelte runtime. Gradio 6.9 and later mount a custom component with
 * that runtime (`svelte_runtime_entry.js`, built next to `index.js`) and pass
 * `register_component` and `dispatcher` in `shared_props`. Gradio 6.0 to 6.8 render
 * `component.default` with their own runtime instead, as if it had been compiled against it,
 * and hand `register` and `dispatcher` over through the `GRADIO_ROOT` context. Called by a
 * foreign runtime, a component of this bundle finds no active effect in its own runtime, its
 * first `$effect` throws `effect_orphan`, and the whole app stays on "Loading...".
 *
 * So when this bundle's runtime is not the one rendering, the component asks the older host
 * (whose runtime is `window.__gradio__svelte__` there) for an element it owns and for an effect
 * whose teardown unmounts, and mounts Index into that element with this bundle's runtime, as
 * newer hosts do themselves. Those hosts are released and frozen: what is used of them cannot
 * change under us.
 *
 * Newer hosts call this bundle's `mount` from inside an effect of their own runtime, which this
 * runtime cannot untrack. Every read of the host's reactive props made while Index sets itself
 * up then becomes a dependency of that effect, and Gradio 6.21 to 6.27 write those props on
 * every update (a value, another prop, a loading status): each write unmounted the panel and
 * mounted it again, its new value taken for one given at construction (no `change`), its edit
 * history, threshold and legend filter lost. (Before 6.21 the same props were not written while
 * the component was registered; 6.28 untracks the mount itself.) So Index is set up in an
 * effect of this runtime instead, which runs once the host's effect has returned.
 */
import { getAllContexts, mount, unmount, type Component } from "svelte";
import Index from "./Index.svelte";
import { after_mounting } from "./shared/panel_gradio.svelte";

export { default as BasePanel } from "./shared/StandalonePanel.svelte";

/** the parts of Gradio 6.0-6.8's `window.__gradio__svelte__` used here */
interface OlderHost {
	svelte: {
		getContext(key: string): unknown;
		untrack<T>(fn: () => T): T;
	};
	svelte_internal_client: {
		from_html(html: string, flags: number): () => Node;
		append(anchor: Node, node: Node): void;
		render_effect(fn: () => void | (() => void)): unknown;
	};
}

/** what Gradio 6.0-6.8 put in the `GRADIO_ROOT` context */
interface GradioRoot {
	register: (...args: unknown[]) => void;
	dispatcher: (...args: unknown[]) => void;
}

/** the flag compiled templates pass for a custom element (TEMPLATE_USE_IMPORT_NODE) */
const USE_IMPORT_NODE = 2;

/** true while this bundle's runtime is mounting a component: it has a component context then */
function own_runtime_is_rendering(): boolean {
	try {
		getAllContexts();
		return true;
	} catch {
		return false;
	}
}

function older_host(): OlderHost | null {
	const host = (globalThis as { __gradio__svelte__?: Partial<OlderHost> }).__gradio__svelte__;
	return host?.svelte && host.svelte_internal_client ? (host as OlderHost) : null;
}

type Props = Record<string, unknown>;

function for_any_host(Inner: Component<Props>): Component<Props> {
	const render = Inner as unknown as (anchor: Node, props: Props) => unknown;
	const Wrapped = (anchor: Node, props: Props): unknown => {
		if (own_runtime_is_rendering()) {
			// before the anchor the host's mount put in its element, where Index would have drawn itself
			after_mounting(() => {
				const instance = mount(Inner, { target: anchor.parentNode as Element, anchor, props });
				return () => void unmount(instance);
			});
			return {};
		}
		const host = older_host();
		if (!host) return render(anchor, props);

		const { svelte, svelte_internal_client: $ } = host;
		const root = svelte.getContext("GRADIO_ROOT") as GradioRoot | undefined;
		const el = $.from_html(
			'<gradio-custom-component style="display: contents"></gradio-custom-component>',
			USE_IMPORT_NODE
		)() as Element;
		$.append(anchor, el);

		// An effect of the host's: it mounts again when the host hands over new props objects
		// (a re-render), and unmounts when the host removes the component.
		$.render_effect(() => {
			const current: Props = {};
			for (const key of Object.keys(props)) {
				if (key !== "children" && !key.startsWith("$$")) current[key] = props[key];
			}
			const instance = svelte.untrack(() => {
				const shared = current.shared_props as Props | undefined;
				if (shared && root) {
					current.shared_props = {
						...shared,
						register_component: shared.register_component ?? root.register,
						dispatcher: shared.dispatcher ?? root.dispatcher
					};
				}
				return mount(Inner, { target: el, props: current });
			});
			return () => void unmount(instance);
		});
		return {};
	};
	return Wrapped as unknown as Component<Props>;
}

export default for_any_host(Index as unknown as Component<Props>);
