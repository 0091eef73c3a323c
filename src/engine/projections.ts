/**
 * Report projections. Interim: every report is recomputed from the state.
 */
import type { Conversation, DomainState } from '../domain/model.js';
import { recompute } from '../domain/recompute.js';
import type { Report, ReportKind } from '../domain/reports.js';
import type { ReportQuery } from '../domain/window.js';

export class Projections {
  constructor(private readonly state: DomainState) {}

  retract(_conversation: Conversation): void {}

  add(_conversation: Conversation): void {}

  /** Builds every projection from the current state (after a snapshot import). */
  rebuild(): void {}

  report(kind: ReportKind, query: ReportQuery): Report {
    return recompute(this.state, kind, query);
  }
}
