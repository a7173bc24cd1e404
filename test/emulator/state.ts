/** Mutable emulator state shared by the route handlers: settings, faults, stores of jobs and images. */
import { randomBytes } from 'crypto';
import { MSG_CREDITS_DEPLETED } from './errors';
import type { Account } from './ledger';
import { Ledger } from './ledger';
import type { ImageRequest } from './images';
import { Degradations } from './judge';
import type { FailOptions, RecordedRequest } from './types';

export interface Fault {
	kind: 'fail' | 'cut' | 'malformed';
	/** Calls still to be affected (may be Infinity). */
	remaining: number;
	status?: number;
	opts?: FailOptions;
}

/** Who is calling and which ledger pays, for one inference call. */
export interface CallContext {
	account: Account;
	ledgerKey: string;
}

export interface FalJob {
	id: string;
	app: string;
	providerId: string;
	polls: number;
	result: Record<string, unknown>;
}

/**
 * `preview`: while a polled prediction is still `processing`, its `output` already holds a URL the
 * CDN does not serve (Replicate fills `output` as a model writes it; only `succeeded` ends it).
 * `notServed`: the status route answers this status, as a router without that route would.
 */
export interface ReplicatePollMode {
	preview?: boolean;
	notServed?: 404 | 405;
}

export interface PollJob {
	id: string;
	polls: number;
	pollsNeeded: number;
	model: string;
	outputs: string[];
	/** The prediction's `output` when it is not a list of file URLs (a transcript object). */
	output?: unknown;
	createdAt: string;
	input: unknown;
}

export class EmulatorState {
	url = '';
	cdnUrl = '';
	readonly requests: RecordedRequest[] = [];
	/** Serve the offline account page (account-admin.ts). */
	accountAdmin = false;
	/** The body of a 402: the router's words, plus a hint where the emulator stands in for it offline. */
	depletedMessage = MSG_CREDITS_DEPLETED;
	latencyMs = 0;
	cap: number | null = null;
	capRetryAfter: number | null = null;
	/** Until this time (Date.now() ms) every Hub API call is answered 429 with a RateLimit header. */
	hubLimitedUntil = 0;
	faults: Fault[] = [];
	/** Faults for one Hub model on /v1 (failModel), by model id. */
	readonly modelFaults = new Map<string, Fault>();
	streamErrors = 0;
	replicatePendingPolls = 0;
	/** How the Replicate status route behaves (setReplicatePending's options). */
	replicatePoll: ReplicatePollMode = {};
	imageBytes: number | null = null;
	cdnNonImage = false;
	inFlight = 0;
	maxInFlight = 0;
	readonly images = new Map<string, ImageRequest>();
	/** Generated files other than pictures (audio, video), served as they are. */
	readonly files = new Map<string, { bytes: Buffer; contentType: string }>();
	/** Files a test put on the CDN (serveFile): kept across reset(). */
	readonly served = new Map<string, { bytes: Buffer; contentType: string }>();
	readonly falJobs = new Map<string, FalJob>();
	readonly replicate = new Map<string, PollJob>();
	readonly wavespeed = new Map<string, PollJob>();
	readonly zai = new Map<string, PollJob>();
	/** Video jobs polled by id: together's `/v2/videos/{id}`, novita's `task-result?task_id=`. */
	readonly videoJobs = new Map<string, PollJob>();
	readonly degradations = new Degradations();
	/** Text tasks answer in the pipelines' own shapes (text-task-routes.ts) instead of the API's. */
	legacyTextShapes = false;
	private seq = 0;

	constructor(readonly ledger: Ledger) {}

	nextId(prefix = ''): string {
		this.seq += 1;
		return `${prefix}${this.seq.toString(36).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
	}

	requestId(): string {
		const t = Math.floor(Date.now() / 1000).toString(16);
		return `Root=1-${t}-${randomBytes(12).toString('hex')};${this.nextId()}`;
	}

	/** Consume one fault for the current inference call, if any is queued. */
	takeFault(): Fault | undefined {
		const f = this.faults[0];
		if (!f) return undefined;
		f.remaining -= 1;
		if (f.remaining <= 0) this.faults.shift();
		return f;
	}

	/** Consume one fault of this Hub model, if it has one (failModel). */
	takeModelFault(hubId: string | undefined): Fault | undefined {
		const f = hubId === undefined ? undefined : this.modelFaults.get(hubId);
		if (!f) return undefined;
		f.remaining -= 1;
		if (f.remaining <= 0) this.modelFaults.delete(hubId!);
		return f;
	}

	/** Store a generated picture for the CDN; returns its public URL. */
	storeImage(folder: string, req: Omit<ImageRequest, 'targetBytes'>, ext = 'png'): string {
		const path = `/${folder}/${this.nextId()}.${ext}`;
		this.images.set(path, { ...req, targetBytes: this.imageBytes });
		return `${this.cdnUrl}${path}`;
	}

	/** Store a generated file for the CDN; returns its public URL. */
	storeFile(folder: string, bytes: Buffer, contentType: string, ext: string): string {
		const path = `/${folder}/${this.nextId()}.${ext}`;
		this.files.set(path, { bytes, contentType });
		return `${this.cdnUrl}${path}`;
	}

	charge(ctx: CallContext, record: RecordedRequest, usd: number): void {
		this.ledger.charge(ctx.ledgerKey, usd);
		record.cost = (record.cost ?? 0) + usd;
	}

	reset(): void {
		this.requests.length = 0;
		this.latencyMs = 0;
		this.cap = null;
		this.capRetryAfter = null;
		this.hubLimitedUntil = 0;
		this.faults = [];
		this.modelFaults.clear();
		this.streamErrors = 0;
		this.replicatePendingPolls = 0;
		this.replicatePoll = {};
		this.imageBytes = null;
		this.cdnNonImage = false;
		this.maxInFlight = this.inFlight;
		this.images.clear();
		this.files.clear();
		this.falJobs.clear();
		this.replicate.clear();
		this.wavespeed.clear();
		this.zai.clear();
		this.videoJobs.clear();
		this.degradations.clear();
		this.legacyTextShapes = false;
	}
}
