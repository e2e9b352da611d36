/**
 * The user groups typed in "User Groups": names separated by commas, each
 * trimmed, empty ones dropped. The action node and the trigger both read the
 * field with this, so "Support, Sales" watches the same groups it lists.
 */
export function parseUserGroups(text: string): string[] {
	return text
		.split(',')
		.map((group) => group.trim())
		.filter(Boolean);
}
