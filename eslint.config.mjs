// @ts-check
/**
 * Lint: n8n's community rules (`@n8n/eslint-plugin-community-nodes`, recommended: what n8n's
 * scanner applies before it verifies a package) plus eslint-plugin-n8n-nodes-base's community,
 * credentials and nodes sets, with type information for the TypeScript sources.
 * `npm run scan` runs the scanner itself, with its own configuration, on the tarball and sources.
 */
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default [
	{ ignores: ['**/node_modules/**', '**/dist/**', '**/*.js', '**/*.mjs'] },
	n8nCommunityNodesPlugin.configs.recommended,
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: ['./tsconfig.json'], sourceType: 'module' } },
	},
	{
		// The tests are outside the build's tsconfig.json; tsconfig.test.json includes them, so
		// `npx eslint test` parses them. test/ is not in `npm run lint`: the community rules above are
		// for the shipped node (no process, fs, child_process, setTimeout...), which tests need.
		files: ['test/**/*.ts'],
		languageOptions: { parserOptions: { project: './tsconfig.test.json' } },
	},
	{
		// package.json is not part of the TypeScript build (it would land in dist/), so no type info.
		files: ['package.json'],
		languageOptions: { parser: tsParser },
		rules: {
			...n8nNodesBase.configs.community.rules,
			'n8n-nodes-base/community-package-json-name-still-default': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-missing': 'off',
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-execute-block-missing-continue-on-fail': 'off',
			'n8n-nodes-base/node-resource-description-filename-against-convention': 'off',
			'n8n-nodes-base/node-param-fixed-collection-type-unsorted-items': 'off',
			// As n8n's scanner: inputs and outputs are NodeConnectionTypes.Main, not the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
