'use strict';
// prepublishOnly: the packages are published only by .github/workflows/release.yml, from the
// tarballs CI tested, with npm provenance. A publish from a developer's machine is refused.
if (process.env.GITHUB_ACTIONS !== 'true') {
	console.error('Refusing to publish outside GitHub Actions: push a v<version> tag and let the Release workflow publish (npm provenance).');
	process.exit(1);
}
