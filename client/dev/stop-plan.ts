import type { Logger } from '../../config/logger';
import { withTimeout } from '../webhooks/with-timeout';

/**
 * The order `dev` stops in: first its services (workers, webhook receiver, metrics, sandbox), which
 * still need the servers; then its clients of the servers (Temporal connections, the database pool);
 * then the servers (Temporal, PostgreSQL).
 */
export const STOP_PHASES = ['services', 'clients', 'servers'] as const;
export type StopPhase = (typeof STOP_PHASES)[number];

/** Bounds per phase, in ms; their sum stays below DEV_STOP_GRACE_MS (20 s). */
export const STOP_PHASE_BOUNDS_MS: Readonly<Record<StopPhase, number>> = {
  services: 7_000,
  clients: 2_000,
  servers: 9_000,
};

interface StopStep {
  readonly phase: StopPhase;
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

/**
 * What to stop, added as things start (a startup cut short stops only what had started). Steps of
 * a phase run at once, each bounded by its phase's bound: a step that hangs (a worker waiting on a
 * server that is gone) costs that bound, never the whole stop.
 */
export class StopPlan {
  private readonly steps: StopStep[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly boundsMs: Readonly<Record<StopPhase, number>> = STOP_PHASE_BOUNDS_MS,
  ) {}

  add(phase: StopPhase, name: string, run: () => Promise<unknown>): void {
    this.steps.push({ phase, name, run });
  }

  async run(): Promise<void> {
    for (const phase of STOP_PHASES) {
      const steps = this.steps.filter((step) => step.phase === phase);
      await Promise.all(steps.map((step) => this.runStep(step)));
    }
    this.steps.length = 0;
  }

  private async runStep(step: StopStep): Promise<void> {
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(step.run), this.boundsMs[step.phase], `stopping ${step.name}`);
      this.logger.info({ step: step.name, ms: Date.now() - started }, 'stopped');
    } catch (err) {
      this.logger.error({ err, step: step.name }, 'stopping failed');
    }
  }
}
