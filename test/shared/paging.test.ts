/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { DEFAULT_MAX_PAGES, TooManyPagesError, collectItems, pageNumberPages, pageSizeFor } from '../../nodes/shared/paging';

/** A fake server of `total` numbered items that records every page asked for. */
function fakeServer(total: number, options: { metadata?: boolean; neverEnds?: boolean } = {}) {
	const asked: Array<{ page: number; size: number }> = [];
	const fetchPage = async (page: number, size: number) => {
		asked.push({ page, size });
		if (options.neverEnds) return { items: Array.from({ length: size }, (_, i) => page * size + i), isLastPage: false };
		const items = Array.from({ length: Math.max(0, Math.min(size, total - page * size)) }, (_, i) => page * size + i);
		const totalPages = Math.ceil(total / size);
		return { items, isLastPage: options.metadata ? page >= totalPages - 1 : undefined };
	};
	return { asked, fetchPage };
}

describe('page-number paging', () => {
	it('walks from the first page until a short page, asking each page once', async () => {
		const server = fakeServer(25);
		const items = await collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100 }), undefined);
		expect(items).toEqual(Array.from({ length: 25 }, (_, i) => i));
		expect(server.asked).toEqual([
			{ page: 0, size: 10 },
			{ page: 1, size: 10 },
			{ page: 2, size: 10 },
		]);
	});

	it('on an exact multiple of the page size without metadata, stops on the empty page after the last', async () => {
		const server = fakeServer(30);
		const items = await collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100 }), undefined);
		expect(items).toHaveLength(30);
		expect(server.asked.map((call) => call.page)).toEqual([0, 1, 2, 3]);
	});

	it('on an exact multiple with metadata saying the last page, asks no further page', async () => {
		const server = fakeServer(30, { metadata: true });
		const items = await collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100 }), undefined);
		expect(items).toHaveLength(30);
		expect(server.asked.map((call) => call.page)).toEqual([0, 1, 2]);
	});

	it('with metadata, a short page is not the last when the metadata says more follow (a server capping the page size)', async () => {
		const asked: number[] = [];
		const fetchPage = async (page: number) => {
			asked.push(page);
			return { items: Array.from({ length: page < 2 ? 4 : 2 }, (_, i) => page * 4 + i), isLastPage: page >= 2 };
		};
		const items = await collectItems(pageNumberPages(fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100 }), undefined);
		expect(items).toHaveLength(10);
		expect(asked).toEqual([0, 1, 2]);
	});

	it('stops requesting as soon as the limit is in hand', async () => {
		const server = fakeServer(1000);
		const items = await collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100 }), 15);
		expect(items).toHaveLength(15);
		expect(server.asked.map((call) => call.page)).toEqual([0, 1]);
	});

	it('counts the limit after filtering', async () => {
		const server = fakeServer(100);
		const items = await collectItems(
			pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100 }),
			5,
			(item) => item % 7 === 0,
		);
		expect(items).toEqual([0, 7, 14, 21, 28]);
		expect(server.asked.map((call) => call.page)).toEqual([0, 1, 2]);
	});

	it('gives up on a server that never stops, after the page cap', async () => {
		const server = fakeServer(0, { neverEnds: true });
		await expect(
			collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 5, maxPages: 20 }), undefined),
		).rejects.toBeInstanceOf(TooManyPagesError);
		expect(server.asked).toHaveLength(20);
		expect(DEFAULT_MAX_PAGES).toBeGreaterThan(1000);
	});

	it('asks for no more than the limit needs, and no more than the API allows', () => {
		expect(pageSizeFor(5, 99, 99)).toBe(5);
		expect(pageSizeFor(500, 99, 99)).toBe(99);
		expect(pageSizeFor(undefined, 150, 99)).toBe(99);
	});
});

describe('page-number paging with several pages in flight', () => {
	/** Pages of 10 numbered items that resolve when the test says, recording how many are outstanding at once. */
	function heldServer(total: number, metadata: boolean) {
		const asked: number[] = [];
		const waiting = new Map<number, () => void>();
		let outstanding = 0;
		let maxOutstanding = 0;
		const fetchPage = (page: number, size: number) => {
			asked.push(page);
			outstanding++;
			maxOutstanding = Math.max(maxOutstanding, outstanding);
			const items = Array.from({ length: Math.max(0, Math.min(size, total - page * size)) }, (_, i) => page * size + i);
			const totalPages = Math.ceil(total / size);
			return new Promise<{ items: number[]; isLastPage?: boolean; totalPages?: number }>((resolve) =>
				waiting.set(page, () => {
					outstanding--;
					resolve(metadata ? { items, isLastPage: page >= totalPages - 1, totalPages } : { items });
				}),
			);
		};
		// Answers the pages asked for so far, the highest page first.
		const answerAllBackwards = async () => {
			for (let round = 0; round < 200; round++) {
				await new Promise((resolve) => setImmediate(resolve));
				const pages = [...waiting.keys()].sort((a, b) => b - a);
				for (const page of pages) {
					waiting.get(page)?.();
					waiting.delete(page);
				}
			}
		};
		return { asked, fetchPage, answerAllBackwards, maxOutstanding: () => maxOutstanding };
	}

	it.each([true, false])('keeps page order when later pages answer first (metadata: %s), with at most the window outstanding', async (metadata) => {
		const server = heldServer(95, metadata);
		const collecting = collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100, concurrency: 3 }), undefined);
		await server.answerAllBackwards();
		expect(await collecting).toEqual(Array.from({ length: 95 }, (_, i) => i));
		expect(server.maxOutstanding()).toBe(3);
		expect(server.asked[0]).toBe(0);
		// With metadata, never past the last page; without, at most the window past the short page.
		expect(Math.max(...server.asked)).toBe(metadata ? 9 : 9 + 2);
	});

	it('with a limit, asks only for pages that could be needed to reach it', async () => {
		const server = heldServer(1000, true);
		const collecting = collectItems(pageNumberPages(server.fetchPage, { firstPage: 0, pageSize: 10, maxPages: 100, concurrency: 8, limit: 35 }), 35);
		await server.answerAllBackwards();
		expect(await collecting).toHaveLength(35);
		expect([...server.asked].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
	});
});
