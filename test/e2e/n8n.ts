/**
 * Drives a real n8n (installed by scripts/install-n8n.sh into a cache folder, run under the
 * Node 24 from that cache) with our package installed the way n8n's community package installer
 * lays it out. Used by the e2e tests and by `npm start`.
 *
 *   const home = await createN8nHome();
 *   await importCredentials(home, [credential]);
 *   const id = await importWorkflow(home, workflow);
 *   const run = await executeWorkflow(home, id);
 *   run.items('Hugging Face Inference')   // items on output 0 of that node
 *
 * Nothing here touches ~/.n8n: every command gets its own N8N_USER_FOLDER and environment.
 */

// The n8n to run (cached install or the user's own): test/e2e/n8n-install.ts
export * from './n8n-install';
// Our package, built, packed and laid out as n8n's community package installer does.
export * from './community-package';
// Homes (N8N_USER_FOLDER) and the environment n8n runs with in them.
export * from './n8n-home';
// Running n8n commands: any command, `n8n execute`, `n8n start`.
export * from './n8n-commands';
// Importing credentials and workflows, listing the node types n8n knows.
export * from './n8n-import-export';
// Reading run data: items per node and output, binary data.
export * from './n8n-run-data';
