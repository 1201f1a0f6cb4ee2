/**
 * The shell of every index.html (the report's and the diff's): head with the styles, header, navigation, the
 * sections, then the page data, chart.js and the page script inlined, so the page works from file:// offline.
 * `heading` and `nav` are HTML (their callers escape their texts); every other text is escaped here.
 */
import { escapeHtml } from '../html-escape.js';
import { PAGE_CSS } from '../html-parts.js';
import type { PageData } from './page-data.js';
import { pageScripts } from './page-parts.js';
import { LIVE_BADGE, LIVE_PROBE } from './live-probe.js';

export interface PageShell {
  /** weightscale's version, written as the page's generator. */
  version: string;
  /** The window title. */
  title: string;
  /** Inside <h1>, as HTML. */
  heading: string;
  /** One line under the heading; none when omitted. */
  meta?: string;
  nav: string;
  /** The sections, as HTML. */
  body: string;
  data: PageData;
  /** Show the live badge when the report directory holds a live.js (analyze --watch). */
  live?: boolean;
}

export function pageShell(page: PageShell): string {
  const meta = page.meta === undefined ? '' : `<p class="meta">${escapeHtml(page.meta)}</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="weightscale ${escapeHtml(page.version)}">
<title>${escapeHtml(page.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>${page.heading}</h1>${meta}${page.live ? LIVE_BADGE : ''}</header>
<nav>${page.nav}</nav>
${page.body}
${pageScripts(page.data)}${page.live ? `\n<script>${LIVE_PROBE}</script>` : ''}
</body>
</html>
`;
}
