/**
 * Every deployed function has an instance cap, read from what the deploy reads (each function's
 * `__endpoint`): a beacon flood cannot take the instances the Stripe webhook or the callables need.
 */
import { describe, expect, it } from 'vitest';
import * as deployed from './index.js';
import { INSTANCE_BUDGET, MAX_INSTANCES, REGION } from './config.js';

interface Endpoint {
	maxInstances?: number | null;
	region?: string[];
	httpsTrigger?: unknown;
	scheduleTrigger?: unknown;
	eventTrigger?: unknown;
}

const endpoints = Object.entries(deployed).map(([name, fn]) => {
	const endpoint = (fn as { __endpoint?: Endpoint }).__endpoint;
	if (!endpoint) throw new Error(`${name} is exported but is not a function definition.`);
	return { name, endpoint };
});
const cap = (name: string) => endpoints.find((e) => e.name === name)!.endpoint.maxInstances!;

/** The HTTP endpoints anyone may post to without an ID token: the page-close beacons. */
const BEACONS = ['presenceBeacon', 'chatBeacon'];
/** Callables anyone may call signed out: as floodable as a beacon. */
const OPEN_CALLABLES = ['helpFeedback'];

describe('instance caps', () => {
	it('finds the deployed functions', () => {
		expect(endpoints.length).toBeGreaterThan(25);
	});

	it.each(endpoints)('$name has a cap and the region (global options applied)', ({ endpoint }) => {
		expect(Number.isInteger(endpoint.maxInstances)).toBe(true);
		expect(endpoint.maxInstances).toBeGreaterThan(0);
		expect(endpoint.region).toEqual([REGION]);
	});

	it('every plain HTTP endpoint is accounted for: the beacons, the webhook, the sweep twin', () => {
		const http = endpoints.filter((e) => e.endpoint.httpsTrigger).map((e) => e.name);
		expect(http.sort()).toEqual([...BEACONS, 'presenceSweepLocal', 'stripeWebhook'].sort());
	});

	it('the beacons and the sweeps have small caps of their own', () => {
		for (const name of [...BEACONS, ...OPEN_CALLABLES])
			expect(cap(name)).toBe(MAX_INSTANCES.beacon);
		for (const e of endpoints.filter((e) => e.endpoint.scheduleTrigger)) {
			expect(e.endpoint.maxInstances).toBe(MAX_INSTANCES.sweep);
		}
		expect(cap('presenceSweepLocal')).toBe(MAX_INSTANCES.sweep);
		expect(MAX_INSTANCES.beacon).toBeLessThan(MAX_INSTANCES.default);
	});

	it('the Stripe webhook has its own cap, larger than a beacon’s', () => {
		expect(cap('stripeWebhook')).toBe(MAX_INSTANCES.stripeWebhook);
		expect(cap('stripeWebhook')).toBeGreaterThan(MAX_INSTANCES.beacon);
	});

	it('all the caps together stay within the budget: a flood anywhere leaves the rest room', () => {
		const total = endpoints.reduce((s, e) => s + e.endpoint.maxInstances!, 0);
		expect(total).toBeLessThanOrEqual(INSTANCE_BUDGET);
		const beacons = BEACONS.reduce((s, name) => s + cap(name), 0);
		expect(beacons).toBeLessThan(INSTANCE_BUDGET - total + beacons);
		expect(beacons).toBeLessThan(total / 10);
	});
});
