/**
 * Page-number paging shared by the list operations, and returnAll / limit.
 */

import type { SharedBackoff } from './retry';

export interface FetchedPage<T> {
	items: T[];
	/** True when the answer's own metadata says no page follows; undefined when it has none. */
	isLastPage?: boolean;
	/** How many pages the answer's metadata says there are; undefined when it has none. */
	totalPages?: number;
}

export interface PagingOptions {
	/** Number of the first page (Plantronics counts from 0). */
	firstPage: number;
	pageSize: number;
	/** Hard stop against a server that never says it is done. */
	maxPages: number;
	/** Pages in flight at most once the first page is in (default 1: one after another). */
	concurrency?: number;
	/** Once the server has throttled the run, one page at a time for the rest of it. */
	backoff?: SharedBackoff;
	/** Items wanted at most (undefined: all): no page is asked for that could not be needed to reach it. */
	limit?: number;
}

/** 2,500 pages of 99 is about 250,000 devices: beyond any tenant we know, and bounded in memory. */
export const DEFAULT_MAX_PAGES = 2_500;

/** Pages in flight at once when the node is not told otherwise. */
export const DEFAULT_PARALLEL_REQUESTS = 4;

/** The most a user may set: beyond this a vendor cloud throttles rather than answers faster. */
export const MAX_PARALLEL_REQUESTS = 16;

export class TooManyPagesError extends Error {
	constructor(readonly maxPages: number) {
		super(`Stopped after ${maxPages} pages: the server never said it was done (full pages, or paging metadata saying more follow)`);
	}
}

/**
 * Yields page after page, in page order. When the answer carries paging
 * metadata, it alone decides whether another page follows: servers cap the
 * page size silently (99 asked, 50 given), so a short page does not mean the
 * last. Without metadata, a short or empty page is the last.
 *
 * The first page is asked for alone; after it up to `concurrency` pages are in
 * flight: up to the page count the metadata gives, or, without metadata, read
 * ahead until a short page, whose followers are dropped unseen. Pages that
 * arrive early wait for their turn, so at most `concurrency` are held. With a
 * limit, only pages that could still be needed to fill it are asked for.
 * Stopping the iteration early (or a failed page) sends no further request and
 * cancels the further attempts of those in flight.
 */
export async function* pageNumberPages<T>(
	fetchPage: (page: number, pageSize: number, cancel: AbortSignal) => Promise<FetchedPage<T>>,
	options: PagingOptions,
): AsyncGenerator<T[]> {
	const concurrency = Math.max(1, options.concurrency ?? 1);
	const cancel = new AbortController();
	const inFlight = new Map<number, Promise<FetchedPage<T>>>();
	let requested = 0;
	let pageCount: number | undefined;
	let itemsSeen = 0;
	// A page that failed ends the run when its turn comes; until then no further page is asked for.
	let failed = false;
	const request = (index: number) => {
		const pending = fetchPage(options.firstPage + index, options.pageSize, cancel.signal);
		// Awaited in page order later; until then its failure must not count as unhandled.
		pending.catch(() => (failed = true));
		inFlight.set(index, pending);
	};
	try {
		for (let index = 0; ; index++) {
			if (index >= options.maxPages) throw new TooManyPagesError(options.maxPages);
			const window = index === 0 || options.backoff?.throttled ? 1 : concurrency;
			const stillNeeded = options.limit === undefined ? Infinity : Math.ceil((options.limit - itemsSeen) / options.pageSize);
			const end = Math.max(index + 1, Math.min(index + window, index + stillNeeded, pageCount ?? Infinity, options.maxPages));
			while (requested < end && !(failed && requested > index)) request(requested++);

			const page = inFlight.get(index) as Promise<FetchedPage<T>>;
			inFlight.delete(index);
			const { items, isLastPage, totalPages } = await page;
			if (totalPages !== undefined) pageCount = totalPages;
			itemsSeen += items.length;
			if (items.length > 0) yield items;
			if (isLastPage ?? items.length < options.pageSize) return;
		}
	} finally {
		cancel.abort();
	}
}

/**
 * Collects items from pages, keeping those the filter accepts, and stops
 * requesting as soon as `limit` items are in hand (undefined: all of them).
 */
export async function collectItems<T>(
	pages: AsyncIterable<T[]>,
	limit: number | undefined,
	keep: (item: T) => boolean = () => true,
): Promise<T[]> {
	const collected: T[] = [];
	if (limit !== undefined && limit <= 0) return collected;
	for await (const page of pages) {
		for (const item of page) {
			if (!keep(item)) continue;
			collected.push(item);
			if (limit !== undefined && collected.length >= limit) return collected;
		}
	}
	return collected;
}

/** The page size to ask for: never more than needed to fill a limit, never more than the API allows. */
export function pageSizeFor(limit: number | undefined, preferred: number, maximum: number): number {
	const size = Math.min(preferred, maximum);
	return limit === undefined ? size : Math.max(1, Math.min(size, limit));
}
