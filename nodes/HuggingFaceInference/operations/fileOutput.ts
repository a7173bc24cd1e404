import type { IDataObject } from 'n8n-workflow';

import type { GeneratedFile } from '../../shared/providers/types';
import { storeMedia, type MediaKind } from './media';
import { servedBy, type ResolvedProvider } from './routing';
import type { ExecutionScope } from './scope';
import type { ItemSuccess, PreparedItem } from './types';

/** A provider's file for one item, and where and how the Success item carries it. */
export interface FileOutput {
	file: GeneratedFile;
	/** When the item's call started: the latency is the call's, not the storing's. */
	started: number;
	/** The file's name without its extension, which comes from the file's bytes. */
	fileBase: string;
	kind: MediaKind;
	/** The binary property the file is written to. */
	property: string;
	/** Json fields between who served the item and the file's type (the prompt, where there is one). */
	fields?: IDataObject;
}

/**
 * The Success item of an operation that makes a file (image, audio, video): the file checked by
 * its bytes and stored (storeMedia), who served it, its type, its stored size and the latency.
 */
export async function fileSuccess(
	scope: ExecutionScope,
	item: PreparedItem<unknown>,
	resolved: { entry: ResolvedProvider['entry'] },
	output: FileOutput,
): Promise<ItemSuccess[]> {
	const latencyMs = Date.now() - output.started;
	const where = { provider: resolved.entry.provider, model: item.model };
	const { binary, mimeType, size } = await storeMedia(scope, item.itemIndex, where, output.file, output.fileBase, output.kind);
	return [
		{
			json: { ...servedBy(item, resolved), ...output.fields, mimeType, fileSize: size, latencyMs },
			binary: { [output.property]: binary },
			costUsd: null,
		},
	];
}

/** `photo.jpg` -> `photo-<suffix>`, so that the output file says what it came from; `fallback` without a name. */
export function derivedFileBase(fileName: string | undefined, suffix: string, fallback: string): string {
	const base = (fileName ?? '').replace(/\.[^.]*$/, '').trim();
	return base ? `${base}-${suffix}` : fallback;
}


/** The json of a Success item that carries a generated file (the file itself is in the binary). */
export const GENERATED_FILE_FIELDS = ['model', 'provider', 'providerModelId', 'prompt', 'mimeType', 'fileSize', 'latencyMs'] as const;

/** After a 413 on a prompt-driven generation. */
export const PROMPT_TOO_LONG = 'The prompt is longer than the model accepts. Shorten it.';
