// synapse-mcp dashboard: live runs and sessions over Server-Sent Events. No inline script, no eval:
// the page's CSP allows only this file. Values reach the page through textContent, never as markup.
'use strict';
(function () {
  const TERMINAL = ['succeeded', 'failed', 'cancelled', 'lost'];

  function rows(attr, id) {
    return document.querySelectorAll('[' + attr + '="' + CSS.escape(id) + '"]');
  }

  function setStatus(cell, status) {
    cell.textContent = status;
    cell.className = 'status st-' + status;
  }

  function addRow(tbody, r) {
    const tr = document.createElement('tr');
    tr.dataset.run = r.id;
    const cells = [r.id.slice(0, 12), r.plugin, r.mode, r.status, r.message || '', r.agent, '', ''];
    cells.forEach(function (text, i) {
      const td = document.createElement('td');
      if (i === 0) {
        const a = document.createElement('a');
        a.href = '/runs/' + encodeURIComponent(r.id);
        a.textContent = text;
        td.appendChild(a);
      } else {
        td.textContent = text;
      }
      if (i === 3) td.className = 'status st-' + r.status;
      if (i === 4) td.className = 'message';
      tr.appendChild(td);
    });
    tbody.insertBefore(tr, tbody.firstChild);
  }

  function onRuns(list) {
    const tbody = document.querySelector('table[data-live="runs"] tbody');
    const unfiltered = location.search === '';
    for (const r of list) {
      const found = rows('data-run', r.id);
      found.forEach(function (el) {
        const cell = el.querySelector('.status');
        if (cell && cell.textContent !== r.status) setStatus(cell, r.status);
        const msg = el.querySelector('.message, .f-message');
        if (msg) msg.textContent = r.message || '';
        if (TERMINAL.includes(r.status)) {
          el.querySelectorAll('form[action$="/cancel"]').forEach(function (f) { f.remove(); });
        }
      });
      if (tbody && unfiltered && found.length === 0) addRow(tbody, r);
    }
    const detail = document.getElementById('run');
    if (detail) {
      const r = list.find(function (x) { return x.id === detail.dataset.run; });
      if (r && r.status !== detail.dataset.status && TERMINAL.includes(r.status)) location.reload();
    }
  }

  function onSessions(list) {
    for (const s of list) {
      rows('data-session', s.id).forEach(function (el) {
        const dot = el.querySelector('.dot');
        if (dot) {
          dot.className = 'dot dot-' + s.status;
          dot.title = s.status;
        }
      });
    }
  }

  function connect() {
    if (!document.querySelector('header') || typeof EventSource === 'undefined') return;
    const es = new EventSource('/events');
    es.onopen = function () { document.body.dataset.live = 'open'; };
    es.onerror = function () { document.body.dataset.live = 'reconnecting'; };
    es.addEventListener('runs', function (e) { onRuns(JSON.parse(e.data)); });
    es.addEventListener('sessions', function (e) { onSessions(JSON.parse(e.data)); });
  }

  document.addEventListener('DOMContentLoaded', connect);
})();
