import { baseUrl, requests, useEchoServer } from './harness-echo-server';
import { HarnessTestNode, TYPE, TestApi, TestApiWithRequestTest } from './harness-test-node';
import { callListSearch, callLoadOptions, testCredential } from './index';

useEchoServer();

describe('node methods', () => {
	it('listSearch gets credentials, current parameters, authenticated requests and pagination', async () => {
		const opts = {
			credentialTypes: [new TestApi()],
			credentials: { testApi: { accessToken: 'tok-ls', baseUrl: baseUrl() } },
			parameters: { text: 'hello' }, // modelPrefix comes from the property default ('org/')
			typeName: TYPE,
		};
		const page1 = await callListSearch(new HarnessTestNode(), 'searchModels', { ...opts, filter: 'model' });
		expect(page1.results.map((r) => r.value)).toEqual(['org/model-0', 'org/model-1']);
		expect(page1.results[0].description).toBe('Bearer tok-ls');
		expect(page1.paginationToken).toBe('1');
		const page3 = await callListSearch(new HarnessTestNode(), 'searchModels', {
			...opts,
			filter: 'model',
			paginationToken: '2',
		});
		expect(page3.results.map((r) => r.value)).toEqual(['org/model-4']);
		expect(page3.paginationToken).toBeUndefined();
		expect(requests[0].url).toBe('/models?filter=org%2Fmodel&page=0&client=harness-bearer');
		expect(requests.every((r) => r.headers.authorization === 'Bearer tok-ls')).toBe(true);
	});

	it('loadOptions resolves getNodeParameter through the temp node', async () => {
		const options = await callLoadOptions(new HarnessTestNode(), 'getModels', {
			credentialTypes: [new TestApi()],
			credentials: { testApi: { accessToken: 'tok-lo', baseUrl: baseUrl() } },
			parameters: { text: 'model-3' },
			typeName: TYPE,
		});
		expect(options).toEqual([{ name: 'Model 3', value: 'org/model-3' }]);
		expect(requests[0].headers.authorization).toBe('Bearer tok-lo');
	});

	it('testCredential runs the node credentialTest named by testedBy', async () => {
		const ok = await testCredential(new HarnessTestNode(), new TestApi(), {
			accessToken: 'good-token',
			baseUrl: baseUrl(),
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(requests[0].headers.authorization).toBe('Bearer good-token');

		const bad = await testCredential(new HarnessTestNode(), new TestApi(), {
			accessToken: 'nope',
			baseUrl: baseUrl(),
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/^Rejected: .*401/);
	});

	it("testCredential runs a credential's own declarative test request", async () => {
		const ok = await testCredential(new HarnessTestNode(), new TestApiWithRequestTest(), {
			accessToken: 'good-token',
			baseUrl: baseUrl(),
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		const bad = await testCredential(new HarnessTestNode(), new TestApiWithRequestTest(), {
			accessToken: 'nope',
			baseUrl: baseUrl(),
		});
		expect(bad).toEqual({ status: 'Error', message: 'Token rejected' });
		// n8n-core's httpRequestWithAuthentication retries once on 401 (after preAuthentication)
		expect(requests.map((r) => r.headers.authorization)).toEqual([
			'Bearer good-token',
			'Bearer nope',
			'Bearer nope',
		]);
	});
});
