import type { INodeType } from 'n8n-workflow';

import { getNodeType } from '../../harness/nodeTypes';
import { describedPaths, tablePaths } from './vendorTable';

describe('docs/vendor-coverage.md: each vendor table matches its node', () => {
	it.each([
		['kolmisoftDevices', 'Kolmisoft Devices'],
		['genesysDevices', 'Genesys Devices'],
	])('%s: the table names every operation and parameter the node has, and nothing it has not', (type, section) => {
		const described = describedPaths(getNodeType(type) as INodeType);
		const table = tablePaths(section);
		expect([...table].filter((name) => !described.has(name))).toEqual([]);
		expect([...described].filter((name) => !table.has(name))).toEqual([]);
	});
});
