/** What every command gets: the output, and a client of the API with the caller's token. */
import { resolveConnection, type GlobalOptions } from './config';
import { CliError, EXIT } from './errors';
import { createApiClient, type ApiClient } from './http';
import { createOutput, type Output } from './output';

export interface CommandContext {
  out: Output;
  globals: GlobalOptions;
  /** A client of the API; refuses to go on without a token. */
  api(): ApiClient;
}

export function createCommandContext(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const out = createOutput({ json: Boolean(globals.json) });
  let client: ApiClient | undefined;
  return {
    out,
    globals,
    api() {
      if (client) return client;
      const connection = resolveConnection(globals, env);
      if (!connection.token) {
        throw new CliError(EXIT.notAllowed, '未登錄 not signed in: run "campaign login", or pass --token or CAMPAIGN_TOKEN');
      }
      client = createApiClient({ baseUrl: connection.apiUrl, token: connection.token });
      return client;
    },
  };
}
