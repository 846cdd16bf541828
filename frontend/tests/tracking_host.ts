/**
 * A host that mounts the component the way Gradio 6.21 to 6.27 do (MountCustomComponent): from
 * inside an effect of the host's own runtime. That effect depends on every host prop read while
 * it runs, the component's set-up included, and runs again, unmounting the component and
 * mounting it afresh, when one of those props is written. And it writes them on every update:
 * the app tree takes the new state first (apply_state_to_node), then the registered set_data
 * gets it; an update without a value first reads the current one back with get_data.
 */
import { allowed_shared_props } from "@gradio/utils";
import { mount, unmount, type Component } from "svelte";
import { vi } from "vitest";
import Panel from "../component";

const KEYS = Symbol("keys");

export function mount_in_host(value: unknown, props: Record<string, unknown> = {}, interactive = false) {
	const dispatcher = vi.fn();
	let set_data: ((d: Record<string, unknown>) => void) | null = null;
	let get_data: (() => Promise<Record<string, unknown>>) | null = null;

	// what the host's effect read while it last ran, object by object
	let running = false;
	let read = new WeakMap<object, Set<PropertyKey>>();
	const note = (target: object, key: PropertyKey): void => {
		if (!running) return;
		let keys = read.get(target);
		if (!keys) read.set(target, (keys = new Set()));
		keys.add(key);
	};
	const proxies = new WeakMap<object, object>();
	let rerun_queued = false;
	const track = <T>(v: T): T => {
		if (!v || typeof v !== "object") return v;
		const known = proxies.get(v);
		if (known) return known as T;
		const p = new Proxy(v, {
			get(target, key, receiver) {
				note(target, key);
				return track(Reflect.get(target, key, receiver));
			},
			has(target, key) {
				note(target, key);
				return Reflect.has(target, key);
			},
			ownKeys(target) {
				note(target, KEYS);
				return Reflect.ownKeys(target);
			},
			getOwnPropertyDescriptor(target, key) {
				note(target, key);
				return Reflect.getOwnPropertyDescriptor(target, key);
			},
			set(target, key, next) {
				const keys = read.get(target);
				const added = !Object.prototype.hasOwnProperty.call(target, key);
				Reflect.set(target, key, next);
				if (keys && (keys.has(key) || (added && keys.has(KEYS))) && !rerun_queued) {
					rerun_queued = true;
					queueMicrotask(rerun);
				}
				return true;
			}
		});
		proxies.set(v, p);
		return p as T;
	};

	const shared_props = track({
		id: 7,
		label: "Entities",
		show_label: true,
		visible: true,
		container: true,
		interactive,
		loading_status: undefined as unknown,
		dispatcher,
		register_component: (_id: number, s: typeof set_data, g: typeof get_data) => {
			set_data = s;
			get_data = g;
		}
	} as Record<string, unknown>);
	const node_props = track({
		value,
		color_map: null,
		labels: null,
		show_legend: true,
		show_sentiment: true,
		show_sentences: true,
		show_scores: true,
		min_score: 0,
		...props
	} as Record<string, unknown>);

	const target = document.body.appendChild(document.createElement("span"));
	let instance: Record<string, unknown> | null = null;
	let mounts = 0;
	const run = (): void => {
		read = new WeakMap();
		running = true;
		try {
			instance = mount(Panel as unknown as Component<Record<string, unknown>>, {
				target,
				props: { shared_props, props: node_props }
			});
			mounts++;
		} finally {
			running = false;
		}
	};
	function rerun(): void {
		rerun_queued = false;
		if (instance) void unmount(instance);
		run();
	}
	run();

	return {
		target,
		dispatcher,
		get_data: () => get_data!(),
		/** how many times the host has mounted the component */
		mounts: () => mounts,
		/** Python's update of the component, as the host hands it over */
		async update(state: Record<string, unknown>): Promise<void> {
			if (!("value" in state)) node_props.value = (await get_data!()).value;
			for (const [key, v] of Object.entries(state)) {
				if ((allowed_shared_props as string[]).includes(key)) shared_props[key] = v;
				else node_props[key] = v;
			}
			set_data!(state);
		},
		destroy(): void {
			if (instance) void unmount(instance);
			instance = null;
			target.remove();
		}
	};
}
