// The report's chart: per scenario, a horizontal bar of median time per runner
// (the longest bar of a scenario is its slowest runner), as a standalone SVG.

const COLORS = { node: '#1f6feb', stock: '#d29922', stockCred: '#e3b341', inCold: '#8250df', inWarm: '#a371f7', rawCold: '#1a7f37', rawWarm: '#2da44e', rawFresh: '#4ac26b', nodeSerial: '#79c0ff', rawParallel: '#116329' };
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function chart(results) {
	const rowHeight = 17;
	const barX = 230;
	const barWidth = 430;
	let y = 34;
	const parts = ['<text x="10" y="20" font-size="15" font-weight="bold">Median time per runner (ms; bars scaled per scenario)</text>'];
	for (const { scenario, summary, runs } of results) {
		const entries = Object.entries(summary).filter(([key]) => key in COLORS);
		const max = Math.max(...entries.map(([, result]) => result.ms));
		parts.push(`<text x="10" y="${y + 12}" font-size="12" font-weight="bold">${escape(scenario.title)}, median of ${runs} run${runs === 1 ? '' : 's'}</text>`);
		y += rowHeight + 2;
		for (const [key, result] of entries) {
			const width = Math.max(1, (result.ms / max) * barWidth);
			parts.push(`<text x="14" y="${y + 11}" font-size="11">${escape(result.label)}</text>`);
			parts.push(`<rect x="${barX}" y="${y + 2}" width="${width.toFixed(1)}" height="11" fill="${COLORS[key]}"/>`);
			parts.push(`<text x="${(barX + width + 5).toFixed(1)}" y="${y + 11}" font-size="11">${Math.round(result.ms).toLocaleString('en')}</text>`);
			y += rowHeight;
		}
		y += 10;
	}
	const height = y + 6;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}" viewBox="0 0 760 ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`;
}
