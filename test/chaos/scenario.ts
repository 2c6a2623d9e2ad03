/** What a chaos scenario is: a fault, a bounded run, figures and a pass criterion. */
import type { Service } from './service';
import type { Scope } from './stack';

export interface ScenarioContext {
  quick: boolean;
  /** Everything the scenario starts goes here; the runner closes it, pass, fail or time-out. */
  scope: Scope;
  log(line: string): void;
  /** A service shared by the scenarios that only call it (started on first use, stopped at the end of the suite). */
  shared(): Promise<Service>;
}

export interface ScenarioResult {
  pass: boolean;
  /** The measured figures, one short line. */
  figures: string;
  /** Why it failed, or what the reader should know. */
  notes?: string[];
}

export interface Scenario {
  name: string;
  criterion: string;
  /** The time the scenario may take before it counts as failed. */
  budgetMs(quick: boolean): number;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}
