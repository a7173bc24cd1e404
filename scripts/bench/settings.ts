/** The bench's fixed figures: the emulator's latency and cap, and the size of each piece of work. */
export const LATENCY_MS = 50;
export const CAP = 8;
export const CHAT_ITEMS = 200;
export const EMBEDDING_ITEMS = 1000;
export const EMBEDDING_BATCH = 32;
export const CPU_ITEMS = 1000;
export const IMAGE_ITEMS = 50;
export const IMAGE_BYTES = 2 * 1024 * 1024;
export const QUOTA_ITEMS = 20;
export const TOKEN = 'hf_bench_emulator_token_01';
export const EMPTY_TOKEN = 'hf_bench_emulator_token_00';
/** Our node's chat and embedding runs are repeated (median reported): one run on a small machine varies by ±10%. */
export const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3) || 1);

/** ceil(items / cap) rounds of one latency each: no client can do better under the cap. */
export const CHAT_LIMIT_MS = Math.ceil(CHAT_ITEMS / CAP) * LATENCY_MS;
export const EMBEDDING_BATCHES = Math.ceil(EMBEDDING_ITEMS / EMBEDDING_BATCH);
export const EMBEDDING_NETWORK_LIMIT_MS = Math.ceil(EMBEDDING_BATCHES / CAP) * LATENCY_MS;

/** The bounds issue 12 sets, checked (PASS/FAIL) at the end of the run. */
export const TARGETS = {
	chatRatio: 1.1,
	embeddingRatio: 1.1,
	embeddingRequests: EMBEDDING_BATCHES,
	cpuRatio: 1.5,
	imageGrowthMiB: 100,
	quotaCalls: 1,
};
