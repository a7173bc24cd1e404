/** The bench's fixed figures: the emulator's latency and cap, and the size of each piece of work. */
export const LATENCY_MS = 50;
export const CAP = 8;
/** The Retry-After (seconds) the cap's 429s name in the chat-ours-ra row. */
export const RETRY_AFTER_S = 1;
export const CHAT_ITEMS = 200;
export const EMBEDDING_ITEMS = 1000;
export const EMBEDDING_BATCH = 32;
export const CPU_ITEMS = 1000;
/** The floor node's calls in flight at latency 0 (no cap there): this node's adaptive ceiling. */
export const CPU_FLOOR_CAP = 32;
export const IMAGE_ITEMS = 50;
/** The second memory row: the same pictures, four times as many. */
export const IMAGE_ITEMS_MORE = 200;
export const IMAGE_BYTES = 2 * 1024 * 1024;
export const QUOTA_ITEMS = 20;
/** Webhook executions fired together under `n8n start`, each with this many chat items. */
export const WEBHOOK_EXECUTIONS = 4;
export const WEBHOOK_ITEMS = 50;
export const TOKEN = 'hf_bench_emulator_token_01';
export const EMPTY_TOKEN = 'hf_bench_emulator_token_00';
/** Runs of each measured row (median reported): one run on a small machine varies by ±10%. */
export const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3) || 1);

/** ceil(items / cap) rounds of one latency each: no client can do better under the cap. */
export const CHAT_LIMIT_MS = Math.ceil(CHAT_ITEMS / CAP) * LATENCY_MS;
export const EMBEDDING_BATCHES = Math.ceil(EMBEDDING_ITEMS / EMBEDDING_BATCH);
export const EMBEDDING_NETWORK_LIMIT_MS = Math.ceil(EMBEDDING_BATCHES / CAP) * LATENCY_MS;

/** The bounds of issue 24, checked (PASS/FAIL) at the end of the run. */
export const TARGETS = {
	/** 200 chat items, 429 without Retry-After: this node's time over the floor node's. */
	chatVsFloor: 1.05,
	/** The same with Retry-After on the cap's 429s: over the floor node's time plus one hold. */
	chatRetryAfterVsFloor: 1.1,
	/** Node time per item at latency 0, over the floor node's. */
	cpuVsFloor: 1.1,
	/** The last of the webhook executions fired together, over one execution of all their items. */
	webhookVsOne: 1.25,
	embeddingRatio: 1.0,
	/** Requests answered (not 429) for 1,000 texts in batches of 32. */
	embeddingAnswered: EMBEDDING_BATCHES,
	/** Memory growth for 200 pictures over the growth for 50. */
	imageGrowthRatio: 1.25,
	quotaCalls: 1,
};
