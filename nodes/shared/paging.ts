/**
 * Page-number paging shared by the list operations, and returnAll / limit.
 */

export interface FetchedPage<T> {
	items: T[];
	/** True when the answer's own metadata says no page follows; undefined when it has none. */
	isLastPage?: boolean;
}

export interface PagingOptions {
	/** Number of the first page (Plantronics counts from 0). */
	firstPage: number;
	pageSize: number;
	/** Hard stop against a server that never says it is done. */
	maxPages: number;
}

/** 2,500 pages of 99 is about 250,000 devices: beyond any tenant we know, and bounded in memory. */
export const DEFAULT_MAX_PAGES = 2_500;

export class TooManyPagesError extends Error {
	constructor(readonly maxPages: number) {
		super(`Stopped after ${maxPages} pages: the server never said it was done (full pages, or paging metadata saying more follow)`);
	}
}

/**
 * Yields page after page. When the answer carries paging metadata, it alone
 * decides whether another page follows: servers cap the page size silently
 * (99 asked, 50 given), so a short page does not mean the last. Without
 * metadata, a short or empty page is the last. Stopping the iteration early
 * sends no further request.
 */
export async function* pageNumberPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<FetchedPage<T>>,
	options: PagingOptions,
): AsyncGenerator<T[]> {
	for (let fetched = 0, page = options.firstPage; ; fetched++, page++) {
		if (fetched >= options.maxPages) throw new TooManyPagesError(options.maxPages);
		const { items, isLastPage } = await fetchPage(page, options.pageSize);
		if (items.length > 0) yield items;
		if (isLastPage ?? items.length < options.pageSize) return;
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
