/** Every chaos scenario, in the order the suite runs them (the cheap ones first; those sharing a service together). */
import type { Scenario } from './scenario';
import { authorizationMatrix } from './scenarios/authorization-matrix';
import { backupRestore } from './scenarios/backup-restore';
import { decisionRaces } from './scenarios/decision-races';
import { flood } from './scenarios/flood';
import { fuzz } from './scenarios/fuzz';
import { ledgerTamper } from './scenarios/ledger-tamper';
import { pgOutage } from './scenarios/pg-outage';
import { temporalRestart } from './scenarios/temporal-restart';
import { workerKill } from './scenarios/worker-kill';

export const SCENARIOS: Scenario[] = [ledgerTamper, decisionRaces, authorizationMatrix, fuzz, flood, workerKill, temporalRestart, pgOutage, backupRestore];
