/**
 * The page's side of live.js (report/live-status.ts): a small inline script that loads live.js once; when it says
 * the report is live, it shows the badge and loads it again every two seconds, reloading the page when the report
 * was replaced. Without live.js (a report not being watched) it does nothing more.
 */
export const LIVE_BADGE = '<p id="live" class="live" hidden></p>';

export const LIVE_PROBE = `(function () {
  var badge = document.getElementById('live');
  var seen = null, timer = null;
  window.weightscaleLive = function (s) {
    if (seen === null) seen = s.version;
    else if (s.version !== seen) { location.reload(); return; }
    badge.hidden = false;
    badge.className = s.final ? 'live final' : 'live';
    badge.textContent = s.final
      ? 'final: watching ended ' + s.updated + ', ' + s.checkpoints + ' checkpoints'
      : 'live: updated ' + s.updated + ', ' + s.checkpoints + ' checkpoints';
    if (s.final && timer !== null) { clearInterval(timer); timer = null; }
    if (!s.final && timer === null) timer = setInterval(probe, 2000);
  };
  function probe() {
    var el = document.createElement('script');
    el.src = 'live.js?' + Date.now();
    el.onload = el.onerror = function () { el.remove(); };
    document.head.appendChild(el);
  }
  probe();
})();`;
