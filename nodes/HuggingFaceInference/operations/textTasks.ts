import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { itemParameter } from '../../shared/nodeParameter';
import { badInput, readNumber, readOptions } from '../../shared/parameters';
import type { ScoredLabel, TaggedEntity } from '../../shared/providers/text-types';
import type { ExecutionScope } from './scope';
import type { PreparedItem } from './types';

/** What the text tasks share: batch size, the label ranking and entities as the node gives them. */

export const TEXT_TASK_TIMEOUT_MS = 120_000;

export const DEFAULT_TEXT_BATCH_SIZE = 32;

/** Batch Size, read once from the first item (a batch is for the whole run), as Create Embedding reads it. */
export function readBatchSize(scope: ExecutionScope): number {
	if (!scope.ctx.getInputData().length) return DEFAULT_TEXT_BATCH_SIZE;
	return readNumber(scope.ctx, 0, readOptions(scope.ctx, 0), 'batchSize', 'Batch Size', { min: 1, max: 2048, integer: true }) ?? DEFAULT_TEXT_BATCH_SIZE;
}

/** One result per item of the unit, else a final error naming the unit's first item. */
export function checkCount(scope: ExecutionScope, unit: Array<PreparedItem<unknown>>, provider: string, results: unknown[], what: string): void {
	if (results.length === unit.length) return;
	throw new NodeOperationError(scope.ctx.getNode(), `${provider} answered ${results.length} ${what} for ${unit.length} texts (${provider} / ${unit[0].model})`, {
		itemIndex: unit[0].itemIndex,
	});
}

/** `{label, score}` of the top class and every class, highest score first (the contract's fields). */
export function rankedJson(labels: ScoredLabel[]): IDataObject {
	const ranked = [...labels].sort((a, b) => b.score - a.score).map(({ label, score }) => ({ label, score }));
	const [top] = ranked;
	return { label: top?.label ?? null, score: top?.score ?? null, labels: ranked };
}

/** `B-PER`, `I-ORG` (tokens not grouped) -> `PER`, `ORG`; an `entity_group` stays as it is. */
export function entityType(group: string): string {
	return group.replace(/^[BI]-/, '');
}

/**
 * The contract's entities: `{type, text, score, start, end}`, the text cut from the item's own text
 * where the model gave offsets within it (else its word, and null offsets); in text order (sorted
 * by start when every entity has offsets, else as answered: the models answer in text order).
 */
export function entitiesJson(text: string, tagged: TaggedEntity[]): IDataObject[] {
	const placed = tagged.map((entity) => {
		const { start, end } = entity;
		const offsets = start !== undefined && end !== undefined && start <= end && end <= text.length;
		return {
			type: entityType(entity.group),
			text: offsets ? text.slice(start, end) : entity.word,
			score: entity.score,
			start: offsets ? start : null,
			end: offsets ? end : null,
		};
	});
	if (placed.every((entity) => entity.start !== null)) placed.sort((a, b) => a.start! - b.start! || a.end! - b.end!);
	return placed;
}

/** Candidate Labels: comma-separated text, or an array from an expression; trimmed, each once. */
export function readCandidateLabels(scope: ExecutionScope, itemIndex: number): string[] {
	const raw = itemParameter(scope.ctx, 'candidateLabels', itemIndex, '') as unknown;
	let list: unknown[];
	if (Array.isArray(raw)) list = raw;
	else if (typeof raw === 'string' && /^\s*\[/.test(raw)) list = parseList(raw) ?? raw.split(',');
	else list = typeof raw === 'string' ? raw.split(',') : raw === null || raw === undefined ? [] : [raw];
	const labels = [...new Set(list.map((label) => (typeof label === 'string' ? label : JSON.stringify(label) ?? '').trim()).filter(Boolean))];
	if (!labels.length) {
		throw badInput(scope.ctx, itemIndex, 'Candidate Labels', 'is empty', 'Give the classes to choose from, comma-separated (for example billing, shipping, technical problem), or an array from an expression.');
	}
	return labels;
}

function parseList(raw: string): unknown[] | undefined {
	try {
		const parsed: unknown = JSON.parse(raw);
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** An optional text option, trimmed; undefined when unset or blank. */
export function readTextOption(options: IDataObject, key: string): string | undefined {
	const value = options[key];
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text || undefined;
}
