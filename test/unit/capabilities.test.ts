/** What a chat route can do, from /v1/models (nodes/shared/catalogue/capabilities.ts): unknown is never "no". */
import { capabilityProblem, modelsThatSupport, routeSupports, shortContext, shortPrice } from '../../nodes/shared/catalogue/capabilities';
import type { CatalogueModel } from '../../nodes/shared/catalogue/RouterCatalogue';
import { toolsFirst } from '../../nodes/shared/methods/listSearch';

const NO_TOOLS: CatalogueModel = {
	id: 'org/no-tools',
	providers: [
		{ provider: 'a', status: 'live', supports_tools: false, supports_structured_output: false },
		{ provider: 'b', status: 'live', supports_tools: false, supports_structured_output: true },
		{ provider: 'c', status: 'error', supports_tools: true },
	],
};
const MIXED: CatalogueModel = {
	id: 'org/mixed',
	providers: [
		{ provider: 'slow', status: 'live', supports_tools: false },
		{ provider: 'fast', status: 'live', supports_tools: true },
	],
};
const UNKNOWN: CatalogueModel = {
	id: 'org/unknown',
	providers: [
		{ provider: 'a', status: 'live', supports_tools: false },
		{ provider: 'b', status: 'live' },
	],
};
const MODELS = [NO_TOOLS, MIXED, UNKNOWN, { id: 'org/tools-too', providers: [{ provider: 'x', status: 'live', supports_tools: true }] }];

describe('routeSupports', () => {
	test('a policy is judged by the live providers; a pinned provider alone', () => {
		expect(routeSupports(NO_TOOLS, 'auto', 'tools')).toBe(false);
		expect(routeSupports(NO_TOOLS, 'cheapest', 'structuredOutput')).toBe(true);
		expect(routeSupports(NO_TOOLS, 'a', 'structuredOutput')).toBe(false);
		expect(routeSupports(MIXED, 'fastest', 'tools')).toBe(true);
		expect(routeSupports(MIXED, 'slow', 'tools')).toBe(false);
	});
	test('unknown is not "no": a missing field, a model or provider the catalogue does not know', () => {
		expect(routeSupports(UNKNOWN, 'auto', 'tools')).toBeUndefined();
		expect(routeSupports(UNKNOWN, 'b', 'tools')).toBeUndefined();
		expect(routeSupports(undefined, 'auto', 'tools')).toBeUndefined();
		expect(routeSupports(MIXED, 'elsewhere', 'tools')).toBeUndefined();
	});
});

describe('capabilityProblem', () => {
	test('names models that can, and the providers of the same model that can where one is pinned', () => {
		const none = capabilityProblem(MODELS, 'org/no-tools', 'auto', 'tools')!;
		expect(none.problem).toBe("none of the live providers of org/no-tools can call tools, says the router's model catalogue");
		expect(none.fix).toContain('Models whose providers do: org/mixed, org/tools-too.');
		const pinned = capabilityProblem(MODELS, 'org/mixed', 'slow', 'tools')!;
		expect(pinned.problem).toContain('slow cannot call tools with org/mixed');
		expect(pinned.fix).toContain('Pick a provider of org/mixed that does: fast (or auto).');
	});
	test('nothing to say where it can, or where the catalogue does not know', () => {
		expect(capabilityProblem(MODELS, 'org/mixed', 'auto', 'tools')).toBeUndefined();
		expect(capabilityProblem(MODELS, 'org/unknown', 'auto', 'tools')).toBeUndefined();
		expect(capabilityProblem(MODELS, 'org/not-listed', 'auto', 'tools')).toBeUndefined();
		expect(capabilityProblem(MODELS, 'org/no-tools', 'auto', 'structuredOutput')).toBeUndefined();
	});
	test('modelsThatSupport lists live tool-capable models in catalogue order', () => {
		expect(modelsThatSupport(MODELS, 'tools')).toEqual(['org/mixed', 'org/tools-too']);
		expect(modelsThatSupport(MODELS, 'structuredOutput')).toEqual(['org/no-tools']);
	});
});

describe('short forms', () => {
	test('prices and contexts', () => {
		expect([0.001, 0.01, 0.069, 0.5, 1.25, 15.4].map(shortPrice)).toEqual(['<$0.01', '$0.01', '$0.07', '$0.5', '$1.25', '$15']);
		expect([512, 8192, 32000, 65536, 128000, 131072, 262144, 1_048_576].map(shortContext)).toEqual(['512', '8k', '32k', '64k', '128k', '128k', '256k', '1M']);
	});
	test("the sub-node's picker puts models whose providers call tools first, otherwise in catalogue order", () => {
		expect(toolsFirst(MODELS).map((model) => model.id)).toEqual(['org/mixed', 'org/tools-too', 'org/no-tools', 'org/unknown']);
	});
});
