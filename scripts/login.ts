/**
 * `npm run login`: the owner's sign-in of `npm start`'s n8n (its random password is made on the
 * first start and kept in the n8n home, mode 600: scripts/owner-login.ts).
 */
import { startHome } from './offline-account';
import { readOwnerLogin } from './owner-login';
import { runningStart } from './start-state';

const home = startHome();
const login = readOwnerLogin(home);
if (!login) {
	process.stdout.write(`no owner yet in ${home}: run \`npm start\` once (it makes one and prints it)\n`);
	process.exit(1);
}
const running = runningStart(home);
process.stdout.write(
	[
		`n8n: ${running ? `${running.url}/home/workflows (running)` : 'not running (npm start)'}`,
		`Sign in as ${login.email} / ${login.password}`,
		`(kept in ${login.file}, mode 600)`,
		'',
	].join('\n'),
);
