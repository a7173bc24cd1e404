import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataService, ErrorReporter } from 'n8n-core';
import type { BinaryDataConfig } from 'n8n-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type HarnessBinaryMode = 'default' | 'filesystem';

const services = new Map<HarnessBinaryMode, Promise<BinaryDataService>>();
let storageRoot: string | undefined;

/** Folder under which filesystem-mode binary data is written (created lazily in the OS temp dir). */
export function binaryStoragePath(): string {
	if (!storageRoot) {
		const base = process.env.N8N_USER_FOLDER ?? tmpdir();
		storageRoot = mkdtempSync(join(base.startsWith(tmpdir()) ? base : tmpdir(), 'binary-data-'));
	}
	return storageRoot;
}

async function createService(mode: HarnessBinaryMode): Promise<BinaryDataService> {
	// Only the fields BinaryDataService reads; the real BinaryDataConfig wants InstanceSettings + env.
	const config = {
		mode,
		availableModes: ['filesystem'],
		localStoragePath: binaryStoragePath(),
		signingSecret: 'harness-signing-secret',
		dbMaxFileSize: 512,
	} as unknown as BinaryDataConfig;
	const service = new BinaryDataService(config, Container.get(ErrorReporter), Container.get(Logger));
	// init() always registers the filesystem manager; in 'default' mode it is just not used for
	// storing (data stays inline base64), but ids from filesystem mode can still be read.
	await service.init();
	return service;
}

/**
 * Returns the (cached) BinaryDataService for the mode and installs it in the @n8n/di Container,
 * where n8n-core's binary helpers (prepareBinaryData, getBinaryDataBuffer, ...) look it up.
 * Runs in the same process must therefore not overlap when they use different modes.
 */
export async function useBinaryDataService(mode: HarnessBinaryMode): Promise<BinaryDataService> {
	let pending = services.get(mode);
	if (!pending) {
		pending = createService(mode);
		services.set(mode, pending);
	}
	const service = await pending;
	Container.set(BinaryDataService, service);
	return service;
}
