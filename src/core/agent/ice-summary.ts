/** One connection's ICE as this agent saw it, for the send and call reports. */
import { summarizeIce, type IceSideSummary } from '../../shared/ice-candidate.js';
import type { AgentPage } from './agent-page.js';

/** The newest connection of that kind with `peer`, summarized; null if there is none or the page is gone. */
export async function iceSummaryOf(page: AgentPage, connection: 'data' | 'media', peer: string): Promise<IceSideSummary | null> {
  const reports = await page.iceReports().catch(() => []);
  const report = reports.filter((r) => r.connection === connection && r.peer === peer).at(-1);
  return report ? summarizeIce(report) : null;
}
