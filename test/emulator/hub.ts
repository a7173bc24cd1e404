/** Hub endpoints (/api/whoami-v2, /api/models, /api/models/{id}) and the router's /v1/models catalogue. */
import { ALL_MODELS, CHAT_MODELS, findModel, hubMapping, v1ModelEntry, type CatalogueModel } from './catalogue';
import { MSG_HUB_INVALID_TOKEN } from './errors';
import { sendJson, type Exchange } from './exchange';
import { INFERENCE_PERMISSION, type Account } from './ledger';
import type { EmulatorState } from './state';

export function bearer(ex: Exchange): string | undefined {
	const h = ex.req.headers.authorization;
	if (!h) return undefined;
	const m = /^Bearer\s+(.+)$/i.exec(h.trim());
	return m ? m[1].trim() : undefined;
}

function periodEnd(): number {
	const now = new Date();
	return Math.floor(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000);
}

export function whoamiBody(a: Account, st: EmulatorState): Record<string, unknown> {
	const accessToken: Record<string, unknown> = {
		displayName: a.spec.name ? `${a.spec.name}-token` : 'emulator-token',
		role: a.role,
		createdAt: '2025-01-01T00:00:00.000Z',
	};
	if (a.role === 'fineGrained') {
		accessToken.fineGrained = {
			canReadGatedRepos: false,
			global: a.permissions,
			scoped: [{ entity: { _id: 'user0000000000000000000', type: 'user', name: a.name }, permissions: a.permissions.filter((p) => p !== INFERENCE_PERMISSION) }],
		};
	}
	return {
		type: 'user',
		id: `u${a.name}`.padEnd(24, '0').slice(0, 24),
		name: a.name,
		fullname: a.name,
		email: `${a.name}@example.com`,
		emailVerified: true,
		canPay: a.spec.isPro === true,
		periodEnd: periodEnd(),
		isPro: a.spec.isPro === true,
		avatarUrl: `/avatars/${a.name}.svg`,
		billingMode: 'prepaid',
		orgs: a.orgs.map((name) => ({
			type: 'org',
			id: `o${name}`.padEnd(24, '0').slice(0, 24),
			name,
			fullname: name,
			canPay: st.ledger.balance(st.ledger.orgKey(name)) > 0,
			periodEnd: periodEnd(),
			avatarUrl: `/avatars/${name}.svg`,
			roleInOrg: 'write',
			isEnterprise: false,
		})),
		auth: { type: 'access_token', accessToken },
	};
}

/** GET /api/whoami-v2 (huggingface_hub hf_api.py `whoami`). */
export function handleWhoami(ex: Exchange, st: EmulatorState): void {
	const account = st.ledger.lookup(bearer(ex));
	if (!account) return sendJson(ex, 401, { error: MSG_HUB_INVALID_TOKEN }, {}, 'application/json; charset=utf-8');
	sendJson(ex, 200, whoamiBody(account, st), {}, 'application/json; charset=utf-8');
}

function expandList(q: URLSearchParams): string[] {
	return [...q.getAll('expand'), ...q.getAll('expand[]')];
}

function fieldsOf(m: CatalogueModel, field: string): unknown {
	switch (field) {
		case 'inferenceProviderMapping':
			return hubMapping(m);
		case 'pipeline_tag':
			return m.pipelineTag;
		case 'likes':
			return m.likes;
		case 'downloads':
			return m.downloads;
		case 'tags':
			return m.tags;
		case 'author':
			return m.ownedBy;
		case 'private':
			return false;
		case 'gated':
			return false;
		default:
			return undefined;
	}
}

function basicInfo(m: CatalogueModel): Record<string, unknown> {
	return {
		_id: m._id,
		id: m.id,
		modelId: m.id,
		author: m.ownedBy,
		private: false,
		gated: false,
		disabled: false,
		pipeline_tag: m.pipelineTag,
		library_name: m.tags[0],
		likes: m.likes,
		downloads: m.downloads,
		tags: m.tags,
		createdAt: new Date(m.created * 1000).toISOString(),
	};
}

/** GET /api/models/{hubId}[?expand[]=...] (huggingface.js src/lib/getInferenceProviderMapping.ts fetchInferenceProviderMappingForModel). */
export function handleHubModel(ex: Exchange, st: EmulatorState, hubId: string): void {
	if (ex.req.headers.authorization && !st.ledger.lookup(bearer(ex))) {
		return sendJson(ex, 401, { error: MSG_HUB_INVALID_TOKEN }, {}, 'application/json; charset=utf-8');
	}
	const m = findModel(hubId);
	if (!m) return sendJson(ex, 404, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound', 'X-Error-Message': 'Repository not found' }, 'application/json; charset=utf-8');
	const expand = expandList(ex.query);
	if (expand.length === 0) return sendJson(ex, 200, basicInfo(m), {}, 'application/json; charset=utf-8');
	const out: Record<string, unknown> = { _id: m._id, id: m.id };
	for (const f of expand) {
		const v = fieldsOf(m, f);
		if (v !== undefined) out[f] = v;
	}
	sendJson(ex, 200, out, {}, 'application/json; charset=utf-8');
}

/** GET /api/models?inference_provider=all|<provider>&pipeline_tag=&search=&limit= (hub-docs docs/inference-providers/hub-api.md). */
export function handleHubSearch(ex: Exchange): void {
	const q = ex.query;
	const ip = q.get('inference_provider');
	const tag = q.get('pipeline_tag');
	const search = (q.get('search') ?? '').toLowerCase();
	const limit = Math.max(1, Math.min(1000, parseInt(q.get('limit') ?? '50', 10) || 50));
	const expand = expandList(q);
	const providers = ip ? ip.split(',') : undefined;
	const list = ALL_MODELS.filter((m) => {
		if (tag && m.pipelineTag !== tag) return false;
		if (search && !m.id.toLowerCase().includes(search)) return false;
		if (providers) {
			const live = m.providers.filter((p) => p.status !== 'error');
			if (providers.includes('all')) return live.length > 0;
			return live.some((p) => providers.includes(p.provider));
		}
		return true;
	})
		.sort((a, b) => b.likes - a.likes)
		.slice(0, limit)
		.map((m) => {
			const item: Record<string, unknown> = { _id: m._id, id: m.id, pipeline_tag: m.pipelineTag, likes: m.likes, downloads: m.downloads, tags: m.tags, modelId: m.id, private: false };
			for (const f of expand) {
				const v = fieldsOf(m, f);
				if (v !== undefined) item[f] = v;
			}
			return item;
		});
	sendJson(ex, 200, list, {}, 'application/json; charset=utf-8');
}

/** GET /v1/models and /v1/models/{hubId} (hub-docs docs/inference-providers/hub-api.md "List OpenAI-compatible models"). */
export function handleV1Models(ex: Exchange, hubId?: string): void {
	if (hubId !== undefined) {
		const m = CHAT_MODELS.find((x) => x.id === hubId);
		if (!m) return sendJson(ex, 404, { error: `Model ${hubId} does not exist` });
		return sendJson(ex, 200, v1ModelEntry(m));
	}
	sendJson(ex, 200, { object: 'list', data: CHAT_MODELS.map(v1ModelEntry) });
}
