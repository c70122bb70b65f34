"""The dashboard's stylesheet and script, inlined into every page.

Inlined rather than served as files: each page is then one self-contained response that works
offline and cannot mix versions of page and script after an upgrade. Both are small.

The script knows nothing about zoomstack. It does three things, driven by data attributes the
pages render:

- `data-post` on a button or form: POST a JSON body (`data-body` merged with the form's fields;
  dotted field names nest, `data-type="number"` converts) to a control-API URL, show the answer
  in `#flash`, then refresh. `data-confirm` asks first. `data-method="DELETE"` sends a DELETE
  without a body to that URL instead.
- `data-live` regions: re-fetch the page's own URL and swap those regions in place, every
  `data-refresh` milliseconds (body attribute) and after each action. The server renders (and
  escapes) everything; the script never builds markup from data.
- `data-reveal` buttons show or hide a masked secret; `#clock-now` ticks between refreshes.
"""

from __future__ import annotations

CSS = """
:root{--fg:#1b1b1f;--muted:#62636c;--bg:#fff;--panel:#f5f6f8;--line:#dfe1e6;--accent:#0b5cff;
--ok:#137333;--ok-bg:#e6f4ea;--warn:#8a5a00;--warn-bg:#fff4d6;--bad:#b3261e;--bad-bg:#fce8e6}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6ea;--muted:#a0a2ab;--bg:#17181c;
--panel:#202228;--line:#33363f;--accent:#6f9dff;--ok:#81c995;--ok-bg:#1e3325;--warn:#fdd663;
--warn-bg:#3a3220;--bad:#f28b82;--bad-bg:#3c2220}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);
background:var(--bg)}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;padding:.6rem 1.2rem;
border-bottom:1px solid var(--line);background:var(--panel)}
header .brand{font-weight:700;color:var(--fg);text-decoration:none}
nav{display:flex;flex-wrap:wrap;gap:.2rem}
nav a{padding:.25rem .6rem;border-radius:6px;color:var(--fg);text-decoration:none}
nav a:hover{background:var(--line)}
nav a[aria-current=page]{background:var(--accent);color:#fff}
header .tools{margin-left:auto;display:flex;gap:.8rem;align-items:center;color:var(--muted);
font-size:12px}
main{padding:1rem 1.2rem 3rem;max-width:90rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}
h2{font-size:1.05rem;margin:1.6rem 0 .5rem}
h3{font-size:.95rem;margin:1rem 0 .4rem}
a{color:var(--accent)}
code{font:12.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
background:var(--panel);padding:.05rem .3rem;border-radius:4px;overflow-wrap:break-word}
code.long{overflow-wrap:anywhere}
time,td.num{white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.3rem 0 .8rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);
vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;white-space:nowrap}
tbody tr:hover{background:var(--panel)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem}
.card{border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;background:var(--bg)}
.card h2{margin-top:0}
.kv{width:auto}.kv th{padding-right:1.2rem}.kv td,.kv th{border:0;padding:.15rem .5rem .15rem 0}
.stats{display:flex;flex-wrap:wrap;gap:.6rem}
.stat{border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem;min-width:7rem}
.stat b{display:block;font-size:1.4rem;font-variant-numeric:tabular-nums}
.stat span{color:var(--muted);font-size:12px}
.clock{font:600 1.5rem/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
margin:.2rem 0 .6rem}
.badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:12px;
background:var(--panel);color:var(--muted);border:1px solid var(--line);white-space:nowrap}
.badge.ok{background:var(--ok-bg);color:var(--ok);border-color:transparent}
.badge.warn{background:var(--warn-bg);color:var(--warn);border-color:transparent}
.badge.bad{background:var(--bad-bg);color:var(--bad);border-color:transparent}
.muted{color:var(--muted)}
.row{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.3rem 0}
form.inline{display:inline-flex;flex-wrap:wrap;gap:.3rem;align-items:center;margin:0}
button{font:inherit;font-size:13px;padding:.2rem .65rem;border-radius:6px;cursor:pointer;
border:1px solid var(--line);background:var(--bg);color:var(--fg)}
button:hover{border-color:var(--accent)}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.danger{color:var(--bad);border-color:var(--bad)}
button:disabled{opacity:.5;cursor:wait}
a.button{font-size:13px;padding:.2rem .65rem;border-radius:6px;border:1px solid var(--line);
text-decoration:none;display:inline-block}
a.button:hover{border-color:var(--accent)}
td .row{margin:0;flex-wrap:nowrap}
input,select{font:inherit;font-size:13px;padding:.2rem .4rem;border-radius:6px;
border:1px solid var(--line);background:var(--bg);color:var(--fg)}
input[type=text],input[type=search]{min-width:12rem}
input[type=text][size]{min-width:0}
label{color:var(--muted);font-size:12px}
details>summary{cursor:pointer;color:var(--accent)}
details table{margin-left:1rem;width:calc(100% - 1rem)}
.flash{position:fixed;right:1rem;bottom:1rem;max-width:36rem;padding:.6rem .9rem;
border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.2);background:var(--panel)}
.flash:empty{display:none}
.flash.ok{background:var(--ok-bg);color:var(--ok)}
.flash.bad{background:var(--bad-bg);color:var(--bad)}
.secret .value{display:none}.secret.shown .value{display:inline}.secret.shown .masked{display:none}
.empty{color:var(--muted);font-style:italic;padding:.4rem 0}
pre{background:var(--panel);padding:.5rem;border-radius:6px;overflow:auto;max-height:14rem;
font-size:12px;white-space:pre-wrap;word-break:break-all}
"""

JS = r"""
(function () {
  'use strict';
  var body = document.body;
  var flash = document.getElementById('flash');
  var auto = document.getElementById('auto-refresh');
  var stamp = document.getElementById('refreshed');
  var busy = false;

  function say(text, ok) {
    flash.textContent = text;
    flash.className = 'flash ' + (ok ? 'ok' : 'bad');
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { flash.textContent = ''; }, ok ? 4000 : 12000);
  }

  function setPath(obj, path, value) {
    var keys = path.split('.');
    var o = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (typeof o[keys[i]] !== 'object' || o[keys[i]] === null) { o[keys[i]] = {}; }
      o = o[keys[i]];
    }
    o[keys[keys.length - 1]] = value;
  }

  function payload(el, submitter) {
    var out = JSON.parse(el.getAttribute('data-body') || '{}');
    if (el.tagName === 'FORM') {
      for (var i = 0; i < el.elements.length; i++) {
        var f = el.elements[i];
        if (!f.name || f.disabled) { continue; }
        var v = f.type === 'checkbox' ? f.checked : f.value.trim();
        if (v === '') { continue; }
        if (f.getAttribute('data-type') === 'number') {
          v = Number(v);
          if (isNaN(v)) { throw new Error(f.name + ' must be a number'); }
        }
        setPath(out, f.name, v);
      }
    }
    if (submitter && submitter.getAttribute('data-body')) {
      var extra = JSON.parse(submitter.getAttribute('data-body'));
      for (var k in extra) { out[k] = extra[k]; }
    }
    return out;
  }

  function describe(status, data, text) {
    if (status < 400) {
      return data && data.now ? 'clock ' + data.now : 'done (HTTP ' + status + ')';
    }
    if (data && data.message) { return 'HTTP ' + status + ': ' + data.message; }
    return 'HTTP ' + status + (text ? ': ' + text.slice(0, 200) : '');
  }

  async function act(el, submitter) {
    var question = (submitter && submitter.getAttribute('data-confirm')) ||
      el.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { return; }
    var label = (submitter || el).getAttribute('data-label') ||
      (submitter || el).textContent.trim() || 'Action';
    var method = (el.getAttribute('data-method') || 'POST').toUpperCase();
    var init = {method: method, headers: {'accept': 'application/json'}};
    // The control API's DELETEs take no body.
    if (method !== 'DELETE') {
      try { init.body = JSON.stringify(payload(el, submitter)); }
      catch (e) { say(label + ': ' + e.message, false); return; }
      init.headers['content-type'] = 'application/json';
    }
    var button = submitter || el;
    button.disabled = true;
    busy = true;
    try {
      var r = await fetch(el.getAttribute('data-post'), init);
      var text = await r.text();
      var parsed = null;
      try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
      say(label + ': ' + describe(r.status, parsed, text), r.ok);
      if (r.ok && el.tagName === 'FORM' && el.hasAttribute('data-reset')) { el.reset(); }
      body.setAttribute('data-last-status', String(r.status));
    } catch (e) {
      say(label + ': ' + e.message, false);
    } finally {
      button.disabled = false;
      busy = false;
    }
    await refresh();
  }

  document.addEventListener('click', function (ev) {
    var reveal = ev.target.closest('[data-reveal]');
    if (reveal) {
      var box = document.getElementById(reveal.getAttribute('data-reveal'));
      if (box) {
        box.classList.toggle('shown');
        reveal.textContent = box.classList.contains('shown') ? 'Hide' : 'Reveal';
      }
      return;
    }
    var el = ev.target.closest('button[data-post]');
    if (el) { ev.preventDefault(); act(el, null); }
  });

  document.addEventListener('submit', function (ev) {
    var form = ev.target.closest('form[data-post]');
    if (form) { ev.preventDefault(); act(form, ev.submitter || null); }
  });

  function typing() {
    var a = document.activeElement;
    return a && (a.tagName === 'INPUT' || a.tagName === 'SELECT' || a.tagName === 'TEXTAREA');
  }

  async function refresh() {
    var r;
    try { r = await fetch(location.href, {headers: {'accept': 'text/html'}, cache: 'no-store'}); }
    catch (e) { return; }
    if (!r.ok) { return; }
    var fresh = new DOMParser().parseFromString(await r.text(), 'text/html');
    var regions = document.querySelectorAll('[data-live]');
    for (var i = 0; i < regions.length; i++) {
      var old = regions[i];
      var next = fresh.getElementById(old.id);
      if (!next) { continue; }
      // Leave a region alone while someone types in it.
      if (typing() && old.contains(document.activeElement)) { continue; }
      // Keep what the reader opened or typed: expanded details, revealed secrets, text not
      // sent yet (a form that was sent is cleared before the refresh).
      old.querySelectorAll('input[id]').forEach(function (f) {
        if (f.type === 'checkbox' || !f.value) { return; }
        var n = next.querySelector('#' + CSS.escape(f.id));
        if (n && !n.value) { n.value = f.value; }
      });
      old.querySelectorAll('details[open][id]').forEach(function (d) {
        var n = next.querySelector('#' + CSS.escape(d.id));
        if (n) { n.open = true; }
      });
      old.querySelectorAll('.secret.shown[id]').forEach(function (s) {
        var n = next.querySelector('#' + CSS.escape(s.id));
        if (n) {
          n.classList.add('shown');
          var b = next.querySelector('[data-reveal="' + CSS.escape(s.id) + '"]');
          if (b) { b.textContent = 'Hide'; }
        }
      });
      old.replaceWith(document.importNode(next, true));
    }
    var n = Number(body.getAttribute('data-refreshes') || '0') + 1;
    body.setAttribute('data-refreshes', String(n));
    if (stamp) { stamp.textContent = 'updated ' + new Date().toLocaleTimeString(); }
  }

  var every = Number(body.getAttribute('data-refresh') || '0');
  if (every > 0) {
    setInterval(function () {
      if (auto && auto.checked && !document.hidden && !busy) { refresh(); }
    }, every);
  }

  // The virtual clock runs between refreshes unless frozen.
  var seen = new WeakMap();
  setInterval(function () {
    var el = document.getElementById('clock-now');
    if (!el || el.getAttribute('data-frozen') === 'true') { return; }
    if (!seen.has(el)) { seen.set(el, performance.now()); }
    var ms = Number(el.getAttribute('data-now-ms')) + (performance.now() - seen.get(el));
    el.textContent = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }, 1000);
})();
"""
