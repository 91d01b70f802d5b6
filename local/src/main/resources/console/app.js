// The local Step Functions console: state machines, their graph and definition, executions, and an execution's
// graph coloured by outcome with each state's input, output and error. Data comes from /console/api/* on this server.
// Every value from the server is inserted as text (textContent / SVG text nodes), never as HTML.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
  const OUTCOMES = {
    'succeeded': ['Succeeded', '✓'],
    'failed': ['Failed', '✗'],
    'caught': ['Caught', '↪'],
    'retried': ['Retried', '↻'],
    'running': ['Running', '●'],
    'cancelled': ['Cancelled', '⊘'],
    'not-run': ['Not run', '–']
  };
  const main = document.getElementById('main');
  const live = document.getElementById('live');
  let timer = null;
  let generation = 0;

  // ---------------------------------------------------------------------------------------------- DOM helpers

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(el, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function time(ms) {
    if (ms === null || ms === undefined) return '–';
    return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(2) + ' s';
    return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }

  function pretty(text) {
    if (text === null || text === undefined) return '–';
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      return String(text);
    }
  }

  function badge(status) {
    return h('span', {class: 'badge b-' + status.toLowerCase().replace('_', '-')}, status.replace('_', ' '));
  }

  function truncate(text, max) {
    return text.length > max ? text.slice(0, Math.max(1, max - 1)) + '…' : text;
  }

  // ---------------------------------------------------------------------------------------------- data

  async function get(path) {
    const r = await fetch('/console/api/' + path, {headers: {'Accept': 'application/json'}});
    const body = await r.json();
    if (!r.ok) throw new Error((body.__type ? body.__type + ': ' : '') + (body.message || r.status));
    return body;
  }

  async function post(path, payload) {
    const r = await fetch('/console/api/' + path, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(payload)
    });
    const body = await r.json();
    if (!r.ok) throw new Error((body.__type ? body.__type + ': ' : '') + (body.message || r.status));
    if (body.error) throw new Error(body.error.__type + ': ' + body.error.message);
    return body;
  }

  // ---------------------------------------------------------------------------------------------- routing

  function route() {
    generation++;
    if (timer) clearTimeout(timer);
    timer = null;
    live.textContent = '';
    const hash = location.hash || '#/';
    const page = generation;
    let m;
    let work;
    if ((m = hash.match(/^#\/state-machine\/([^?]+)(?:\?(.*))?$/))) {
      const params = new URLSearchParams(m[2] || '');
      work = stateMachinePage(decodeURIComponent(m[1]), params, page);
    } else if ((m = hash.match(/^#\/execution\/(.+)$/))) {
      work = executionPage(decodeURIComponent(m[1]), page);
    } else {
      work = listPage(page);
    }
    work.catch(e => {
      if (page !== generation) return;
      clear(main);
      append(main, [h('p', {class: 'error', role: 'alert'}, String(e.message || e)), h('p', {}, h('a', {href: '#/'}, 'All state machines'))]);
    });
  }

  function show(...children) {
    clear(main);
    append(main, children);
  }

  // ---------------------------------------------------------------------------------------------- state machines

  async function listPage(page) {
    const data = await get('state-machines');
    if (page !== generation) return;
    document.title = 'State machines · Step Functions local console';
    const rows = data.stateMachines.map(sm => h('tr', {},
      h('td', {}, h('a', {href: '#/state-machine/' + encodeURIComponent(sm.arn), class: 'sm-link'}, sm.name)),
      h('td', {}, sm.type === 'EXPRESS' ? 'Express' : 'Standard'),
      h('td', {}, sm.queryLanguage),
      h('td', {class: 'counts'}, counts(sm)),
      h('td', {}, time(sm.creationDate))));
    show(h('h1', {}, 'State machines'),
      h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'state-machines'},
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'Type'),
          h('th', {scope: 'col'}, 'Query language'), h('th', {scope: 'col'}, 'Executions'), h('th', {scope: 'col'}, 'Created'))),
        h('tbody', {}, rows))));
  }

  function counts(sm) {
    const parts = STATUSES.filter(st => sm.executionsByStatus[st] > 0)
      .map(st => h('span', {class: 'count'}, badge(st), ' ', String(sm.executionsByStatus[st])));
    return parts.length ? parts : h('span', {class: 'muted'}, 'none yet');
  }

  async function stateMachinePage(arn, params, page) {
    const status = params.get('status') || '';
    const pageNo = parseInt(params.get('page') || '1', 10) || 1;
    const [sm, list] = await Promise.all([
      get('state-machine?arn=' + encodeURIComponent(arn)),
      get('executions?stateMachineArn=' + encodeURIComponent(arn) + '&status=' + encodeURIComponent(status) + '&page=' + pageNo)
    ]);
    if (page !== generation) return;
    document.title = sm.name + ' · Step Functions local console';
    const graph = drawGraph(sm.graph, null, null);
    const link = (st, p) => '#/state-machine/' + encodeURIComponent(arn) + '?status=' + encodeURIComponent(st) + '&page=' + p;
    const filter = h('select', {id: 'status-filter', 'aria-label': 'Filter executions by status',
      onchange: e => { location.hash = link(e.target.value, 1); }},
      h('option', {value: ''}, 'All statuses'),
      STATUSES.map(st => h('option', {value: st, selected: st === status}, st.replace('_', ' '))));
    const section = executionsSection(arn, list, status, filter, link);
    show(
      h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, h('a', {href: '#/'}, 'State machines'), ' / ', sm.name),
      h('h1', {}, sm.name),
      h('dl', {class: 'meta'},
        h('dt', {}, 'Type'), h('dd', {}, sm.type === 'EXPRESS' ? 'Express' : 'Standard'),
        h('dt', {}, 'Query language'), h('dd', {}, sm.queryLanguage),
        h('dt', {}, 'ARN'), h('dd', {class: 'mono'}, sm.arn),
        h('dt', {}, 'Role'), h('dd', {class: 'mono'}, sm.roleArn),
        h('dt', {}, 'Executions'), h('dd', {class: 'counts'}, counts(sm))),
      h('div', {class: 'two'},
        h('section', {class: 'panel graph-panel', 'aria-labelledby': 'graph-h'},
          h('h2', {id: 'graph-h'}, 'Graph'), edgeLegend(), h('div', {class: 'graph-wrap'}, graph.svg)),
        h('section', {class: 'panel', 'aria-labelledby': 'def-h'},
          h('h2', {id: 'def-h'}, 'Definition'), h('pre', {class: 'code definition', id: 'definition', tabindex: 0}, sm.definition))),
      section.el,
      startForm(sm));
    // While executions run, only the list is refreshed (the form keeps what the user typed).
    const poll = async current => {
      if (page !== generation) return;
      if (!current.running) return;
      const next = await get('executions?stateMachineArn=' + encodeURIComponent(arn) + '&status=' + encodeURIComponent(status) + '&page=' + pageNo);
      if (page !== generation) return;
      const fresh = executionsSection(arn, next, status, filter, link);
      current.el.replaceWith(fresh.el);
      timer = setTimeout(() => poll(fresh).catch(() => {}), 2000);
    };
    if (section.running) timer = setTimeout(() => poll(section).catch(() => {}), 2000);
  }

  function executionsSection(arn, list, status, filter, link) {
    const rows = list.executions.map(x => h('tr', {'data-status': x.status},
      h('td', {}, h('a', {href: '#/execution/' + encodeURIComponent(x.arn), class: 'exec-link'}, x.name)),
      h('td', {}, badge(x.status)),
      h('td', {}, time(x.startDate)),
      h('td', {}, time(x.stopDate)),
      h('td', {class: 'num'}, duration(x.durationMs)),
      h('td', {}, x.status === 'RUNNING' ? stopButton(x.arn, () => route())
        : x.redrivable ? redriveButton(x.arn, () => route()) : null)));
    const pager = h('nav', {class: 'pager', 'aria-label': 'Execution pages'},
      list.page > 1 ? h('a', {href: link(status, list.page - 1), rel: 'prev'}, '← Newer') : h('span', {class: 'muted'}, '← Newer'),
      h('span', {}, 'Page ' + list.page + ' of ' + list.pages + ' (' + list.total + ' executions)'),
      list.page < list.pages ? h('a', {href: link(status, list.page + 1), rel: 'next'}, 'Older →') : h('span', {class: 'muted'}, 'Older →'));
    const el = h('section', {class: 'panel', 'aria-labelledby': 'exec-h', id: 'executions-section'},
        h('div', {class: 'bar'}, h('h2', {id: 'exec-h'}, 'Executions'), h('label', {class: 'filter'}, 'Status ', filter)),
        list.executions.length === 0 ? h('p', {class: 'muted'}, 'No executions' + (status ? ' with status ' + status : '') + '.') :
          h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'executions'},
            h('thead', {}, h('tr', {}, ['Name', 'Status', 'Started', 'Stopped', 'Duration', ''].map(t => h('th', {scope: 'col'}, t)))),
            h('tbody', {}, rows))),
        pager);
    return {el: el, running: list.executions.some(x => x.status === 'RUNNING')};
  }

  function stopButton(arn, after) {
    return h('button', {type: 'button', class: 'danger stop', onclick: async e => {
      e.target.disabled = true;
      try {
        await post('stop-execution', {executionArn: arn});
        after();
      } catch (err) {
        e.target.disabled = false;
        e.target.after(h('span', {class: 'error', role: 'alert'}, ' ' + err.message));
      }
    }}, 'Stop');
  }

  // RedriveExecution: shown while the API would accept it (FAILED, TIMED_OUT or ABORTED, and redriveStatus REDRIVABLE).
  function redriveButton(arn, after) {
    return h('button', {type: 'button', class: 'redrive',
      title: 'Go on from the state that failed; what succeeded is not run again', onclick: async e => {
      e.target.disabled = true;
      try {
        await post('redrive-execution', {executionArn: arn});
        after();
      } catch (err) {
        e.target.disabled = false;
        e.target.after(h('span', {class: 'error', role: 'alert'}, ' ' + err.message));
      }
    }}, 'Redrive');
  }

  function startForm(sm) {
    const name = h('input', {id: 'start-name', name: 'name', type: 'text', autocomplete: 'off', spellcheck: 'false',
      placeholder: 'e.g. evt-level-0002 (empty: a generated name)'});
    const input = h('textarea', {id: 'start-input', name: 'input', rows: 8, spellcheck: 'false'});
    input.value = '{\n  "eventId": "evt-level-0002",\n  "playerId": "player-42",\n  "level": 4,\n  "score": 900,\n' +
      '  "durationMs": 61000,\n  "completedAt": "2026-11-21T11:00:00Z",\n  "gameCompleted": false\n}';
    const error = h('p', {id: 'start-error', class: 'error', role: 'alert'});
    const button = h('button', {type: 'submit', id: 'start-button'}, 'Start execution');
    const form = h('form', {id: 'start-form', novalidate: true, onsubmit: async e => {
      e.preventDefault();
      error.textContent = '';
      try {
        JSON.parse(input.value);
      } catch (err) {
        error.textContent = 'The input is not valid JSON: ' + err.message;
        input.focus();
        return;
      }
      button.disabled = true;
      try {
        const r = await post('start-execution', {stateMachineArn: sm.arn, name: name.value, input: input.value});
        location.hash = '#/execution/' + encodeURIComponent(r.executionArn);
      } catch (err) {
        error.textContent = err.message;
        button.disabled = false;
      }
    }},
      h('label', {for: 'start-name'}, 'Execution name'), name,
      h('label', {for: 'start-input'}, 'Input (JSON)'), input,
      error, button);
    return h('section', {class: 'panel', 'aria-labelledby': 'start-h'}, h('h2', {id: 'start-h'}, 'Start an execution'), form);
  }

  // ---------------------------------------------------------------------------------------------- execution

  async function executionPage(arn, page) {
    let selected = null;
    const refresh = async () => {
      const data = await get('execution?arn=' + encodeURIComponent(arn));
      if (page !== generation) return;
      const focused = document.activeElement && document.activeElement.getAttribute('data-state');
      const scrollY = window.scrollY;
      renderExecution(data, selected, name => { selected = name; });
      if (focused) {
        const again = main.querySelector('[data-state="' + CSS.escape(focused) + '"]');
        if (again) again.focus({preventScroll: true});
      }
      window.scrollTo(0, scrollY);
      if (data.execution.status === 'RUNNING') {
        live.textContent = 'Live: updating every second';
        timer = setTimeout(() => refresh().catch(showError), 1000);
      } else {
        live.textContent = '';
      }
    };
    const showError = e => {
      if (page === generation) show(h('p', {class: 'error', role: 'alert'}, String(e.message || e)));
    };
    await refresh();
  }

  function renderExecution(data, selected, onSelect) {
    const x = data.execution;
    document.title = x.name + ' · Step Functions local console';
    const panel = h('section', {class: 'panel state-panel', id: 'state-panel', 'aria-labelledby': 'state-h', 'aria-live': 'polite'});
    let graph;
    const select = name => {
      onSelect(name);
      graph.select(name);
      renderStatePanel(panel, name, data);
    };
    graph = drawGraph(data.graph, data.states, select);
    const lambdaRows = [];
    for (const [name, st] of Object.entries(data.states)) {
      for (const l of st.lambda || []) lambdaRows.push({state: name, l});
    }
    show(
      h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, h('a', {href: '#/'}, 'State machines'), ' / ',
        h('a', {href: '#/state-machine/' + encodeURIComponent(x.stateMachineArn)}, x.stateMachineName), ' / ', x.name),
      h('div', {class: 'bar'}, h('h1', {}, x.name, ' ', h('span', {id: 'execution-status'}, badge(x.status))),
        x.status === 'RUNNING' ? stopButton(x.arn, () => route())
          : x.redrivable ? redriveButton(x.arn, () => route()) : null),
      h('dl', {class: 'meta'},
        h('dt', {}, 'Started'), h('dd', {}, time(x.startDate)),
        h('dt', {}, 'Stopped'), h('dd', {}, time(x.stopDate)),
        h('dt', {}, 'Duration'), h('dd', {}, duration(x.durationMs)),
        x.redriveCount ? [h('dt', {}, 'Redrives'), h('dd', {id: 'redrive-count'}, String(x.redriveCount))] : null,
        h('dt', {}, 'ARN'), h('dd', {class: 'mono'}, x.arn),
        x.error ? [h('dt', {}, 'Error'), h('dd', {class: 'error', id: 'execution-error'}, x.error)] : null),
      h('div', {class: 'two'},
        h('section', {class: 'panel graph-panel', 'aria-labelledby': 'graph-h'},
          h('h2', {id: 'graph-h'}, 'Graph'), outcomeLegend(),
          h('p', {class: 'hint'}, 'Select a state (click, or Tab then Enter) to see its input, output and errors.'),
          h('div', {class: 'graph-wrap'}, graph.svg)),
        panel),
      h('div', {class: 'two'},
        h('section', {class: 'panel', 'aria-labelledby': 'in-h'}, h('h2', {id: 'in-h'}, 'Execution input'),
          h('pre', {class: 'code', id: 'execution-input', tabindex: 0}, pretty(x.input))),
        h('section', {class: 'panel', 'aria-labelledby': 'out-h'},
          h('h2', {id: 'out-h'}, x.error ? 'Error and cause' : 'Execution output'),
          h('pre', {class: 'code', id: 'execution-output', tabindex: 0},
            x.error ? x.error + '\n' + pretty(x.cause) : pretty(x.output)))),
      lambdaRows.length ? h('section', {class: 'panel', 'aria-labelledby': 'lambda-h'},
        h('h2', {id: 'lambda-h'}, 'Lambda execution environments'),
        h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'lambda'},
          h('thead', {}, h('tr', {}, ['State', 'Function', 'Environment', 'Init', 'Duration', 'Result'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, lambdaRows.map(r => h('tr', {},
            h('td', {}, r.state), h('td', {class: 'mono'}, r.l.function),
            h('td', {}, r.l.cold ? h('span', {class: 'badge b-cold'}, 'cold start') : h('span', {class: 'badge b-warm'}, 'warm')),
            h('td', {class: 'num'}, r.l.cold ? r.l.initMs + ' ms' : '–'), h('td', {class: 'num'}, r.l.durationMs + ' ms'),
            h('td', {}, r.l.succeeded ? 'ok' : 'error'))))))) : null,
      historyTable(data.events));
    if (selected) select(selected);
    else renderStatePanel(panel, null, data);
  }

  function renderStatePanel(panel, name, data) {
    clear(panel);
    if (!name) {
      append(panel, [h('h2', {id: 'state-h'}, 'State'), h('p', {class: 'muted'}, 'No state selected.')]);
      return;
    }
    const st = data.states[name] || {status: 'not-run'};
    const outcome = OUTCOMES[st.status] || [st.status, ''];
    const field = (label, value, id) => [h('dt', {}, label), h('dd', {id: id}, value)];
    append(panel, [
      h('h2', {id: 'state-h'}, name),
      h('dl', {class: 'meta'},
        field('Outcome', h('span', {class: 'outcome o-' + st.status}, outcome[1] + ' ' + outcome[0]), 'state-outcome'),
        st.entered > 1 ? field('Entered', st.entered + ' times') : null,
        st.durationMs !== undefined ? field('Duration', duration(st.durationMs), 'state-duration') : null,
        st.attempts ? field('Attempts', st.attempts + (st.retries ? ' (' + st.retries + ' retried)' : ''), 'state-attempts') : null,
        st.error ? field('Error', h('span', {class: 'error'}, st.error), 'state-error') : null),
      st.cause ? [h('h3', {}, 'Cause'), h('pre', {class: 'code', id: 'state-cause', tabindex: 0}, pretty(st.cause))] : null,
      st.status === 'not-run' ? h('p', {class: 'muted'}, 'This state did not run.') : [
        h('h3', {}, 'Input'), h('pre', {class: 'code', id: 'state-input', tabindex: 0}, pretty(st.input)),
        h('h3', {}, 'Output'), h('pre', {class: 'code', id: 'state-output', tabindex: 0}, st.output === null ? '–' : pretty(st.output))],
      st.lambda && st.lambda.length ? [h('h3', {}, 'Lambda'), h('ul', {class: 'lambda', id: 'state-lambda'},
        st.lambda.map(l => h('li', {}, h('span', {class: 'mono'}, l.function), ': ', l.summary)))] : null
    ]);
  }

  function historyTable(events) {
    const rows = events.map(e => {
      const detailsKey = Object.keys(e).find(k => k.endsWith('EventDetails'));
      const details = detailsKey ? JSON.stringify(e[detailsKey], null, 2) : '';
      return h('tr', {class: /Failed|TimedOut|Aborted/.test(e.type) ? 'bad' : null},
        h('td', {class: 'num'}, String(e.id)),
        h('td', {}, e.type),
        h('td', {}, e.state || ''),
        h('td', {class: 'num'}, e.elapsedMs + ' ms'),
        h('td', {class: 'details'}, details ? h('details', {}, h('summary', {}, truncate(details.replace(/\s+/g, ' '), 80)),
          h('pre', {class: 'code'}, details)) : ''));
    });
    return h('section', {class: 'panel', 'aria-labelledby': 'history-h'},
      h('h2', {id: 'history-h'}, 'Event history (' + events.length + ' events)'),
      h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'history'},
        h('thead', {}, h('tr', {}, ['ID', 'Type', 'State', 'Elapsed', 'Details'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows))));
  }

  // ---------------------------------------------------------------------------------------------- graph

  function outcomeLegend() {
    return h('ul', {class: 'legend', 'aria-label': 'Outcome colours'},
      Object.entries(OUTCOMES).map(([k, v]) => h('li', {class: 'o-' + k}, h('span', {class: 'swatch s-' + k}), v[1] + ' ' + v[0])));
  }

  function edgeLegend() {
    return h('ul', {class: 'legend', 'aria-label': 'Edge kinds'},
      h('li', {}, h('span', {class: 'line l-next'}), 'Next'),
      h('li', {}, h('span', {class: 'line l-choice'}), 'Choice rule'),
      h('li', {}, h('span', {class: 'line l-default'}), 'Default'),
      h('li', {}, h('span', {class: 'line l-catch'}), 'Catch'),
      h('li', {}, '↻ Retry'));
  }

  /** Draws a laid-out graph as SVG; with statuses, states are coloured by outcome and selectable. */
  function drawGraph(graph, statuses, onSelect) {
    const margin = 12;
    const w = graph.width + 2 * margin;
    const hgt = graph.height + 2 * margin;
    const svg = s('svg', {class: 'graph', viewBox: (-margin) + ' ' + (-margin) + ' ' + w + ' ' + hgt, width: w, height: hgt,
      role: 'group', 'aria-label': 'State machine graph', id: 'graph'});
    const defs = s('defs', {});
    for (const kind of ['next', 'choice', 'default', 'catch']) {
      defs.appendChild(s('marker', {id: 'arrow-' + kind, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
        orient: 'auto-start-reverse', class: 'arrow arrow-' + kind}, s('path', {d: 'M0,0 L10,5 L0,10 z'})));
    }
    svg.appendChild(defs);
    const nodeLayer = s('g', {class: 'nodes'});
    const edgeLayer = s('g', {class: 'edges'});
    const labelLayer = s('g', {class: 'labels'});
    const byName = new Map();
    for (const n of graph.nodes) {
      const status = statuses && n.kind === 'state' ? (statuses[n.name] || {status: 'not-run'}) : null;
      nodeLayer.appendChild(drawNode(n, status, onSelect, byName));
    }
    for (const e of graph.edges) {
      const p = e.points;
      let d = 'M' + p[0][0] + ',' + p[0][1];
      for (let i = 1; i < p.length; i++) {
        const [x0, y0] = p[i - 1];
        const [x1, y1] = p[i];
        if (x0 === x1 || y0 === y1) d += ' L' + x1 + ',' + y1;
        else {
          const my = (y0 + y1) / 2;
          d += ' C' + x0 + ',' + my + ' ' + x1 + ',' + my + ' ' + x1 + ',' + y1;
        }
      }
      const path = s('path', {d: d, class: 'edge e-' + e.kind + (e.back ? ' back' : ''), 'marker-end': 'url(#arrow-' + e.kind + ')',
        'data-from': e.from, 'data-to': e.to, 'data-kind': e.kind});
      if (e.label) path.appendChild(s('title', {}, e.label));
      edgeLayer.appendChild(path);
      if (e.label) labelLayer.appendChild(drawLabel(e));
    }
    svg.append(nodeLayer, edgeLayer, labelLayer);
    return {
      svg: svg,
      select: name => {
        for (const [k, g] of byName) {
          g.classList.toggle('selected', k === name);
          g.setAttribute('aria-pressed', k === name ? 'true' : 'false');
        }
      }
    };
  }

  function drawLabel(e) {
    const [x0, y0] = e.points[0];
    const [x1, y1] = e.points[1];
    const t = 0.6;
    const my = (y0 + y1) / 2;
    // The point at t on the cubic (x0,y0) (x0,my) (x1,my) (x1,y1) drawn for the first segment.
    const u = 1 - t;
    const x = u * u * u * x0 + 3 * u * u * t * x0 + 3 * u * t * t * x1 + t * t * t * x1;
    const y = u * u * u * y0 + 3 * u * u * t * my + 3 * u * t * t * my + t * t * t * y1;
    const text = truncate(e.label, 34);
    const width = text.length * 6.3 + 10;
    return s('g', {class: 'label l-' + e.kind, 'data-from': e.from, 'data-to': e.to},
      s('title', {}, (e.kind === 'catch' ? 'Catch: ' : e.kind === 'default' ? '' : 'Condition: ') + e.label),
      s('rect', {x: x - width / 2, y: y - 9, width: width, height: 18, rx: 4}),
      s('text', {x: x, y: y + 4, 'text-anchor': 'middle'}, text));
  }

  function drawNode(n, status, onSelect, byName) {
    const outcome = status ? status.status : null;
    const cls = ['node', 'k-' + n.kind, n.container ? 'container' : '', outcome ? 'st-' + outcome : ''].join(' ').trim();
    const g = s('g', {class: cls, 'data-id': n.id, 'data-kind': n.kind});
    if (n.kind === 'start' || n.kind === 'end') {
      g.append(s('rect', {x: n.x, y: n.y, width: n.w, height: n.h, rx: n.h / 2}),
        s('text', {x: n.x + n.w / 2, y: n.y + n.h / 2 + 4, 'text-anchor': 'middle'}, n.name));
      return g;
    }
    if (n.kind === 'branch') {
      g.append(s('title', {}, n.name), s('rect', {x: n.x, y: n.y, width: n.w, height: n.h, rx: 6}));
      return g;
    }
    const rect = s('rect', {x: n.x, y: n.y, width: n.w, height: n.h, rx: 8, class: 'box'});
    const title = [n.name + ' (' + n.type + ')'];
    g.appendChild(rect);
    const chars = Math.floor((n.w - 40) / 8);
    let showError = false;
    if (n.container) {
      g.append(s('text', {x: n.x + 12, y: n.y + 21, class: 'name'}, truncate(n.name, chars)),
        s('text', {x: n.x + n.w - 30, y: n.y + 21, class: 'type', 'text-anchor': 'end'}, n.type));
    } else {
      g.append(s('text', {x: n.x + 12, y: n.y + 21, class: 'name'}, truncate(n.name, chars)));
      let second = n.type;
      showError = !!(status && status.error && (outcome === 'failed' || outcome === 'caught'));
      const room = Math.floor((n.w - (n.retry && !showError ? 90 : 24)) / (showError ? 6.8 : 6.2));
      if (showError) {
        // The error name; a long qualified class name shortened to its simple name (the full one in the panel).
        second = status.error.length > room ? status.error.slice(status.error.lastIndexOf('.') + 1) : status.error;
      }
      g.appendChild(s('text', {x: n.x + 12, y: n.y + 40, class: showError ? 'type err' : 'type'}, truncate(second, room)));
    }
    if (n.retry) {
      // On the type line; where the state's error takes that line, the Retry stays in the title and the panel.
      const by = n.container ? n.y + 21 : n.y + 40;
      const bx = n.container ? n.x + n.w - 30 - n.type.length * 7 - 10 : n.x + n.w - 10;
      if (!showError) g.appendChild(s('text', {x: bx, y: by, class: 'retry', 'text-anchor': 'end'}, n.retry));
      title.push(n.retryTitle);
    }
    if (outcome) {
      const o = OUTCOMES[outcome] || [outcome, ''];
      g.setAttribute('data-state', n.name);
      g.setAttribute('data-status', outcome);
      if (status.error) g.setAttribute('data-error', status.error);
      g.appendChild(s('text', {x: n.x + n.w - 10, y: n.y + 21, class: 'mark', 'text-anchor': 'end'}, o[1]));
      title.push(o[0] + (status.error ? ': ' + status.error : ''));
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-pressed', 'false');
      g.setAttribute('aria-label', n.name + ', ' + n.type + ', ' + o[0] + (status.error ? ', error ' + status.error : ''));
      g.addEventListener('click', () => onSelect(n.name));
      g.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(n.name);
        }
      });
      byName.set(n.name, g);
    } else {
      g.setAttribute('data-state', n.name);
    }
    g.insertBefore(s('title', {}, title.join('\n')), g.firstChild);
    return g;
  }

  // ---------------------------------------------------------------------------------------------- start

  document.getElementById('skip').addEventListener('click', e => {
    e.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', route);
  route();
})();
