/**
 * live.js: the status of a report that `analyze --watch` keeps current (docs/design.md section 13). The page loads
 * it as a script (page/live-probe.ts), which works from file:// where fetch does not, and loads it again every two
 * seconds while the report is live; a new `version` makes the page reload.
 */
export const LIVE_STATUS_FILE = 'live.js';

export interface LiveStatus {
  /** Changes with every update of the report. */
  version: string;
  /** Local time of the update, HH:MM:SS. */
  updated: string;
  checkpoints: number;
  /** Watching has ended: this is the last report. */
  final: boolean;
}

export function liveStatusScript(status: LiveStatus): string {
  return `window.weightscaleLive && window.weightscaleLive(${JSON.stringify(status)});\n`;
}

/** The status of a report updated now, holding `checkpoints` checkpoints; `final` once watching has ended. */
export function liveStatus(checkpoints: number, final: boolean, now: Date = new Date()): LiveStatus {
  return { version: `${now.getTime()}-${checkpoints}${final ? '-final' : ''}`, updated: clockTime(now), checkpoints, final };
}

export function clockTime(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
