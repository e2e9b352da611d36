// Loaded into the measured n8n process with NODE_OPTIONS=--require: records its peak RSS at exit.
const fs = require('node:fs');
if (process.env.BENCH_RSS_FILE && process.argv.includes('execute')) {
	process.on('exit', () => {
		fs.writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
	});
}
