import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A field that is required when the options field `control` has one of `values`.
 *
 * When `control` holds an expression (an AI tool's `$fromAI()` too), n8n shows every field whose
 * `show` names `control`, and reports each required one as missing: a warning on the node, and a
 * workflow n8n refuses to run. So the field comes twice under one name: required while `control`
 * is exactly one of `values` (said with `hide` alone, which n8n evaluates on expressions too), and
 * optional while `control` holds an expression. The node checks it at run time, naming the field,
 * when the expression gives one of `values`.
 */
export function requiredWhen(field: INodeProperties, control: string, values: string[]): INodeProperties[] {
	const optional: INodeProperties = { ...field };
	delete optional.required;
	const notOneOf = `^(?!(?:${values.map(escapeRegex).join('|')})$)`;
	return [
		{ ...field, required: true, displayOptions: { hide: { [control]: [{ _cnd: { regex: notOneOf } }] } } },
		{ ...optional, displayOptions: { show: { [control]: [{ _cnd: { regex: '^=' } }] } } },
	];
}

/**
 * n8n's `updateDisplayOptions`, with the operation's conditions checked before the field's own:
 * n8n stops at the first condition on a field holding an expression and shows the field, so a
 * field of another operation would show too when its own condition came first.
 */
export function forOperation(displayOptions: IDisplayOptions, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			show: { ...displayOptions.show, ...property.displayOptions?.show },
			...(property.displayOptions?.hide || displayOptions.hide ? { hide: { ...displayOptions.hide, ...property.displayOptions?.hide } } : {}),
		},
	}));
}
