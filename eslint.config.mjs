// @ts-check
/**
 * Lint: n8n's community rules (`@n8n/eslint-plugin-community-nodes`, recommended: what n8n's
 * scanner applies before it verifies a package) plus eslint-plugin-n8n-nodes-base's community,
 * credentials and nodes sets, with type information for the TypeScript sources.
 * `npm run scan` runs the scanner itself, with its own configuration, on the tarball and sources.
 *
 * test/ and scripts/ (also in `npm run lint`) have a rule set of their own: ESLint's recommended
 * rules (less those TypeScript's compiler does better: undefined names, unused variables,
 * redeclarations), strict equality, const where nothing reassigns, and no focused test (`.only`)
 * left behind. The community rules are for the shipped node only (tests and scripts need process,
 * fs, child_process and timers).
 */
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default [
	{ ignores: ['**/node_modules/**', '**/dist/**', '**/*.js', '**/*.mjs'] },
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'] },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: ['./tsconfig.json'], sourceType: 'module' } },
	},
	{
		// Tests and scripts: none of their rules needs type information (tsc checks them:
		// `npm run typecheck`), so they are parsed without it, which takes seconds, not a minute.
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		languageOptions: { parserOptions: { project: false } },
		rules: {
			...js.configs.recommended.rules,
			'no-undef': 'off',
			'no-unused-vars': 'off',
			'no-redeclare': 'off',
			'no-dupe-class-members': 'off',
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			'no-var': 'error',
			// A variable read by a callback before its one assignment (a stop handler) stays `let`.
			'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
			'no-restricted-properties': [
				'error',
				...['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'A focused test skips the rest of the suite.' })),
			],
		},
	},
	{
		// Tests say what they do through jest; a console line in a test is a leftover (scripts print).
		files: ['test/**/*.ts'],
		rules: { 'no-console': 'warn' },
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
