import { PACKAGE_NAME } from '../e2e/n8n';
import { DEFAULT_CREDENTIAL_ID, FALLBACK_CREDENTIAL_ID, loadTemplates, withCredentialNames } from '../e2e/templates';

const NAMES = {
	[DEFAULT_CREDENTIAL_ID]: 'Hugging Face — OFFLINE EMULATOR (no HF_TOKEN)',
	[FALLBACK_CREDENTIAL_ID]: 'Hugging Face fallback — OFFLINE EMULATOR (no HF_TOKEN)',
};

test('under npm start every template names the real credential, in its nodes and in its notes', () => {
	let notesRenamed = 0;
	for (const template of Object.values(loadTemplates())) {
		const placeholders = new Set(
			template.nodes.flatMap((node) => Object.values((node.credentials ?? {}) as Record<string, { name: string }>).map((ref) => ref.name)),
		);
		const renamed = withCredentialNames(template, NAMES);
		const text = JSON.stringify(renamed.nodes);
		// A note that named a placeholder now names the credential it stands for.
		const realName = new Map(
			template.nodes.flatMap((node) =>
				Object.values((node.credentials ?? {}) as Record<string, { id: string; name: string }>)
					.filter((ref) => ref.id in NAMES)
					.map((ref) => [ref.name, NAMES[ref.id as keyof typeof NAMES]] as const),
			),
		);
		template.nodes.forEach((node, index) => {
			if (node.type !== 'n8n-nodes-base.stickyNote') return;
			const before = String((node.parameters as { content?: string }).content ?? '');
			const after = String((renamed.nodes[index].parameters as { content?: string }).content ?? '');
			for (const [placeholder, name] of realName) {
				if (placeholder === name || !before.includes(placeholder)) continue;
				notesRenamed++;
				expect({ template: template.name, note: node.name, names: after.includes(name) }).toEqual({ template: template.name, note: node.name, names: true });
			}
		});
		for (const placeholder of placeholders) {
			if (!Object.values(NAMES).includes(placeholder))
				expect({ template: template.name, placeholder, found: text.includes(placeholder) }).toEqual({
					template: template.name,
					placeholder,
					found: false,
				});
		}
		const refs = renamed.nodes.flatMap((node) =>
			Object.values((node.credentials ?? {}) as Record<string, { name: string }>).map((ref) => ref.name),
		);
		// A template without a node of this package (the evaluation's trend page) needs no credential.
		const usesOurNodes = template.nodes.some((node) => String(node.type).startsWith(`${PACKAGE_NAME}.`));
		expect({ template: template.name, refs: refs.length > 0 }).toEqual({ template: template.name, refs: usesOurNodes });
		for (const name of refs) expect(Object.values(NAMES)).toContain(name);
	}
	// Some template's notes do name the credential: the check above ran.
	expect(notesRenamed).toBeGreaterThan(0);
});
