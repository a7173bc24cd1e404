#!/usr/bin/env node
/**
 * Build step (after tsc): the node's output schemas, one JSON Schema per operation, from the
 * operation descriptors' `outputFields` (nodes/HuggingFaceInference/operations/*.ts), written where
 * n8n 2.41 looks for them: dist/nodes/HuggingFaceInference/__schema__/v1.0.0/<operation>.json.
 *
 * n8n's editor asks for `/schemas/<node type>/1.0.0/<operation>.json` to show a node's output
 * fields before it has run (the server resolves it with n8n-core resolveOutputSchemaPath under the
 * node's folder; a node without a resource gets the operation as the one path segment). Without
 * these files every such request is a 404 in the browser console.
 *
 * The types come from the contract (docs in /work/shared/CONTRACT.md: "Output items"); a field this
 * table does not know fails the build, so a new output field gets a type here too.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_DIR = join(ROOT, 'dist', 'nodes', 'HuggingFaceInference');

const string = { type: 'string' };
const number = { type: 'number' };
const labelScore = { type: 'object', properties: { label: string, score: number } };

/** Every json field a Success item of some operation has. */
const FIELD_TYPES = {
	content: string,
	reasoning: { type: ['string', 'null'] },
	model: string,
	provider: string,
	providerModelId: string,
	finishReason: string,
	usage: { type: 'object', properties: { promptTokens: number, completionTokens: number, totalTokens: number } },
	latencyMs: number,
	costUsd: { type: ['number', 'null'] },
	dimensions: number,
	embedding: { type: 'array', items: number },
	prompt: string,
	mimeType: string,
	fileSize: number,
	text: string,
	audioMimeType: string,
	audioFileSize: number,
	label: string,
	score: number,
	labels: { type: 'array', items: labelScore },
	objects: {
		type: 'array',
		items: {
			type: 'object',
			properties: {
				label: string,
				score: number,
				box: { type: 'object', properties: { xmin: number, ymin: number, xmax: number, ymax: number } },
			},
		},
	},
	entities: {
		type: 'array',
		items: { type: 'object', properties: { type: string, text: string, score: number, start: number, end: number } },
	},
	translation: string,
	summary: string,
	answer: string,
	start: number,
	end: number,
};

export function schemaFor(operation, outputFields) {
	const properties = {};
	for (const field of outputFields) {
		const type = FIELD_TYPES[field];
		if (!type) throw new Error(`scripts/build-schemas.mjs: no type for output field "${field}" of operation "${operation}"`);
		properties[field] = type;
	}
	return { type: 'object', properties };
}

const require = createRequire(import.meta.url);
const { OPERATIONS } = require(join(NODE_DIR, 'operations', 'index.js'));
const outDir = join(NODE_DIR, '__schema__', 'v1.0.0');
rmSync(join(NODE_DIR, '__schema__'), { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const [operation, descriptor] of Object.entries(OPERATIONS)) {
	writeFileSync(join(outDir, `${operation}.json`), `${JSON.stringify(schemaFor(operation, descriptor.outputFields), null, 2)}\n`);
}
process.stdout.write(`[build] ${Object.keys(OPERATIONS).length} output schemas in ${outDir.slice(ROOT.length + 1)}\n`);
