// Module state in the node package lives as long as the n8n process: the account limiters
// (nodes/shared/transport/accountLimiters.ts) are shared by every execution. Each test starts as
// a freshly started n8n would; a test may still run several executions against one account.
import { forgetAccountLimiters } from '../nodes/shared/transport/accountLimiters';

beforeEach(() => forgetAccountLimiters());
