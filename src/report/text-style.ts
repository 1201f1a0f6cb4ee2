/** Text settings shared by canvas drawings and chart.js charts (PNG and page). Pure, browser-safe. */

export const FONT = 'DejaVu Sans, sans-serif';
export const TEXT_COLOR = '#222222';

/** `text` shortened with an ellipsis to at most `maxChars` characters. */
export function truncateLabel(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}
