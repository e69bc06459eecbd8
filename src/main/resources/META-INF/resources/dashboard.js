// Cutover dashboard: polls the admin API (services every second, charts every two), follows the
// running release's step log over SSE, and drives releases. The session is an HttpOnly cookie
// (POST /api/v1/session): this script never holds the token after login, and never puts it in a URL.
'use strict';
(() => {
  // Every release event type (io.cutover.release.ReleaseEventType; DashboardAssetsTest keeps them
  // in step): EventSource hands a named event only to a listener of that name.
  const EVENT_TYPES = [
    'release.started', 'release.waiting', 'release.paused', 'release.resumed', 'release.live',
    'release.failed', 'release.rolled_back', 'release.aborted', 'release.restored',
    'image.pulling', 'image.pulled', 'release_command.passed', 'release_command.failed',
    'instances.started', 'instances.healthy', 'instances.stopped', 'instances.restored',
    'instances.restore_failed', 'drain.finished', 'traffic.shifted', 'traffic.shared',
    'traffic.switched', 'traffic.reverted', 'bake.started', 'bake.passed', 'bake.failed',
    'analysis.passed', 'analysis.failed', 'analysis.inconclusive', 'rollback.recorded',
    'notification.delivered', 'notification.failed', 'notification.dropped'];
  const CLOSING = new Set(['release.live', 'release.failed', 'release.rolled_back', 'release.aborted']);
  const STRATEGIES = ['canary', 'bluegreen', 'rolling', 'immediate'];
  // A version keeps its colour while the card lives (the first seen blue, the next orange, ...),
  // so a canary that becomes the stable version does not change colour on the charts.
  const PALETTE = ['#2563eb', '#ea580c', '#7c3aed', '#0d9488', '#db2777', '#65a30d'];
  const WINDOW_MS = 5 * 60 * 1000;
  const CHARTS = [
    { key: 'requestsPerSecond', title: 'Requests/s', format: (v) => v.toFixed(1) },
    { key: 'errorRate', title: 'Error rate', format: (v) => (v * 100).toFixed(2) + '%' },
    { key: 'p99Millis', title: 'p99', format: (v) => (v < 10 ? v.toFixed(1) : Math.round(v)) + ' ms' },
  ];

  const $ = (selector, root = document) => root.querySelector(selector);
  const cards = new Map(); // service name -> its card's parts
  const history = { next: null, pages: [] }; // pages: cursors of the pages after the first
  let running = false;

  // Builds an element; children are nodes or text (never parsed as HTML).
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (value !== undefined && value !== null) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  class Unauthorized extends Error {}

  async function api(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (method !== 'GET') {
      // JSON on every call that changes something: the admin port refuses anything else from a page.
      init.headers['Content-Type'] = 'application/json';
      if (body !== undefined) init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (response.status === 401) {
      showLogin('Your session has ended: log in again.');
      throw new Unauthorized();
    }
    if (!response.ok) throw new Error((data && data.detail) || response.status + ' ' + response.statusText);
    return data;
  }

  function say(text, kind = 'error') {
    const box = $('#message');
    box.textContent = text;
    box.className = 'message ' + kind;
    box.hidden = !text;
  }

  function failed(error) {
    if (!(error instanceof Unauthorized)) say(error.message);
  }

  // ---- login ----

  function showLogin(reason) {
    running = false;
    for (const card of cards.values()) closeStream(card);
    cards.clear();
    $('#services').replaceChildren();
    $('#app').hidden = true;
    $('#logout').hidden = true;
    $('#login').hidden = false;
    $('#login-error').textContent = reason || '';
    $('#status-line').textContent = '';
    $('#token').focus();
  }

  async function login(event) {
    event.preventDefault();
    const input = $('#token');
    const response = await fetch('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token: input.value.trim() }),
    });
    input.value = '';
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      $('#login-error').textContent = problem.detail || 'Login failed (' + response.status + ')';
      return;
    }
    start();
  }

  async function logout() {
    await fetch('/api/v1/session', { method: 'DELETE', headers: { 'Content-Type': 'application/json' } });
    showLogin('Logged out.');
  }

  function start() {
    $('#login').hidden = true;
    $('#app').hidden = false;
    $('#logout').hidden = false;
    say('');
    running = true;
    every(1000, refreshServices);
    every(2000, refreshTraffic);
    every(5000, () => (history.pages.length === 0 ? loadHistory() : Promise.resolve()));
  }

  // Runs task now and then again period ms after each run ends, so slow answers never pile up.
  function every(period, task) {
    const tick = async () => {
      if (!running) return;
      try {
        await task();
      } catch (error) {
        failed(error);
      }
      if (running) setTimeout(tick, period);
    };
    tick();
  }

  // ---- services ----

  async function refreshServices() {
    const page = await api('GET', '/api/v1/services');
    const names = new Set(page.items.map((s) => s.name));
    for (const [name, card] of cards) {
      if (!names.has(name)) {
        closeStream(card);
        card.root.remove();
        cards.delete(name);
      }
    }
    for (const service of page.items) {
      const card = cards.get(service.name) || createCard(service);
      await updateCard(card, service);
    }
    fillServiceFilter(page.items.map((s) => s.name));
    $('#status-line').textContent =
      page.items.length + (page.items.length === 1 ? ' service' : ' services') +
      ' · updated ' + clock(new Date());
  }

  function createCard(service) {
    const parts = { name: service.name, colors: new Map() };
    parts.live = el('span', { class: 'badge live', 'data-live-version': '' });
    parts.release = el('span', { class: 'muted', 'data-running-release': '' });
    parts.split = el('div', { class: 'split', 'data-split': '' });
    parts.charts = CHARTS.map((chart) => {
      const svg = svgNode('svg', { viewBox: '0 0 300 70', preserveAspectRatio: 'none', 'data-chart': chart.key });
      const max = el('span');
      const now = el('div', { class: 'now' });
      const axis = el('div', { class: 'axis' }, el('span', {}, '−5 min'), el('span', {}, 'now'));
      const box = el('div', { class: 'chart' }, el('div', { class: 'title' }, el('span', {}, chart.title), max), svg, axis, now);
      return { ...chart, svg, max, now, box };
    });
    parts.instances = el('tbody');
    parts.stepsTitle = el('h3', {}, 'No release running');
    parts.steps = el('ul', { class: 'steps', 'data-steps': '' });
    parts.buttons = {
      promote: button('Promote', () => control(parts, 'promote')),
      pause: button('Pause', () => control(parts, 'pause'), 'quiet'),
      resume: button('Resume', () => control(parts, 'resume'), 'quiet'),
      abort: button('Abort', () => control(parts, 'abort'), 'danger'),
      rollback: button('Roll back', () => rollback(parts), 'quiet'),
    };
    parts.version = el('input', { name: 'version', placeholder: 'version', size: 8, required: '' });
    parts.strategy = el('select', { name: 'strategy' },
      el('option', { value: '' }, 'service default'), STRATEGIES.map((s) => el('option', { value: s }, s)));
    parts.targets = el('input', { name: 'targets', placeholder: 'targets host:port, …', size: 22 });
    const deploy = el('form', { class: 'deploy', onsubmit: (e) => { e.preventDefault(); deployNew(parts); } },
      el('strong', {}, 'Deploy'), parts.version, parts.strategy, parts.targets,
      el('button', { type: 'submit', 'data-action': 'deploy' }, 'Deploy…'));
    parts.root = el('article', { class: 'panel service', 'data-service': service.name },
      el('div', { class: 'panel-head' }, el('h2', {}, service.name), el('span', { class: 'muted' }, 'live'),
        parts.live, parts.release),
      el('div', { class: 'service-grid' },
        el('div', {},
          el('div', { class: 'muted' }, 'Traffic split'), parts.split,
          el('div', { class: 'charts' }, parts.charts.map((c) => c.box)),
          el('h3', { style: 'margin-top:12px' }, 'Instances'),
          el('table', { class: 'grid' }, el('thead', {}, el('tr', {},
            el('th', {}, 'instance'), el('th', {}, 'version'), el('th', {}, 'address'), el('th', {}, 'health'),
            el('th', { class: 'num' }, 'in flight'), el('th', { class: 'num' }, 'req/s'),
            el('th', { class: 'num' }, 'requests'), el('th', { class: 'num' }, 'errors'))), parts.instances)),
        el('div', {}, parts.stepsTitle, parts.steps,
          el('div', { class: 'actions' }, Object.values(parts.buttons)), deploy)));
    $('#services').append(parts.root);
    cards.set(service.name, parts);
    return parts;
  }

  function button(label, onclick, kind) {
    return el('button', { type: 'button', class: kind || '', 'data-action': label.toLowerCase().replace(' ', ''), onclick }, label + '…');
  }

  async function updateCard(card, service) {
    card.service = service;
    card.live.textContent = service.liveVersion || 'none';
    card.targets.hidden = !(service.config && service.config.driver && service.config.driver.type === 'static');
    card.split.replaceChildren(...service.traffic.filter((t) => t.percent > 0).map((t) =>
      el('div', { style: `width:${t.percent}%;background:${color(card, t.version)}`, 'data-version': t.version,
        'data-percent': t.percent, title: `${t.version} (${t.role}) ${t.percent}%` }, `${t.version} ${t.percent}%`)));
    card.instances.replaceChildren(...service.pools.flatMap((pool) => pool.instances.map((i) =>
      el('tr', { 'data-instance': i.id },
        el('td', {}, el('code', {}, i.id)), el('td', {}, dot(color(card, i.version)), i.version),
        el('td', {}, el('code', {}, i.address)), el('td', {}, el('span', { class: 'badge ' + i.state }, i.state)),
        el('td', { class: 'num' }, String(i.inFlight)), el('td', { class: 'num' }, i.requestsPerSecond.toFixed(1)),
        el('td', { class: 'num' }, String(i.requests)), el('td', { class: 'num' }, String(i.errors))))));
    const release = service.runningReleaseId ? await api('GET', '/api/v1/releases/' + service.runningReleaseId) : null;
    card.running = release;
    card.release.replaceChildren(...(release
      ? ['running ', el('a', { href: '#history', onclick: () => follow(card, release) }, '#' + release.id), ` ${release.version} (${release.strategy}) `,
        el('span', { class: 'badge ' + release.status, 'data-release-status': release.status }, release.status)]
      : []));
    if (release && card.followed !== release.id) follow(card, release);
    const status = release && release.status;
    // Paused at a step takes promote (so does a timed pause, which promote skips); paused by hand
    // takes resume: the release's reason then reads "paused by hand: resume to go on".
    const byHand = status === 'paused' && /^paused by hand/.test(release.reason || '');
    card.buttons.promote.disabled = !(status === 'deploying' || (status === 'paused' && !byHand));
    card.buttons.resume.disabled = !byHand;
    card.buttons.pause.disabled = status !== 'deploying';
    card.buttons.abort.disabled = !release;
    card.buttons.rollback.disabled = !!release || !service.liveReleaseId;
  }

  function color(card, version) {
    if (!card.colors.has(version)) card.colors.set(version, PALETTE[card.colors.size % PALETTE.length]);
    return card.colors.get(version);
  }

  function dot(fill) {
    return el('span', { class: 'legend-dot', style: 'background:' + fill });
  }

  // ---- the running release's steps, live ----

  function follow(card, release) {
    closeStream(card);
    card.followed = release.id;
    card.stepsTitle.textContent = `Release #${release.id}: ${release.version} (${release.strategy})`;
    card.steps.replaceChildren();
    const stream = new EventSource('/api/v1/releases/' + release.id + '/events');
    const onStep = (message) => {
      const step = JSON.parse(message.data);
      card.steps.append(el('li', { 'data-type': step.type, class: CLOSING.has(step.type) ? 'closing' : '' },
        el('time', {}, clock(new Date(step.at))), el('span', { class: 'type' }, step.type),
        el('span', {}, step.message || '')));
      card.steps.scrollTop = card.steps.scrollHeight;
      if (CLOSING.has(step.type)) {
        closeStream(card); // the stream ends here; EventSource would otherwise reconnect
        card.stepsTitle.textContent += ' — ' + step.type.slice('release.'.length);
        if (history.pages.length === 0) loadHistory().catch(failed);
      }
    };
    EVENT_TYPES.forEach((type) => stream.addEventListener(type, onStep));
    card.stream = stream;
  }

  function closeStream(card) {
    if (card.stream) card.stream.close();
    card.stream = null;
  }

  // ---- charts: five minutes of GET /api/v1/services/{s}/traffic, drawn as SVG lines ----

  async function refreshTraffic() {
    for (const card of cards.values()) {
      const traffic = await api('GET', '/api/v1/services/' + encodeURIComponent(card.name) + '/traffic');
      drawCharts(card, traffic.versions);
    }
  }

  function drawCharts(card, versions) {
    const end = Math.max(0, ...versions.map((v) => (v.at.length ? v.at[v.at.length - 1] : 0)));
    for (const chart of card.charts) {
      const top = Math.max(chart.key === 'errorRate' ? 0.01 : 1, ...versions.flatMap((v) => v[chart.key])) * 1.15;
      const lines = versions.map((v) => {
        const points = v.at.map((at, i) => {
          const x = 300 - ((end - at) / WINDOW_MS) * 300;
          const y = 68 - (v[chart.key][i] / top) * 64;
          return x.toFixed(1) + ',' + y.toFixed(1);
        });
        return svgNode('polyline', { points: points.join(' '), fill: 'none', stroke: color(card, v.version),
          'stroke-width': 1.5, 'vector-effect': 'non-scaling-stroke', 'data-version': v.version, 'data-points': v.at.length });
      });
      const grid = svgNode('line', { x1: 0, x2: 300, y1: 68, y2: 68, stroke: '#d1d5db', 'vector-effect': 'non-scaling-stroke' });
      chart.svg.replaceChildren(grid, ...lines);
      chart.max.textContent = 'max ' + chart.format(top / 1.15);
      chart.now.replaceChildren(...versions.map((v) => el('span', {}, dot(color(card, v.version)),
        `${v.version} ${v.at.length ? chart.format(v[chart.key][v.at.length - 1]) : '–'}`)));
    }
  }

  function svgNode(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    return node;
  }

  // ---- actions, each confirmed first ----

  function confirmAction(title, text, danger) {
    const dialog = $('#confirm');
    $('#confirm-title').textContent = title;
    $('#confirm-text').textContent = text;
    $('#confirm-ok').className = danger ? 'danger' : '';
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
  }

  const CONTROL_TEXT = {
    promote: (r) => `Release #${r.id} (${r.version}) goes to its next step, or takes all of the traffic after its last one.`,
    pause: (r) => `Release #${r.id} (${r.version}) stops before its next step; traffic stays as it is until you resume.`,
    resume: (r) => `Release #${r.id} (${r.version}) goes on from where it was paused.`,
    abort: (r) => `Release #${r.id} (${r.version}) stops: traffic goes back to the live version and its new instances stop.`,
  };

  async function control(card, action) {
    const release = card.running;
    if (!release) return;
    const title = `${action[0].toUpperCase()}${action.slice(1)} ${card.name} #${release.id}?`;
    if (!(await confirmAction(title, CONTROL_TEXT[action](release), action === 'abort'))) return;
    const body = action === 'abort' ? { reason: 'aborted from the dashboard' } : undefined;
    await act(() => api('POST', `/api/v1/releases/${release.id}/${action}`, body), `${action}: sent to release #${release.id}`);
  }

  async function rollback(card) {
    const text = `${card.name} goes back from ${card.service.liveVersion} to the release that was live before it, as a new release.`;
    if (!(await confirmAction(`Roll back ${card.name}?`, text, true))) return;
    await act(() => api('POST', `/api/v1/services/${encodeURIComponent(card.name)}/rollback`, {}), `rollback of ${card.name} started`);
  }

  async function deployNew(card) {
    const version = card.version.value.trim();
    const strategy = card.strategy.value;
    const targets = card.targets.hidden ? [] : card.targets.value.split(',').map((t) => t.trim()).filter(Boolean);
    const text = `A new release of ${card.name}: version ${version} with the ${strategy || 'service\'s default'} strategy` +
      (targets.length ? ` on ${targets.join(', ')}` : '') + `, replacing ${card.service.liveVersion || 'nothing'}.`;
    if (!(await confirmAction(`Deploy ${version} to ${card.name}?`, text))) return;
    const body = { version };
    if (strategy) body.strategy = strategy;
    if (targets.length) body.targets = targets;
    if (await act(() => api('POST', `/api/v1/services/${encodeURIComponent(card.name)}/deploys`, body), `deploy of ${version} to ${card.name} started`)) {
      card.version.value = '';
    }
  }

  async function act(call, done) {
    try {
      await call();
      say(done, 'info');
      await refreshServices();
      return true;
    } catch (error) {
      failed(error);
      return false;
    }
  }

  // ---- history: the list calls with their filters and cursor paging ----

  function fillServiceFilter(names) {
    const select = $('#history-filters select[name=service]');
    const known = new Set([...select.options].map((o) => o.value));
    for (const name of names) if (!known.has(name)) select.append(el('option', { value: name }, name));
  }

  async function loadHistory(cursor) {
    const form = new FormData($('#history-filters'));
    const service = form.get('service');
    const query = new URLSearchParams();
    for (const name of ['status', 'strategy', 'version', 'limit']) if (form.get(name)) query.set(name, form.get(name));
    for (const name of ['since', 'until']) if (form.get(name)) query.set(name, new Date(form.get(name)).toISOString());
    if (cursor) query.set('cursor', cursor);
    const path = service ? `/api/v1/services/${encodeURIComponent(service)}/releases` : '/api/v1/releases';
    const page = await api('GET', path + '?' + query);
    $('#history-rows').replaceChildren(...page.items.map((r) => el('tr', { 'data-release': r.id },
      el('td', {}, '#' + r.id), el('td', { class: 'nowrap' }, r.service), el('td', {}, r.version), el('td', {}, r.strategy),
      el('td', {}, el('span', { class: 'badge ' + r.status }, r.status)), el('td', {}, r.trigger),
      el('td', { class: 'nowrap' }, stamp(r.createdAt)), el('td', { class: 'nowrap' }, stamp(r.finishedAt)),
      el('td', { class: 'num' }, String(r.requests ?? '')), el('td', { class: 'num' }, String(r.errors ?? '')),
      el('td', { class: 'reason' }, r.reason || ''))));
    history.next = page.nextCursor;
    $('#history-next').disabled = !page.nextCursor;
    $('#history-first').disabled = !cursor;
  }

  function clock(date) {
    return date.toTimeString().slice(0, 8);
  }

  function stamp(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(d)}`;
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('#login-form').addEventListener('submit', login);
    $('#logout').addEventListener('click', logout);
    $('#history-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      history.pages = [];
      loadHistory().catch(failed);
    });
    $('#history-next').addEventListener('click', () => {
      history.pages.push(history.next);
      loadHistory(history.next).catch(failed);
    });
    $('#history-first').addEventListener('click', () => {
      history.pages = [];
      loadHistory().catch(failed);
    });
    // Asked first, so a page without a session makes no call that answers 401.
    const session = await fetch('/api/v1/session', { headers: { Accept: 'application/json' } }).then((r) => r.json());
    if (session.active) start();
    else showLogin();
  });
})();
