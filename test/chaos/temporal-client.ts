/** A Temporal client for the suite's own checks (counts of failed workflows, histories). */
import { Client, Connection } from '@temporalio/client';
import type { Scope } from './stack';

export async function temporalClient(scope: Scope, address: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  scope.defer(() => connection.close());
  return new Client({ connection });
}

/** Workflows that ended badly: failed, terminated or timed out. */
export async function badlyEnded(client: Client): Promise<number> {
  const { count } = await client.workflow.count("ExecutionStatus = 'Failed' OR ExecutionStatus = 'Terminated' OR ExecutionStatus = 'TimedOut'");
  return count;
}
